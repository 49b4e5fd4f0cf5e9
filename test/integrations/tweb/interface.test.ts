// docs/integrations/tweb.md is the contract: the stub reads its tables, and here the client's
// schemas (calls.ts) are held to the same tables, field by field, so the document cannot say one
// thing while the client sends another. And the stub can fail: a client made to send a field the
// document does not have — a publicity class, a renamed field, a bad hash, no idempotency key — is
// refused and recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpsRequest } from '../../../integrations/http/request.ts';
import {
  INTERFACE_DOC,
  readInterface,
  validateFields,
  type FieldSpec,
  type FieldType,
} from '../../../integrations/tweb/doc-spec.ts';
import {
  calls,
  errorAnswer,
  planFiling,
  twebSettings,
  type CallName,
} from '../../../integrations/tweb/index.ts';
import { deviation, expectViolations, monthlyBasis, notice, world } from './world.ts';

const spec = readInterface();

const word = (t: FieldType): string =>
  t.kind === 'text'
    ? `text ≤ ${t.max}`
    : t.kind === 'enum'
      ? `one of ${t.values.join('|')}`
      : t.kind === 'list'
        ? `list of ${word(t.of)}`
        : t.kind;
const fromDoc = (fields: FieldSpec[]) =>
  fields.map((f) => ({ path: f.path, type: word(f.type), required: f.required }));

function zodWord(s: z.ZodType): string {
  if (s.description) return s.description;
  if (s instanceof z.ZodObject) return 'object';
  if (s instanceof z.ZodArray) return `list of ${zodWord(s.element as z.ZodType)}`;
  if (s instanceof z.ZodEnum) return `one of ${(s.options as string[]).join('|')}`;
  if (s instanceof z.ZodString) return `text ≤ ${s.maxLength}`;
  throw new Error(`no type word for ${s.constructor.name}`);
}

