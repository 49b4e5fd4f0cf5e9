import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/main/ids.ts';

describe('uuidv7', () => {
  it('is a version 7, variant 10 UUID carrying the millisecond', () => {
    const at = Date.UTC(2026, 10, 21, 12, 0, 0);
    const id = uuidv7(at + 10_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 10_000);
  });

  it('sorts in creation order and never repeats, even within one millisecond', () => {
    const now = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
