// A TCP proxy on loopback between workstation and server that drops, delays, truncates and
// resets connections. It connects onward from the same loopback address the client came from,
// so the server's fixed-address check still sees the workstation's address.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type Fault = 'none' | 'drop' | 'delay' | 'truncate' | 'reset';

export interface FaultProxy {
  port: number;
  /** Probability that a new connection gets a (random) fault; 0 turns faults off. */
  setFaultRate(p: number): void;
  /**
   * The network goes away for good once the clients have sent this many more bytes in all:
   * every connection is reset and new ones are refused.
   */
  cutAfterBytes(n: number): void;
  readonly counts: Record<Fault, number>;
  close(): Promise<void>;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(targetPort: number, random: () => number): Promise<FaultProxy> {
  let rate = 0;
  let cutBudget = Infinity;
  let cut = false;
  const counts: Record<Fault, number> = { none: 0, drop: 0, delay: 0, truncate: 0, reset: 0 };
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const kinds: Fault[] = ['drop', 'delay', 'truncate', 'reset'];
    const fault: Fault = random() < rate ? (kinds[Math.floor(random() * kinds.length)] ?? 'none') : 'none';
    counts[fault]++;
    if (fault === 'drop') {
      // Accept and swallow everything: the client's timeout must notice.
      client.on('data', () => undefined);
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort, localAddress: client.remoteAddress });
    track(upstream);
    // Faults strike after a random number of bytes, so they land mid-handshake, mid-request or
    // mid-answer.
    let budget = fault === 'truncate' || fault === 'reset' ? 200 + Math.floor(random() * 40_000) : Infinity;
    const delayMs = fault === 'delay' ? 5 + Math.floor(random() * 40) : 0;
    const strike = (): void => {
      if (fault === 'reset') {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      } else {
        client.end();
        upstream.destroy();
      }
    };
    const pipe = (from: Socket, to: Socket, faulty: boolean): void => {
      from.on('data', (chunk: Buffer) => {
        if (faulty && budget !== Infinity) {
          if (chunk.length >= budget) {
            to.write(chunk.subarray(0, budget));
            budget = 0;
            strike();
            return;
          }
          budget -= chunk.length;
        }
        if (delayMs > 0) {
          from.pause();
          setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
            from.resume();
          }, delayMs);
        } else if (!to.destroyed) to.write(chunk);
      });
      from.on('end', () => to.end());
      from.on('close', () => to.destroy());
    };
    client.on('data', (chunk: Buffer) => {
      if (cut || cutBudget === Infinity) return;
      cutBudget -= chunk.length;
      if (cutBudget > 0) return;
      cut = true;
      for (const sock of sockets) sock.resetAndDestroy();
    });
    pipe(client, upstream, true);
    pipe(upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    counts,
    setFaultRate: (p) => {
      rate = p;
    },
    cutAfterBytes: (n) => {
      cutBudget = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
