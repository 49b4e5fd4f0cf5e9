// Sources and sinks the file-exchange tests share: bytes fed in chosen chunk sizes, a source
// that counts what was taken from it, and the refusal a reader throws as plain data.
import { expect } from 'vitest';
import { CareDockError, type ErrorParams } from '../../../src/shared/errors/index.ts';

export const utf8 = (text: string) => new TextEncoder().encode(text);
export const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** `bytes` in chunks of `size` (the whole at once when omitted). */
export async function* chunks(bytes: Uint8Array, size = bytes.length || 1): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** A source that records how many bytes the reader took before it stopped. */
export function counted(source: AsyncIterable<Uint8Array>): {
  source: AsyncIterable<Uint8Array>;
  taken: () => number;
} {
  let taken = 0;
  return {
    source: {
      async *[Symbol.asyncIterator]() {
        for await (const chunk of source) {
          taken += chunk.length;
          yield chunk;
        }
      },
    },
    taken: () => taken,
  };
}

export async function collect<T>(results: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const result of results) out.push(result);
  return out;
}

/** The CareDockError the reader threw, as `{ code, params }`, and what it yielded before. */
export async function refusal<T>(
  results: AsyncIterable<T>,
): Promise<{ code: string; params: ErrorParams; before: T[] }> {
  const before: T[] = [];
  try {
    for await (const result of results) before.push(result);
  } catch (error) {
    expect(error).toBeInstanceOf(CareDockError);
    const { code, params } = error as CareDockError;
    return { code, params, before };
  }
  throw new Error('the reader did not refuse the file');
}
