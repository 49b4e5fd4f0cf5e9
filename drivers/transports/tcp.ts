import net from 'node:net';
import { DriverError } from '../errors.ts';
import { Listeners } from './transport.ts';
import type { Transport } from './transport.ts';

export interface TcpTransportOptions {
  port: number;
  host?: string;
  connectTimeoutMs?: number;
}

function wrapSocket(label: string, connect: () => net.Socket, connectTimeoutMs: number): Transport {
  const data = new Listeners<Uint8Array>();
  const disconnect = new Listeners<DriverError>();
  let socket: net.Socket | undefined;
  let closing = false;

  const attach = (s: net.Socket): void => {
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) =>
      data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
    s.on('error', () => undefined);
    s.on('close', () => {
      if (socket === s) socket = undefined;
      if (!closing) disconnect.emit(new DriverError('device.disconnectedMidRead', `${label} closed by peer`));
    });
  };

  return {
    label,
    async open() {
      closing = false;
      const s = connect();
      if (s.readyState !== 'open') {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            s.destroy();
            reject(new DriverError('device.timeout', `${label}: connect timed out`));
          }, connectTimeoutMs);
          s.once('connect', () => {
            clearTimeout(timer);
            resolve();
          });
          s.once('error', (error: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            reject(
              new DriverError(
                error.code === 'ECONNREFUSED' ? 'device.notFound' : 'device.unplugRetry',
                `${label}: ${error.message}`,
                { cause: error },
              ),
            );
          });
        });
      }
      socket = s;
      attach(s);
    },
    async write(bytes) {
      const s = socket;
      if (!s) throw new DriverError('device.disconnectedMidRead', `${label} is not connected`);
      await new Promise<void>((resolve, reject) => {
        s.write(bytes, (error) =>
          error
            ? reject(
                new DriverError('device.disconnectedMidRead', `${label}: write failed`, { cause: error }),
              )
            : resolve(),
        );
      });
    },
    onData: (listener) => data.add(listener),
    onDisconnect: (listener) => disconnect.add(listener),
    async close() {
      const s = socket;
      closing = true;
      socket = undefined;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        s.destroySoon();
      });
    },
  };
}

/** Connects to a simulator (or a network-attached dock). Loopback unless told otherwise. */
export function createTcpTransport(options: TcpTransportOptions): Transport {
  const host = options.host ?? '127.0.0.1';
  return wrapSocket(
    `tcp:${host}:${options.port}`,
    () => net.connect({ host, port: options.port }),
    options.connectTimeoutMs ?? 5000,
  );
}

export interface TcpListener {
  /** The bound port (useful when 0 was asked for). */
  port: number;
  close(): Promise<void>;
}

/**
 * Accepts connections on 127.0.0.1 and hands each over as an already-connected Transport
 * (whose open() resolves at once). Used by the simulator's "virtual dock on TCP".
 */
export async function listenTcp(
  options: { port: number; host?: string },
  onConnection: (transport: Transport) => void,
): Promise<TcpListener> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnection(
      wrapSocket(`tcp:${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, () => socket, 0),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
