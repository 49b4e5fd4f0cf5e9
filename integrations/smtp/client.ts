// The email adapter on nodemailer. At-least-once: a crash after the server took the message and
// before the queue recorded it sends it again; the Message-ID is the same, so mail systems and
// people can see it is a repeat.
import nodemailer from 'nodemailer';
import type { Outcome } from '../../src/shared/jobs/index.ts';
import {
  buildMail,
  classifySmtpFailure,
  type EmailNotice,
  type SmtpFailure,
  type SmtpSettings,
} from './encoder.ts';
import { msalTokenSource, type TokenSource } from '../entra/token.ts';

export interface EmailSender {
  send(notice: EmailNotice, signal?: AbortSignal): Promise<Outcome>;
  close(): void;
}

export function createEmailSender(settings: SmtpSettings): EmailSender {
  const tokens: TokenSource | null =
    settings.auth.type === 'oauth2'
      ? msalTokenSource({ ...settings.auth, ...(settings.ca ? { ca: settings.ca } : {}) })
      : null;
  const timeout = settings.timeoutMs ?? 30_000;
  const transportFor = (accessToken: string | null) =>
    nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      tls: { minVersion: 'TLSv1.2', servername: settings.host, ...(settings.ca ? { ca: settings.ca } : {}) },
      ...(settings.auth.type === 'password'
        ? { auth: { user: settings.auth.user, pass: settings.auth.password } }
        : settings.auth.type === 'oauth2'
          ? { auth: { type: 'OAuth2' as const, user: settings.auth.user, accessToken: accessToken ?? '' } }
          : {}),
    });
  return {
    async send(notice, signal) {
      let mail;
      try {
        mail = buildMail(settings, notice);
      } catch {
        return {
          status: 'permanent',
          code: 'smtp.addressInvalid',
          params: { address: notice.to.join(', ').slice(0, 80) },
        };
      }
      let accessToken: string | null = null;
      if (tokens) {
        try {
          accessToken = await tokens.token();
        } catch {
          const authority = settings.auth.type === 'oauth2' ? new URL(settings.auth.authorityHost).host : '';
          return { status: 'pause', code: 'smtp.oauthTokenFailed', params: { authority } };
        }
      }
      const transport = transportFor(accessToken);
      const abort = () => transport.close();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        await transport.sendMail(mail);
        return { status: 'sent', ref: mail.messageId };
      } catch (error) {
        return classifySmtpFailure(error as SmtpFailure, settings.host);
      } finally {
        signal?.removeEventListener('abort', abort);
        transport.close();
      }
    },
    close() {},
  };
}
