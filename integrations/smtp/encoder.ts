// Email as CareDock sends it: pure functions from settings and a notice to nodemailer's message
// options, and from nodemailer's errors to the queue's outcomes. No I/O here.
import type { Outcome } from '../../src/shared/jobs/index.ts';

export type SmtpSecurity = 'starttls' | 'tls';

export type SmtpAuth =
  | { type: 'none' }
  | { type: 'password'; user: string; password: string }
  /** XOAUTH2 with an app-only token (Microsoft 365: client credentials through MSAL). */
  | {
      type: 'oauth2';
      user: string;
      tenant: string;
      clientId: string;
      clientSecret: string;
      authorityHost: string;
      scope: string;
    };

export interface SmtpSettings {
  host: string;
  port: number;
  /** starttls: STARTTLS is required, the message never goes in clear; tls: implicit TLS (port 465). */
  security: SmtpSecurity;
  auth: SmtpAuth;
  from: string;
  replyTo?: string;
  /** Extra CA to trust (PEM), for a server with the organisation's own certificate; tests' fakes. */
  ca?: string;
  timeoutMs?: number;
}

export interface EmailNotice {
  to: string[];
  subject: string;
  text: string;
  /** Our id for the notice; it becomes the Message-ID, so a repeat after a crash is recognisable. */
  key: string;
}

// An address without display name, spaces or line breaks (a line break would let a value add headers).
const address =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && address.test(s);
}

export function messageId(key: string, from: string): string {
  const domain = from.split('@')[1] ?? 'caredock.invalid';
  return `<${Buffer.from(key, 'utf8').toString('base64url')}@${domain}>`;
}

export interface MailOptions {
  from: string;
  replyTo?: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export function buildMail(settings: SmtpSettings, notice: EmailNotice): MailOptions {
  for (const a of [settings.from, ...(settings.replyTo ? [settings.replyTo] : []), ...notice.to])
    if (!isEmailAddress(a)) throw new Error(`not an email address: ${a}`);
  return {
    from: settings.from,
    ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
    to: notice.to,
    subject: notice.subject.replace(/[\r\n]+/g, ' '),
    text: notice.text,
    messageId: messageId(notice.key, settings.from),
    // RFC 3834: an automatic message; mail systems do not answer it with out-of-office replies.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

/** The reply's numbers only ("550 5.1.1"): the text after them may quote an address. */
function replyOf(f: SmtpFailure): string {
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(f.response ?? '')?.[1];
  return [f.responseCode, enhanced].filter((x) => x !== undefined).join(' ') || 'SMTP';
}

const tlsHint = /certificate|self[- ]signed|TLS|SSL|wrong version number|unable to verify/i;

/**
 * 4xx and connection failures come back later; 5xx is this message's refusal; authentication and
 * TLS are the channel's (pause: every message would fail the same way until the admin acts).
 */
export function classifySmtpFailure(f: SmtpFailure, host: string): Outcome {
  // 454 4.7.0 "temporary authentication failure": the server's trouble, not the password.
  if (f.responseCode === 454)
    return { status: 'retry', code: 'smtp.temporaryFailure', params: { host, reply: replyOf(f) } };
  if (f.code === 'EAUTH' || f.responseCode === 530 || f.responseCode === 535 || f.responseCode === 534)
    return { status: 'pause', code: 'smtp.authFailed', params: { host } };
  if (f.code === 'ETLS' || (f.code !== 'EENVELOPE' && f.code !== 'EMESSAGE' && tlsHint.test(f.message)))
    return { status: 'pause', code: 'smtp.tlsFailed', params: { host } };
  if (f.responseCode !== undefined && f.responseCode >= 400 && f.responseCode < 500)
    return { status: 'retry', code: 'smtp.temporaryFailure', params: { host, reply: replyOf(f) } };
  if (f.responseCode !== undefined && f.responseCode >= 500)
    return { status: 'permanent', code: 'smtp.rejected', params: { host, reply: replyOf(f) } };
  return { status: 'retry', code: 'smtp.connectionFailed', params: { host } };
}
