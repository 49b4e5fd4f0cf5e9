// pino, with the fields that could carry secrets redacted wherever they appear.
import pino from 'pino';
import type { Logger } from 'pino';

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts = {
    level: options.level ?? process.env['CAREDOCK_SERVER_LOG'] ?? 'info',
    base: { service: 'caredock-server' },
    redact: {
      paths: [
        'enrolmentCode',
        '*.enrolmentCode',
        'token',
        'authorization',
        'req.headers.authorization',
        '*.csrPem',
        '*.key',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}
