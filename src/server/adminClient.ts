// Calls the running server's admin API (its own listener on 127.0.0.1, CA pinned, bearer token)
// for the CLI.
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:https';
import type { DataPaths } from './paths.ts';
import { readAdminToken } from './bootstrap.ts';
import { readCaCertificate } from './pki/municipalityCa.ts';
import type { RunInfo } from './runFile.ts';
import { ADMIN_HOST } from './config.ts';

export class AdminApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'AdminApiError';
    this.status = status;
  }
}

/** A file as the request body, streamed (an import of a large file never sits in memory). */
export interface FileBody {
  file: string;
}

export function adminRequest(
  paths: DataPaths,
  run: RunInfo,
  method: string,
  urlPath: string,
  body?: unknown,
  upload?: FileBody,
): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const uploadHeaders = upload
    ? { 'content-type': 'application/octet-stream', 'content-length': statSync(upload.file).size }
    : {};
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: ADMIN_HOST,
        port: run.adminPort,
        method,
        path: urlPath,
        servername: 'localhost',
        ca: readCaCertificate(paths),
        minVersion: 'TLSv1.3',
        // An import of a large file runs for minutes before its answer.
        timeout: upload ? 3_600_000 : 30_000,
        headers: {
          authorization: `Bearer ${readAdminToken(paths)}`,
          ...uploadHeaders,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text === '' ? null : JSON.parse(text);
          } catch {
            json = text;
          }
          if ((res.statusCode ?? 500) >= 400) reject(new AdminApiError(res.statusCode ?? 500, text));
          else resolve(json);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('admin API timed out')));
    req.on('error', reject);
    if (upload) createReadStream(upload.file).on('error', reject).pipe(req);
    else req.end(payload);
  });
}
