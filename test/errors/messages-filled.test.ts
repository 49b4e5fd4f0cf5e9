// Every message a person can see — the shared catalogue (src/shared/errors) and the renderer's
// tables (src/renderer/lib/messages*) — rendered with the parameters its callers pass, in sv, fi
// and en: none may show a raw `{placeholder}`.
//
// The callers are found in the source (src/, drivers/, integrations/) by their shape, parsed with Svelte's
// parser (it reads TypeScript too):
//  - t(K, P), errorText(K, P), formatMessage(K, P, …), new CareDockError(K, P), notifyError(K, P),
//    notifyUi(level, K, P), any other f(K, { … }), and object literals { code: K, params: P };
//  - in drivers/, any call with a driver error code: those reach the screen through the core's
//    errorBodyOf, which adds DRIVER_ERROR_PARAMS (and the DriverError's `detail`) to every one;
//  - a key written anywhere else (a label map, a form's error state) is rendered by a call with a
//    computed key in the same file, so it gets the parameters those calls pass and those the file
//    builds into an object named `params`; a driver error code gets DRIVER_ERROR_PARAMS.
// K may be a literal, a ?: of literals, or a prefix (`docking.state.${s}`, 'deviation.' + kind);
// P an object literal, an identifier built as one in that file, or nothing ({}). A caller whose
// P cannot be read this way (a spread, a function's result) is listed and must stay so.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { DRIVER_ERROR_CODES } from '../../drivers/errors.ts';
import { DRIVER_ERROR_PARAMS } from '../../src/main/docking/read-pen.ts';
import { messages } from '../../src/renderer/lib/messages/index.ts';
import { catalogue, formatMessage, languages, type Message } from '../../src/shared/errors/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tables: Record<string, Message> = { ...catalogue, ...messages };
const keys = Object.keys(tables);
const isKey = (value: unknown): value is string => typeof value === 'string' && Object.hasOwn(tables, value);
const driverCodes: ReadonlySet<string> = new Set(DRIVER_ERROR_CODES);

interface Node {
  type: string;
  start: number;
  [field: string]: unknown;
}
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (isNode(node)) visit(node);
  for (const [field, value] of Object.entries(node)) {
    if (field !== 'parent' && field !== 'loc' && typeof value === 'object') walk(value, visit);
  }
}

function child(node: Node, field: string): Node | undefined {
  const value = node[field];
  return isNode(value) ? value : undefined;
}

function nodes(node: Node, field: string): Node[] {
  const value = node[field];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function nameOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') return node.name as string;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
}

/** The keys an expression can name: exact (literals) or by prefix (computed tails). */
function keysOf(expr: Node | undefined): { exact: string[]; byPrefix: string[] } | null {
  if (!expr) return null;
  switch (expr.type) {
    case 'Literal':
      return isKey(expr.value) ? { exact: [expr.value], byPrefix: [] } : null;
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
      return keysOf(child(expr, 'expression'));
    case 'ConditionalExpression': {
      const a = keysOf(child(expr, 'consequent'));
      const b = keysOf(child(expr, 'alternate'));
      if (!a || !b) return null;
      return { exact: [...a.exact, ...b.exact], byPrefix: [...a.byPrefix, ...b.byPrefix] };
    }
    case 'TemplateLiteral': {
      const first = nodes(expr, 'quasis')[0]?.value as { cooked?: string } | undefined;
      const prefix = first?.cooked ?? '';
      const matched = prefix.includes('.') ? keys.filter((k) => k.startsWith(prefix)) : [];
      return matched.length > 0 ? { exact: [], byPrefix: matched } : null;
    }
    case 'BinaryExpression': {
      const left = child(expr, 'left');
      if (expr.operator !== '+' || left?.type !== 'Literal' || typeof left.value !== 'string') return null;
      const prefix = left.value;
      const matched = keys.filter((k) => k.startsWith(prefix));
      return matched.length > 0 ? { exact: [], byPrefix: matched } : null;
    }
    default:
      return null;
  }
}

interface Caller {
  file: string;
  line: number;
  /** null: the parameters are computed in a way this test cannot read. */
  params: string[] | null;
  exact: boolean;
}

interface FileScan {
  callers: Map<string, Caller[]>;
  /** Keys written outside a caller, and the parameters of the file's computed-key calls. */
  loose: Set<string>;
  computedParams: Set<string>;
}

