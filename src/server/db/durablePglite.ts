// Embedded PGlite made durable. Out of the box PGlite starts PostgreSQL with fsync off (-F), and
// its Node file system (Emscripten's NODEFS) has no fsync at all: a commit is acknowledged while
// its WAL sits in the operating system's page cache, and a power cut can take it. Three changes
// make every commit's WAL reach the disk before the answer:
// - start without -F (fsync on);
// - wal_sync_method=fsync: the WASM build's fdatasync() is a no-op, its fsync() goes through the
//   file system's stream_ops.fsync;
// - give NODEFS a stream_ops.fsync that calls fs.fsyncSync on the real file descriptor.
// The hook counts the WAL flushes it makes, so the server can prove at start that a commit
// really flushed (a later PGlite could rename what is patched here; then the server says it is
// not durable instead of assuming).
import { fsyncSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

type NodeFsInit = Awaited<ReturnType<NodeFS['init']>>;

interface EmscriptenStream {
  nfd?: number;
  node: unknown;
}

interface NodeFsInternals {
  stream_ops: Record<string, unknown>;
  realPath(node: unknown): string;
}

function nodeFsInternals(value: unknown): NodeFsInternals | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('stream_ops' in value) || typeof value.stream_ops !== 'object' || value.stream_ops === null)
    return null;
  if (!('realPath' in value) || typeof value.realPath !== 'function') return null;
  return value as NodeFsInternals;
}

export interface FlushCounts {
  /** fsync calls on files under pg_wal/ that reached the disk. */
  wal: number;
  /** fsync calls on everything else (data files at checkpoints, directories). */
  other: number;
  /** false when this PGlite's file system could not be given an fsync. */
  installed: boolean;
}

class DurableNodeFS extends NodeFS {
  readonly flushes: FlushCounts = { wal: 0, other: 0, installed: false };

  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]): Promise<NodeFsInit> {
    const r = await super.init(pg, opts);
    const flushes = this.flushes;
    const walDir = `${path.sep}pg_wal${path.sep}`;
    r.emscriptenOpts.preRun = [
      ...(r.emscriptenOpts.preRun ?? []),
      (mod) => {
        const nodefs = nodeFsInternals(mod.NODEFS);
        if (!nodefs) return;
        nodefs.stream_ops['fsync'] = (stream: EmscriptenStream): number => {
          if (stream.nfd === undefined) return 0;
          fsyncSync(stream.nfd);
          if (nodefs.realPath(stream.node).includes(walDir)) flushes.wal++;
          else flushes.other++;
          return 0;
        };
        flushes.installed = true;
      },
    ];
    return r;
  }
}

export interface OpenedPglite {
  client: PGlite;
  /** Null for in-memory and non-durable instances. */
  flushes: FlushCounts | null;
}

/**
 * PGlite on a directory. `durable: false` is the old behaviour (no fsync), kept only so the
 * benchmark can measure what durability costs.
 */
export async function openPgliteDirectory(dataDir: string, durable: boolean): Promise<OpenedPglite> {
  if (!durable) {
    const client = new PGlite(dataDir);
    await client.waitReady;
    return { client, flushes: null };
  }
  const fs = new DurableNodeFS(dataDir);
  const options: PGliteOptions = {
    dataDir,
    fs,
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'],
  };
  const client = new PGlite(options);
  await client.waitReady;
  return { client, flushes: fs.flushes };
}
