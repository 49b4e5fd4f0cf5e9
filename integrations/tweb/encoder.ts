// Transaction → the TWeb requests that file it (docs/integrations/tweb.md), pure: the same
// transaction and settings give byte-identical bodies and the same idempotency keys on every
// attempt, which is what lets TWeb answer a repeated step with the earlier result. Every file is
// checked before anything leaves: its bytes must be what its media type says, and the transaction
// itself must be a PDF.
import { createHash } from 'node:crypto';
import { localDate } from '../../src/shared/domain/time.ts';
import type { Outcome } from '../../src/shared/jobs/contract.ts';
import type {
  AddDocumentRequest,
  CreateAssignmentRequest,
  CreateCaseRequest,
  MediaType,
  TwebFile,
} from './calls.ts';
import {
  MAX_DOCUMENT_BYTES,
  twebTransaction,
  type AssignTarget,
  type Filing,
  type TwebSettings,
  type TwebTransaction,
} from './settings.ts';

type NotSent = Exclude<Outcome, { status: 'sent' }>;

const ZONE = 'Europe/Helsinki';
const TITLE_MAX = 500;

/** The idempotency key of each step: stable for a transaction, distinct between transactions. */
export const stepKeys = {
  case: (txId: string) => `caredock-${txId}-case`,
  /** 0 is the transaction's PDF, 1… its attachments. */
  document: (txId: string, n: number) => `caredock-${txId}-doc-${n}`,
  assignment: (txId: string) => `caredock-${txId}-assignment`,
};

const MAGIC: Record<MediaType, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** Whether the bytes start as a file of this media type does. */
export const looksLike = (bytes: Uint8Array, mediaType: MediaType): boolean =>
  MAGIC[mediaType].every((b, i) => bytes[i] === b);

const clip = (s: string, max = TITLE_MAX) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function titles(tx: TwebTransaction): {
  case: string;
  document: string;
  attachment(n: number): string;
} {
  const both = `${tx.title.fi} / ${tx.title.sv}`;
  return {
    case: clip(`${both} — ${tx.provider.name}`),
    document: clip(both),
    attachment: (n) => clip(`Liite / Bilaga ${n}: ${tx.attachments[n - 1]?.name ?? ''}`),
  };
}

function encodeFile(name: string, mediaType: MediaType, content: Uint8Array): TwebFile {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return {
    name,
    mediaType,
    content: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const party = (tx: TwebTransaction) => ({
  name: tx.provider.name,
  ...(tx.provider.businessId ? { businessId: tx.provider.businessId } : {}),
});

/** The due date: the transaction's day in Europe/Helsinki plus `days`, never the clock's. */
export function dueDate(createdAt: string, days: number): string {
  const [y, m, d] = localDate(Date.parse(createdAt), ZONE).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface DocumentStep {
  key: string;
  /** The file's name, for the person reading why a step failed. */
  name: string;
  body: AddDocumentRequest;
}

export interface FilingPlan {
  use: Filing['use'];
  /** A new case to create first (use 1), or the case that exists (use 2), or none (use 3). */
  createCase: { key: string; body: CreateCaseRequest } | null;
  existingCaseId: string | null;
  documents: DocumentStep[];
  /** The assignment, built once the case and documents have ids; null when none is configured. */
  assignment: {
    key: string;
    body(refs: { caseId: string | null; documentIds: string[] }): CreateAssignmentRequest;
  } | null;
}

export type Planned = { ok: true; tx: TwebTransaction; plan: FilingPlan } | { ok: false; outcome: NotSent };

/** The steps that file a transaction, or why it cannot be filed at all (nothing is sent then). */
export function planFiling(settings: TwebSettings, input: unknown): Planned {
  const parsed = twebTransaction.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'transaction';
    return {
      ok: false,
      outcome: { status: 'permanent', code: 'tweb.invalidTransaction', params: { field } },
    };
  }
  const tx = parsed.data;
  const filing = settings.kinds[tx.kind];
  const limit = settings.maxDocumentBytes ?? MAX_DOCUMENT_BYTES;
  const limitMb = Math.round((limit / (1024 * 1024)) * 10) / 10;

  const files = [
    { name: tx.document.name, mediaType: 'application/pdf' as const, content: tx.document.content },
    ...tx.attachments,
  ];
  for (const f of files) {
    const name = f.name;
    if (!looksLike(f.content, f.mediaType))
      return { ok: false, outcome: { status: 'permanent', code: 'tweb.fileInvalid', params: { name } } };
    if (f.content.byteLength > limit)
      return {
        ok: false,
        outcome: { status: 'permanent', code: 'tweb.documentTooLarge', params: { name, limitMb } },
      };
  }
  const encoded = files.map((f) => encodeFile(f.name, f.mediaType, f.content));
  const t = titles(tx);

  let existingCaseId: string | null = null;
  if (filing.use === 'existingCase') {
    existingCaseId = settings.providers[tx.providerId]?.contractCaseId ?? null;
    if (existingCaseId === null) {
      const provider = tx.provider.name;
      return {
        ok: false,
        outcome: { status: 'permanent', code: 'tweb.noContractCase', params: { provider } },
      };
    }
  }

  const createCase =
    filing.use === 'newCase'
      ? {
          key: stepKeys.case(tx.id),
          body: {
            title: t.case,
            caseGroup: filing.caseGroup,
            language: settings.language,
            initiator: party(tx),
            receivedAt: tx.createdAt,
            externalId: `caredock:${tx.id}`,
          } satisfies CreateCaseRequest,
        }
      : null;

  const documents: DocumentStep[] =
    filing.use === 'assignment'
      ? []
      : encoded.map((file, n) => ({
          key: stepKeys.document(tx.id, n),
          name: file.name,
          body: {
            title: n === 0 ? t.document : t.attachment(n),
            documentType: n === 0 ? filing.documentType : filing.attachmentDocumentType,
            language: settings.language,
            author: party(tx),
            createdAt: tx.createdAt,
            externalId: `caredock:${tx.id}:${n}`,
            file,
          },
        }));

  const target: AssignTarget | undefined = filing.assign;
  const assignment = target
    ? {
        key: stepKeys.assignment(tx.id),
        body: (refs: { caseId: string | null; documentIds: string[] }): CreateAssignmentRequest => ({
          title: t.case,
          language: settings.language,
          sender: party(tx),
          ...(refs.caseId !== null
            ? { caseId: refs.caseId, documentIds: refs.documentIds }
            : { files: encoded }),
          assignees: { users: target.users, groups: target.groups },
          ...(target.dueInDays !== undefined ? { dueDate: dueDate(tx.createdAt, target.dueInDays) } : {}),
          externalId: `caredock:${tx.id}:assignment`,
        }),
      }
    : null;

  return { ok: true, tx, plan: { use: filing.use, createCase, existingCaseId, documents, assignment } };
}
