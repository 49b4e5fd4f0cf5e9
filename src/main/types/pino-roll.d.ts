// pino-roll ships no types; this is the part of its API the logger uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    mkdir?: boolean;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
    symlink?: boolean;
  }
  export default function pinoRoll(
    options: PinoRollOptions,
  ): Promise<DestinationStream & import('node:events').EventEmitter & { end(): void; flushSync?(): void }>;
}