function scanFile(file: string): FileScan {
  const text = readFileSync(path.join(root, file), 'utf8');
  const ast = parse(file.endsWith('.svelte') ? text : `<script lang="ts">${text}</script>`, { modern: true });
  const offset = file.endsWith('.svelte') ? 0 : '<script lang="ts">'.length;
  const lineOf = (at: number) => text.slice(0, Math.max(0, at - offset)).split('\n').length;

  // Identifiers built as object literals in this file: `const params = {}; params.x = …`.
  const built = new Map<string, Set<string>>();
  const add = (name: string, field: string) => {
    const set = built.get(name) ?? new Set<string>();
    set.add(field);
    built.set(name, set);
  };
  walk(ast, (node) => {
    if (node.type === 'VariableDeclarator') {
      const id = nameOf(child(node, 'id'));
      const init = child(node, 'init');
      if (id && init?.type === 'ObjectExpression')
        for (const p of nodes(init, 'properties')) {
          const field = nameOf(child(p, 'key'));
          if (field) add(id, field);
        }
    }
    if (node.type === 'AssignmentExpression') {
      const left = child(node, 'left');
      const object = left?.type === 'MemberExpression' ? nameOf(child(left, 'object')) : undefined;
      const field = left?.type === 'MemberExpression' ? nameOf(child(left, 'property')) : undefined;
      if (object && field && left?.computed !== true) add(object, field);
    }
  });

  const paramsOf = (expr: Node | undefined): string[] | null => {
    if (!expr) return [];
    if (expr.type === 'TSAsExpression' || expr.type === 'TSSatisfiesExpression')
      return paramsOf(child(expr, 'expression'));
    if (expr.type === 'ObjectExpression') {
      const out: string[] = [];
      for (const p of nodes(expr, 'properties')) {
        if (p.type === 'SpreadElement') {
          const spread = paramsOf(child(p, 'argument'));
          if (spread === null) return null;
          out.push(...spread);
          continue;
        }
        const field = nameOf(child(p, 'key'));
        if (!field) return null;
        out.push(field);
      }
      return out;
    }
    // `stored ?? { channel }`: the literal on the right is the shape the caller builds itself.
    if (expr.type === 'LogicalExpression')
      return paramsOf(child(expr, 'right')) ?? paramsOf(child(expr, 'left'));
    if (expr.type === 'Identifier') {
      const fields = built.get(expr.name as string);
      return fields ? [...fields] : null;
    }
    return null;
  };

  const scan: FileScan = { callers: new Map(), loose: new Set(), computedParams: new Set() };
  const inCaller = new Set<Node>();
  const record = (keyExpr: Node | undefined, params: string[] | null, at: number): void => {
    const named = keysOf(keyExpr);
    if (!named) {
      for (const p of params ?? []) scan.computedParams.add(p);
      return;
    }
    if (keyExpr) walk(keyExpr, (n) => inCaller.add(n));
    const line = lineOf(at);
    for (const [list, exact] of [
      [named.exact, true],
      [named.byPrefix, false],
    ] as const) {
      for (const key of list) {
        const all = scan.callers.get(key) ?? [];
        all.push({ file, line, params, exact });
        scan.callers.set(key, all);
      }
    }
  };

  walk(ast, (node) => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = child(node, 'callee');
      const args = nodes(node, 'arguments');
      const fn = callee?.type === 'MemberExpression' ? nameOf(child(callee, 'property')) : nameOf(callee);
      switch (fn) {
        case 't':
        case 'errorText':
        case 'formatMessage':
        case 'CareDockError':
        case 'notifyError':
          if (callee?.type === 'Identifier') record(args[0], paramsOf(args[1]), node.start);
          return;
        case 'notifyUi':
          record(args[1], paramsOf(args[2]), node.start);
          return;
      }
      // Any other helper called as f(K, { … }) passes its parameters the same way.
      const [first, second] = args;
      if (first?.type === 'Literal' && isKey(first.value) && second?.type === 'ObjectExpression') {
        record(first, paramsOf(second), node.start);
        return;
      }
      // drivers/: a driver error code handed to any call becomes a DriverError the core shows.
      if (file.startsWith('drivers/')) {
        const codeArg = args.find((a) => a.type === 'Literal' && driverCodes.has(a.value as string));
        if (codeArg) {
          // new DriverError(code, message, { detail }), or a helper's (code, message, detail).
          const object = args.find((a) => a.type === 'ObjectExpression');
          const detail =
            fn === 'DriverError' && object
              ? child(
                  nodes(object, 'properties').find((p) => nameOf(child(p, 'key')) === 'detail') ?? object,
                  'value',
                )
              : object;
          const fromDetail = detail ? paramsOf(detail) : [];
          record(codeArg, [...DRIVER_ERROR_PARAMS, ...(fromDetail ?? [])], node.start);
        }
      }
    }
    if (node.type === 'ObjectExpression') {
      const props = nodes(node, 'properties');
      const code = props.find((p) => nameOf(child(p, 'key')) === 'code');
      const params = props.find((p) => nameOf(child(p, 'key')) === 'params');
      if (code && params) record(child(code, 'value'), paramsOf(child(params, 'value')), node.start);
    }
  });
  walk(ast, (node) => {
    if (node.type === 'Literal' && isKey(node.value) && !inCaller.has(node)) scan.loose.add(node.value);
  });
  for (const field of built.get('params') ?? []) scan.computedParams.add(field);
  return scan;
}

