// The TWeb interface as docs/integrations/tweb.md writes it: the call markers and field tables
// read into routes and field specs, and a validator over them. The stub TWeb (fake.ts) checks every
// request with this, so a test fails when the client sends what the document does not allow, and
// test/integrations/tweb checks that calls.ts names the same fields, so the document, the client
// and the stub cannot drift apart unnoticed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const INTERFACE_DOC = path.resolve(import.meta.dirname, '../../docs/integrations/tweb.md');

export type FieldType =
  | { kind: 'text'; max: number }
  | { kind: 'enum'; values: string[] }
  | { kind: 'list'; of: FieldType }
  | {
      kind: 'code' | 'id' | 'date-time' | 'date' | 'business id' | 'base64' | 'sha256' | 'object' | 'answer';
    };

export interface FieldSpec {
  /** Dotted, with `[]` for a list's items: `file.sha256`, `files[].name`. */
  path: string;
  type: FieldType;
  required: boolean;
}

export interface CallSpec {
  name: string;
  method: 'GET' | 'POST';
  /** Relative to the base URL, with `{param}` placeholders. */
  path: string;
  /** null: the call has no body. */
  request: FieldSpec[] | null;
  /** By status ("201", "200"). */
  answers: Map<string, FieldSpec[]>;
}

export interface InterfaceSpec {
  calls: CallSpec[];
  /** The body of every error answer. */
  error: FieldSpec[];
}

const SCALARS = [
  'code',
  'id',
  'date-time',
  'date',
  'business id',
  'base64',
  'sha256',
  'object',
  'answer',
] as const;

function typeOf(cell: string): FieldType {
  const text = /^text ≤ (\d+)$/.exec(cell);
  if (text) return { kind: 'text', max: Number(text[1]) };
  const list = /^list of (.+)$/.exec(cell);
  if (list) return { kind: 'list', of: typeOf(list[1]!) };
  const values = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  if (values.length > 0) return { kind: 'enum', values };
  const scalar = SCALARS.find((s) => s === cell);
  if (scalar) return { kind: scalar };
  throw new Error(`${INTERFACE_DOC}: unknown type “${cell}”`);
}

/** A table row's cells; `\|` is a pipe inside a cell, as GitHub's tables read it. */
const cellsOf = (line: string): string[] =>
  line
    .replace(/\\\|/g, '\u0000')
    .split('|')
    .slice(1, -1)
    .map((c) => c.replace(/\u0000/g, '|').trim());

function tableAfter(lines: string[], at: number): FieldSpec[] | null {
  let i = at + 1;
  if (!lines[i]?.startsWith('|')) return null;
  const out: FieldSpec[] = [];
  for (i += 2; lines[i]?.startsWith('|'); i++) {
    const [field, type, required] = cellsOf(lines[i]!);
    const name = /^`([^`]+)`$/.exec(field ?? '');
    if (!name || type === undefined || (required !== 'yes' && required !== 'no'))
      throw new Error(`${INTERFACE_DOC}:${i + 1}: a field row needs \`name\` | type | yes/no`);
    out.push({ path: name[1]!, type: typeOf(type), required: required === 'yes' });
  }
  return out;
}

let cached: InterfaceSpec | null = null;

export function readInterface(file = INTERFACE_DOC): InterfaceSpec {
  if (cached && file === INTERFACE_DOC) return cached;
  const lines = readFileSync(file, 'utf8').split('\n');
  const calls = new Map<string, CallSpec>();
  let error: FieldSpec[] | null = null;
  lines.forEach((line, at) => {
    const request = /^<!-- tweb:request (\w+) (GET|POST) (\S+) -->$/.exec(line);
    if (request) {
      const [, name, method, route] = request as unknown as [string, string, 'GET' | 'POST', string];
      calls.set(name, { name, method, path: route, request: tableAfter(lines, at), answers: new Map() });
    }
    const answer = /^<!-- tweb:answer (\w+) (\d{3}|4xx) -->$/.exec(line);
    if (answer) {
      const fields = tableAfter(lines, at) ?? [];
      if (answer[1] === 'error') error = fields;
      else {
        const call = calls.get(answer[1]!);
        if (!call) throw new Error(`${INTERFACE_DOC}:${at + 1}: an answer before its request`);
        call.answers.set(answer[2]!, fields);
      }
    }
  });
  if (!error) throw new Error(`${INTERFACE_DOC}: no error table`);
  const spec = { calls: [...calls.values()], error };
  if (file === INTERFACE_DOC) cached = spec;
  return spec;
}

