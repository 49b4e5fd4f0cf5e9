// Node's crypto verifies certificates but cannot issue them, so issuing goes through the
// `openssl` command-line tool (OpenSSL 3 on Debian). Arguments go as an array: no shell.
import { execFile } from 'node:child_process';

export class OpensslError extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.name = 'OpensslError';
    this.stderr = stderr;
  }
}

export function openssl(args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const bin = process.env['CAREDOCK_OPENSSL'] ?? 'openssl';
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      [...args],
      { cwd: options.cwd, timeout: 30_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new OpensslError(`openssl ${args[0] ?? ''} failed: ${err.message.split('\n')[0] ?? ''}`, stderr),
          );
        else resolve(stdout);
      },
    );
  });
}

/** One RDN value for -subj: '/' and '=' and '\' must be escaped, the rest (UTF-8) passes with -utf8. */
export function subjectString(parts: readonly (readonly [string, string])[]): string {
  return parts.map(([k, v]) => `/${k}=${v.replace(/[\\/=+]/g, (c) => `\\${c}`)}`).join('');
}

/** OpenSSL's -startdate/-enddate form: YYYYMMDDHHMMSSZ. */
export function opensslTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}
