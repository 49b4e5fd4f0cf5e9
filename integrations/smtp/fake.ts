// An SMTP server on loopback (the smtp-server package) that behaves like a real submission
// server: STARTTLS offered, AUTH required (PLAIN/LOGIN with a password, or XOAUTH2 with a token the
// fake token endpoint issued), and scripted replies — 421 (service closing), 452 (mailbox full,
// try later), 550 (no such user) — to exercise every failure class.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loopbackCertificate } from '../testing/tls.ts';

export type SmtpScript = {
  at: 'mail' | 'rcpt' | 'data';
  code: 421 | 450 | 451 | 452 | 550 | 552 | 554;
  text: string;
};

export interface SmtpFake {
  port: number;
  ca: string;
  /** Raw RFC 5322 messages received, in order. */
  readonly received: Buffer[];
  readonly logins: string[];
  script(...replies: SmtpScript[]): void;
  close(): Promise<void>;
}

export async function startSmtpFake(opts: {
  /** Implicit TLS (port 465 style) instead of STARTTLS. */
  secure?: boolean;
  /** Do not offer STARTTLS at all: a client that requires it must refuse to send. */
  noStartTls?: boolean;
  users?: Record<string, string>;
  /** Access tokens accepted for XOAUTH2, by user. */
  tokens?: () => Record<string, string>;
}): Promise<SmtpFake> {
  const { key, cert } = loopbackCertificate();
  const received: Buffer[] = [];
  const logins: string[] = [];
  const replies: SmtpScript[] = [];
  const scripted = (at: SmtpScript['at']) => {
    if (replies[0]?.at !== at) return null;
    const r = replies.shift()!;
    return Object.assign(new Error(r.text), { responseCode: r.code });
  };
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    key,
    cert,
    // A server without STARTTLS takes AUTH in clear: the client must refuse before it gets there.
    ...(opts.noStartTls ? { disabledCommands: ['STARTTLS'] } : {}),
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    authOptional: false,
    allowInsecureAuth: opts.noStartTls ?? false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.method === 'XOAUTH2') {
        const ok = opts.tokens?.()[auth.username ?? ''] === auth.accessToken;
        if (!ok) return cb(null, { data: { status: '401', schemes: 'bearer' } });
      } else if (!opts.users || opts.users[auth.username ?? ''] !== auth.password) {
        return cb(new Error('Invalid username or password'));
      }
      logins.push(`${auth.method}:${auth.username}`);
      cb(null, { user: auth.username });
    },
    onMailFrom(_a, _s, cb) {
      cb(scripted('mail'));
    },
    onRcptTo(_a, _s, cb) {
      cb(scripted('rcpt'));
    },
    onData(stream, _s, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const err = scripted('data');
        if (!err) received.push(Buffer.concat(chunks));
        cb(err);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    ca: cert,
    received,
    logins,
    script: (...r) => replies.push(...r),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
