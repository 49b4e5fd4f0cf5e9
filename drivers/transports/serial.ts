import { DriverError } from '../errors.ts';
import { mapSerialOpenError } from './serial-errors.ts';
import { Listeners } from './transport.ts';
import type { Transport } from './transport.ts';

export interface SerialTransportOptions {
  path: string;
  /** 115200 for pen docks, 9600 for EM4100 readers. Always 8N1. */
  baudRate?: number;
}

type SerialPortModule = typeof import('serialport');
let serialportModule: Promise<SerialPortModule> | undefined;

/** Loaded on first use so that code which never opens a serial port never loads native bindings. */
function loadSerialport(): Promise<SerialPortModule> {
  serialportModule ??= import('serialport');
  return serialportModule;
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** The OS's serial ports, for the docking manager's port-list poll. */
export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const { SerialPort } = await loadSerialport();
  return SerialPort.list();
}

export function createSerialTransport(options: SerialTransportOptions): Transport {
  const { path } = options;
  const baudRate = options.baudRate ?? 115200;
  const data = new Listeners<Uint8Array>();
  const disconnect = new Listeners<DriverError>();
  let port: InstanceType<SerialPortModule['SerialPort']> | undefined;
  let closing = false;

  return {
    label: `serial:${path}`,
    async open() {
      const { SerialPort } = await loadSerialport();
      const p = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false });
      await new Promise<void>((resolve, reject) => {
        p.open((error) => (error ? reject(mapSerialOpenError(error, path)) : resolve()));
      });
      closing = false;
      port = p;
      p.on('data', (chunk: Buffer) =>
        data.emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      );
      p.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
        if (port === p) port = undefined;
        if (!closing)
          disconnect.emit(
            new DriverError('device.disconnectedMidRead', `${path} went away`, { cause: error ?? undefined }),
          );
      });
      // Read errors end in 'close' as well; listening keeps them from becoming uncaught.
      p.on('error', () => undefined);
    },
    async write(bytes: Uint8Array) {
      const p = port;
      if (!p) throw new DriverError('device.disconnectedMidRead', `${path} is not open`);
      await new Promise<void>((resolve, reject) => {
        p.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) => {
          if (error)
            reject(
              new DriverError('device.disconnectedMidRead', `write to ${path} failed`, { cause: error }),
            );
          else resolve();
        });
      });
    },
    onData: (listener) => data.add(listener),
    onDisconnect: (listener) => disconnect.add(listener),
    async close() {
      const p = port;
      if (!p) return;
      closing = true;
      port = undefined;
      if (!p.isOpen) return;
      await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}