function fromZod(schema: z.ZodObject, prefix = ''): { path: string; type: string; required: boolean }[] {
  return Object.entries(schema.shape).flatMap(([name, field]) => {
    let s = field as z.ZodType;
    const required = !(s instanceof z.ZodOptional);
    if (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
    const path = `${prefix}${name}`;
    const here = { path, type: zodWord(s), required };
    if (s instanceof z.ZodObject) return [here, ...fromZod(s, `${path}.`)];
    if (s instanceof z.ZodArray && s.element instanceof z.ZodObject)
      return [here, ...fromZod(s.element, `${path}[].`)];
    return [here];
  });
}

describe('docs/integrations/tweb.md and calls.ts name the same interface', () => {
  it('has the same calls, methods and paths', () => {
    expect(spec.calls.map((c) => [c.name, c.method, c.path])).toEqual(
      Object.entries(calls).map(([name, c]) => [name, c.method, c.path]),
    );
  });

  for (const name of Object.keys(calls) as CallName[]) {
    it(`${name}: the request's and the answer's fields, types and what is required`, () => {
      const c = calls[name];
      const doc = spec.calls.find((d) => d.name === name)!;
      if (c.request === null) expect(doc.request).toBeNull();
      else expect(fromDoc(doc.request ?? [])).toEqual(fromZod(c.request));
      expect([...doc.answers.keys()]).toEqual([String(c.status)]);
      expect(fromDoc(doc.answers.get(String(c.status))!)).toEqual(fromZod(c.answer));
    });
  }

  it('the error body', () => {
    expect(fromDoc(spec.error)).toEqual(fromZod(errorAnswer));
  });

  it('the settings example parses as settings', () => {
    const text = readFileSync(INTERFACE_DOC, 'utf8');
    const example = /## Settings per municipality[\s\S]*?```json\n([\s\S]*?)```/.exec(text)![1]!;
    const parsed = twebSettings.safeParse(JSON.parse(example));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('the encoder’s bodies for every use pass the document’s tables, before any server sees them', async () => {
    const { settings } = await world();
    const tables = (name: CallName) => spec.calls.find((c) => c.name === name)!.request!;
    for (const tx of [deviation(), monthlyBasis(), notice()]) {
      const planned = planFiling(settings, tx);
      if (!planned.ok) throw new Error(planned.outcome.code);
      const { plan } = planned;
      if (plan.createCase) expect(validateFields(tables('createCase'), plan.createCase.body)).toEqual([]);
      for (const d of plan.documents) expect(validateFields(tables('addDocument'), d.body)).toEqual([]);
      for (const refs of [
        { caseId: 'case-1', documentIds: ['doc-1'] },
        { caseId: null, documentIds: [] },
      ])
        if (plan.assignment)
          expect(validateFields(tables('createAssignment'), plan.assignment.body(refs))).toEqual([]);
    }
  });
});

describe('the document’s validator', () => {
  const fields = spec.calls.find((c) => c.name === 'createAssignment')!.request!;
  const good = {
    title: 'T',
    language: 'fi',
    sender: { name: 'P' },
    files: [{ name: 'a.pdf', mediaType: 'application/pdf', content: 'JVBERi0=', sha256: 'a'.repeat(64) }],
    assignees: { users: [], groups: ['g'] },
    externalId: 'caredock:x:assignment',
  };
  it('passes a body in the table and names each thing wrong with one that is not', () => {
    expect(validateFields(fields, good)).toEqual([]);
    expect(
      validateFields(fields, {
        ...good,
        language: 'en',
        publicityClass: 'Julkinen',
        sender: {},
        files: [{ ...good.files[0], sha256: 'nope', extra: 1 }],
        assignees: { users: [7], groups: [] },
        externalId: undefined,
        dueDate: '4.3.2026',
      }),
    ).toEqual([
      'publicityClass is not in the interface',
      'language is not one of fi, sv',
      'sender.name is missing',
      'files[0].extra is not in the interface',
      'files[0].sha256 is not a sha256',
      'assignees.users[0] is not a string',
      'dueDate is not a date',
      'externalId is missing',
    ]);
  });
});

describe('the stub refuses what the document does not allow', () => {
  it('a publicity class added to the case: 422, refused for good, and recorded as a violation', async () => {
    const { fake, client } = await world({
      client: {
        mapping: {
          request: (call, body) => (call === 'createCase' ? { ...body, publicityClass: 'Julkinen' } : body),
        },
      },
    });
    expectViolations(fake);
    const r = await client.file(deviation());
    expect(r).toMatchObject({
      status: 'permanent',
      code: 'tweb.rejected',
      params: { reference: '422 validationFailed (publicityClass)' },
    });
    expect(fake.violations.map((v) => v.error)).toEqual(['publicityClass is not in the interface']);
    expect(fake.cases).toHaveLength(1);
  });

  it('a renamed field, and a file whose hash is not its content', async () => {
    const { fake, client } = await world({
      client: {
        mapping: {
          request: (call, body) => {
            if (call === 'createCase') {
              const { title, ...rest } = body;
              return { ...rest, nimeke: title };
            }
            if (call === 'addDocument')
              return { ...body, file: { ...(body.file as object), sha256: '0'.repeat(64) } };
            return body;
          },
        },
      },
    });
    expectViolations(fake);
    expect((await client.file(deviation())).status).toBe('permanent');
    expect((await client.file(monthlyBasis())).status).toBe('permanent');
    expect(fake.violations.map((v) => v.error)).toEqual([
      'nimeke is not in the interface; title is missing',
      'file.sha256 is not the hash of the content',
    ]);
  });

  it('a POST without an idempotency key, a path not in the document, and no credentials', async () => {
    const { fake, client } = await world();
    expectViolations(fake);
    await client.file(monthlyBasis()); // a token to call with
    const token = await (async () => {
      const a = await httpsRequest({
        url: fake.tokenUrl,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${fake.oauth.clientId}:${fake.oauth.clientSecret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials',
        ca: fake.ca,
        timeoutMs: 5000,
      });
      return a.ok ? (JSON.parse(a.body) as { access_token: string }).access_token : '';
    })();
    const call = (path: string, headers: Record<string, string>, method: 'GET' | 'POST' = 'POST') =>
      httpsRequest({
        url: `${fake.url}${path}`,
        method,
        headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
        ...(method === 'POST' ? { body: '{}' } : {}),
        ca: fake.ca,
        timeoutMs: 5000,
      }).then((a) => (a.ok ? a.status : 0));
    expect(await call('/cases', { authorization: `Bearer ${token}` })).toBe(400);
    expect(await call('/cases/TWEB-2024-000812', { authorization: `Bearer ${token}` }, 'GET')).toBe(400);
    expect(await call('/assignments', {})).toBe(401);
    expect(fake.violations.map((v) => v.error)).toEqual([
      'no Idempotency-Key of 1–255 visible ASCII characters',
      'GET /api/caredock/v1/cases/TWEB-2024-000812 is not in the interface',
      'no Authorization: Bearer header',
    ]);
  });
});