/** The documented call a method and path (relative to the base) are, with its path parameters. */
export function matchRoute(
  spec: InterfaceSpec,
  method: string,
  relative: string,
): { call: CallSpec; params: Record<string, string> } | null {
  for (const call of spec.calls) {
    if (call.method !== method) continue;
    const names: string[] = [];
    const pattern = call.path.replace(/\{(\w+)\}/g, (_w, n: string) => {
      names.push(n);
      return '([^/]+)';
    });
    const m = new RegExp(`^${pattern}$`).exec(relative);
    if (!m) continue;
    try {
      return { call, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
    } catch {
      return null;
    }
  }
  return null;
}

const CODE = /^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,63}$/u;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function scalarError(type: FieldType, v: unknown): string | null {
  if (type.kind === 'object' || type.kind === 'answer')
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'is not an object';
  if (type.kind === 'list') return Array.isArray(v) ? null : 'is not a list';
  if (typeof v !== 'string') return 'is not a string';
  switch (type.kind) {
    case 'text':
      return v.trim() === '' ? 'is empty' : v.length > type.max ? `is over ${type.max} characters` : null;
    case 'enum':
      return type.values.includes(v) ? null : `is not one of ${type.values.join(', ')}`;
    case 'code':
      return CODE.test(v) ? null : 'is not a code';
    case 'id':
      return v.length > 0 && v.length <= 128 && !/\p{Cc}/u.test(v) ? null : 'is not an id';
    case 'date-time':
      return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'is not an RFC 3339 date-time';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'is not a date';
    case 'business id':
      return /^\d{7}-\d$/.test(v) ? null : 'is not a business id';
    case 'base64':
      return BASE64.test(v) ? null : 'is not base64';
    case 'sha256':
      return /^[0-9a-f]{64}$/.test(v) ? null : 'is not a sha256';
  }
}

/** What is wrong with a body against a table: fields not in it, missing, of the wrong type. */
export function validateFields(fields: FieldSpec[], body: unknown): string[] {
  const errors: string[] = [];
  const visit = (parent: string, value: unknown, shown: string) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${shown || 'the body'} is not an object`);
      return;
    }
    const prefix = parent === '' ? '' : `${parent}.`;
    const children = fields.filter((f) => {
      const rest = f.path.slice(prefix.length);
      return f.path.startsWith(prefix) && rest !== '' && !rest.includes('.');
    });
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record))
      if (!children.some((c) => c.path === `${prefix}${key}`))
        errors.push(`${shown ? `${shown}.` : ''}${key} is not in the interface`);
    for (const child of children) {
      const name = child.path.slice(prefix.length);
      const where = `${shown ? `${shown}.` : ''}${name}`;
      const v = record[name];
      if (v === undefined) {
        if (child.required) errors.push(`${where} is missing`);
        continue;
      }
      const wrong = scalarError(child.type, v);
      if (wrong) {
        errors.push(`${where} ${wrong}`);
        continue;
      }
      if (child.type.kind === 'object') visit(child.path, v, where);
      if (child.type.kind === 'list') {
        const of = child.type.of;
        (v as unknown[]).forEach((item, i) => {
          if (of.kind === 'object') visit(`${child.path}[]`, item, `${where}[${i}]`);
          else {
            const bad = scalarError(of, item);
            if (bad) errors.push(`${where}[${i}] ${bad}`);
          }
        });
      }
    }
  };
  visit('', body, '');
  return errors;
}