const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /^(src|drivers|integrations)\/.*\.(ts|svelte)$/.test(f))
  .filter((f) => !f.startsWith('src/shared/errors/') && !/^src\/renderer\/lib\/messages/.test(f))
  .filter((f) => !f.endsWith('.test.ts'));

const callers = new Map<string, Caller[]>();
const unreadable: string[] = [];
for (const file of sources) {
  const scan = scanFile(file);
  for (const [key, list] of scan.callers) callers.set(key, [...(callers.get(key) ?? []), ...list]);
  for (const key of scan.loose) {
    const list = callers.get(key) ?? [];
    const params = file.startsWith('drivers/') && driverCodes.has(key) ? DRIVER_ERROR_PARAMS : [];
    list.push({ file, line: 0, params: [...params, ...scan.computedParams], exact: false });
    callers.set(key, list);
  }
  for (const [key, list] of scan.callers)
    for (const c of list) if (c.params === null) unreadable.push(`${key} at ${c.file}:${c.line}`);
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
const sample = (names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, `‹${n}›`]));
/** Fills a renderer or catalogue message the way i18n.t and formatMessage do. */
function render(key: string, params: Record<string, string>, lang: (typeof languages)[number]): string {
  if (Object.hasOwn(catalogue, key)) return formatMessage(key, params, lang);
  const text = tables[key]?.[lang] ?? '';
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

describe('every message shown to a person', () => {
  it('names the same placeholders in Swedish, Finnish and English', () => {
    const differ = keys.filter((key) => {
      const [sv, fi, en] = languages.map((lang) => placeholders(tables[key]![lang]).sort().join(','));
      return sv !== fi || sv !== en;
    });
    expect(differ).toEqual([]);
  });

  it('has a caller (a message nobody shows is a message nobody checks)', () => {
    expect(keys.filter((key) => !callers.has(key))).toEqual([]);
  });

  it('is filled by every caller that names it, in all three languages', () => {
    const leftovers: string[] = [];
    for (const key of keys) {
      const list = (callers.get(key) ?? []).filter((c) => c.params !== null);
      const checks: { where: string; params: string[] }[] = list
        .filter((c) => c.exact)
        .map((c) => ({ where: `${c.file}:${c.line}`, params: c.params ?? [] }));
      // Computed keys: the message must be filled by what at least one such caller passes.
      const computed = list.filter((c) => !c.exact);
      if (computed.length > 0 && checks.length === 0)
        checks.push({
          where: computed.map((c) => c.file).join(', '),
          params: [...new Set(computed.flatMap((c) => c.params ?? []))],
        });
      for (const check of checks)
        for (const lang of languages) {
          const text = render(key, sample(check.params), lang);
          const left = placeholders(text);
          if (left.length > 0) leftovers.push(`${key} (${lang}) from ${check.where}: {${left.join('}, {')}}`);
        }
    }
    expect(leftovers).toEqual([]);
  });

  it('reads the parameters of nearly every caller (the rest are listed here on purpose)', () => {
    expect(unreadable.sort()).toEqual([]);
  });
});
