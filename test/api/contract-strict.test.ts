// Every object a boundary reads refuses keys it does not know, at every depth: a misspelt or
// smuggled field is an error the sender sees, never silently dropped.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { procedures } from '../../src/shared/api/index.ts';
import { enrolRequestSchema, pushItemSchema, pushRequestSchema } from '../../src/shared/sync/index.ts';
import { afterEach, beforeEach } from 'vitest';
import { failure, ok, startTestCore, withAdmin, type TestCore } from '../helpers/core.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: { _zod: { def: Def } };
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
}

/** Paths of objects that would strip unknown keys instead of refusing them. */
function lenientObjects(schema: z.ZodType, path: string, found: string[] = []): string[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const walk = (s: z.ZodType | undefined, p: string) => s && lenientObjects(s, p, found);
  switch (def.type) {
    case 'object':
      if (def.catchall?._zod.def.type !== 'never') found.push(path || '(root)');
      for (const [key, value] of Object.entries(def.shape ?? {})) walk(value, path ? `${path}.${key}` : key);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      walk(def.innerType, path);
      break;
    case 'array':
      walk(def.element, `${path}[]`);
      break;
    case 'union':
      def.options?.forEach((o, i) => walk(o, `${path}|${i}`));
      break;
    case 'pipe':
      walk(def.in, path);
      walk(def.out, path);
      break;
    case 'record':
      walk(def.valueType, `${path}{}`);
      break;
    case 'intersection':
      walk(def.left, path);
      walk(def.right, path);
      break;
    case 'tuple':
      def.items?.forEach((s, i) => walk(s, `${path}[${i}]`));
      break;
  }
  return found;
}

describe('strict objects at the boundary', () => {
  it('holds for every procedure input of the API contract', () => {
    const lenient = Object.entries(procedures).flatMap(([name, def]) =>
      lenientObjects(def.input as z.ZodType, '').map((p) => `${name}: ${p}`),
    );
    expect(lenient).toEqual([]);
  });

  it('holds for what the central server reads from a workstation', () => {
    const lenient = [
      ...lenientObjects(pushItemSchema, 'push item'),
      ...lenientObjects(pushRequestSchema, 'push request'),
      ...lenientObjects(enrolRequestSchema, 'enrol request'),
    ];
    expect(lenient).toEqual([]);
  });

  it('finds a lenient object when there is one (the walk itself can fail)', async () => {
    const { z } = await import('zod');
    expect(lenientObjects(z.object({ a: z.array(z.object({ b: z.string() })) }).strict(), '')).toEqual([
      'a[]',
    ]);
  });
});

describe('settings.update', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('refuses a billing column with a key it does not know, and keeps the old layout', async () => {
    const admin = t.core.connect();
    await withAdmin(admin);
    const before = await ok(admin, 'settings.get', {});
    const answer = await admin.call('settings.update', {
      billingColumns: [{ key: 'month', header: 'Period', width: 12 }],
    });
    expect(answer).toEqual({
      ok: false,
      error: { code: 'input.unknownField', params: { field: 'billingColumns.0.width' } },
    });
    expect(await ok(admin, 'settings.get', {})).toEqual(before);
    expect(
      await failure(admin, 'corrections.create', {
        correctsId: null,
        reason: 'Glömt',
        changes: { time: { date: '2026-05-12', time: '08:00', zone: 'UTC' }, kind: 'arrive' },
      }),
    ).toBe('input.unknownField');
  });
});
