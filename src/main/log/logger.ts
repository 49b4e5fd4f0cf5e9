import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import { redactText, redactValue } from './redact.ts';

export type { Logger };

export interface LoggerOptions {
  dir: string;
  level: string;
  alsoStdout: boolean;
}

export interface OpenLogger {
  logger: Logger;
  /** Flushes and closes the log file; the process may exit after it resolves. */
  close(): Promise<void>;
}

/**
 * pino into a rotating file in the data folder. Redaction happens here, at the logger, so no
 * caller can forget it: every object is scrubbed by key and every string by shape.
 */
export async function openLogger(options: LoggerOptions): Promise<OpenLogger> {
  if (options.level === 'silent') return { logger: pino({ level: 'silent' }), close: async () => {} };
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  // pino-roll as an in-process stream, not a worker transport: Electron's bundled main
  // process cannot resolve transport targets by name.
  const rolling = {
    file: path.join(options.dir, 'caredock'),
    extension: '.log',
    frequency: 'daily' as const,
    size: '10m',
    mkdir: true,
    // Passed on to sonic-boom, which opens each new file, rotated ones too, with it: the user's
    // alone, as the data folder's rule is (pino-roll's types do not list it).
    mode: 0o600,
    limit: { count: 14 },
  };
  const file = await pinoRoll(rolling);
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.alsoStdout) streams.push({ stream: process.stdout });
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactText(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    close: () =>
      new Promise<void>((resolve) => {
        file.once('close', () => resolve());
        file.end();
      }),
  };
}
