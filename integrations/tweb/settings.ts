// A municipality's TWeb settings (docs/integrations/tweb.md, "Settings per municipality") and the
// transaction the central server hands the adapter. A plain object schema, so the server can
// `.extend` it with what is its own (whether filing is on, the late and short thresholds).
import { z } from 'zod';
import { businessId, code, language, MEDIA_TYPES, twebId } from './calls.ts';

export const TRANSACTION_KINDS = ['deviation', 'notice', 'monthlyBasis'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** 10 MiB: a generous ceiling for one document; the PDFs CareDock makes are far below it. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

const pem = z.string().includes('-----BEGIN');

export const assignTarget = z
  .object({
    /** TWeb user ids (login names) and group ids. */
    users: z.array(twebId).max(50).default([]),
    groups: z.array(twebId).max(50).default([]),
    /** The assignment's due date: the transaction's date in Europe/Helsinki plus this many days. */
    dueInDays: z.number().int().min(0).max(365).optional(),
  })
  .refine((t) => t.users.length + t.groups.length > 0, { message: 'name at least one user or group' });
export type AssignTarget = z.infer<typeof assignTarget>;

/** How one kind of transaction is filed: the seed's three uses. */
export const filing = z.discriminatedUnion('use', [
  z.object({
    use: z.literal('newCase'),
    caseGroup: code,
    documentType: code,
    attachmentDocumentType: code,
    assign: assignTarget.optional(),
  }),
  z.object({
    /** Into the provider's contract case (`providers[id].contractCaseId`). */
    use: z.literal('existingCase'),
    documentType: code,
    attachmentDocumentType: code,
    assign: assignTarget.optional(),
  }),
  z.object({ use: z.literal('assignment'), assign: assignTarget }),
]);
export type Filing = z.infer<typeof filing>;

export const twebAuth = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().min(1).optional(),
    /** client_secret_basic (HTTP Basic, the default) or client_secret_post. */
    clientAuth: z.enum(['basic', 'post']).default('basic'),
  }),
  z.object({
    type: z.literal('apiKey'),
    key: z.string().min(1),
    header: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/)
      .default('X-API-Key'),
  }),
]);
export type TwebAuthSettings = z.infer<typeof twebAuth>;

export const twebSettings = z.object({
  /** The interface's root; `https://` only (an http:// URL pauses the channel). */
  baseUrl: z.url(),
  auth: twebAuth,
  /** Certificates to trust for TWeb and its token endpoint instead of the system's roots (PEM). */
  ca: pem.optional(),
  timeoutMs: z.number().int().positive().max(300_000).optional(),
  maxDocumentBytes: z.number().int().positive().max(MAX_DOCUMENT_BYTES).optional(),
  /** Sent as Kieli / Språk; titles are Finnish first with Swedish beside either way. */
  language: language.default('fi'),
  kinds: z.object({ deviation: filing, notice: filing, monthlyBasis: filing }),
  /** Per CareDock provider id. */
  providers: z.record(z.string().min(1), z.object({ contractCaseId: twebId.optional() })).default({}),
});
export type TwebSettings = z.infer<typeof twebSettings>;
export type TwebSettingsInput = z.input<typeof twebSettings>;

const fileName = z.string().trim().min(1).max(200);
/** Any Uint8Array (a Buffer, pdf-lib's output), whatever buffer is under it. */
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'not bytes' });

/**
 * One thing a provider sent that the municipality files. `id` is stable across attempts (the
 * central server's tweb_transactions id): every idempotency key is derived from it.
 */
export const twebTransaction = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{7,63}$/),
  kind: z.enum(TRANSACTION_KINDS),
  providerId: z.string().min(1),
  /** Laatija / Upprättare: the provider, never the care recipient. */
  provider: z.object({ name: z.string().trim().min(1).max(200), businessId: businessId.optional() }),
  /** The transaction's title in both languages, e.g. DEVIATION_TITLES on the server. */
  title: z.object({ fi: z.string().trim().min(1).max(240), sv: z.string().trim().min(1).max(240) }),
  /** When the provider filed or attested it: the documents' Laadinta-ajankohta, the case's Vireilletulo. */
  createdAt: z.iso.datetime({ offset: true }),
  /** The transaction as a PDF (src/server/tweb/documents.ts). */
  document: z.object({ name: fileName, content: bytes }),
  attachments: z
    .array(z.object({ name: fileName, mediaType: z.enum(MEDIA_TYPES), content: bytes }))
    .max(20)
    .default([]),
});
export type TwebTransaction = z.infer<typeof twebTransaction>;
export type TwebTransactionInput = z.input<typeof twebTransaction>;
