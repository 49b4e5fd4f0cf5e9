// BFU orders into the server's rows: each order of a batch is checked against what is stored
// (its version, its recipient's personnummer, its provider), then the batch is written in a few
// statements. The caller holds the transaction; a rejection anywhere means it rolls back.
import type { ErrorParams } from '../../shared/errors/index.ts';
import { parsePersonalId } from '../../shared/domain/personal-id.ts';
import type { BfuOrder, RecordCode } from '../../../integrations/file-exchange/records.ts';
import type { Queryable } from '../db/database.ts';
import { contentHash } from '../sync/canonical.ts';
import type { SecretSealer } from '../secrets/seal.ts';
import { ownString } from './ownString.ts';
import { sealHomeAccess } from '../secrets/homeAccess.ts';
import {
  putSealed,
  selectEntities,
  selectStoredOrders,
  tombstoneEntities,
  upsertEntities,
  upsertStoredOrders,
} from './bulk.ts';

export type Verdict =
  { status: 'accepted' | 'unchanged' } | { status: 'rejected'; code: RecordCode; params: ErrorParams };

export interface Checked<T> {
  record: T;
  line: number;
  verdict: Verdict;
}

export interface BatchContext {
  municipalityId: string;
  providers: ReadonlySet<string>;
  fileId: bigint;
  fileName: string;
  importedAt: string;
  sealer: SecretSealer;
}

/** What the file has said so far, for the checks that span batches. */
export class BfuFileState {
  readonly orderLines = new Map<string, number>();
  readonly recipientIds = new Map<string, string>();
  /** What the check of the current batch read, for its write (nothing is written in between). */
  stored = new Map<string, { version: number; hash: string; providerId: string }>();
  recipients = new Map<string, Record<string, unknown>>();
}

const recipientKey = (providerId: string, id: string) => `${providerId}\u0000${id}`;
const normalisedId = (pnr: string | null | undefined) =>
  pnr ? (parsePersonalId(pnr)?.normalised ?? pnr) : null;

function orderContent(o: BfuOrder) {
  // The version is not content: the same order under a new version is a real change to store.
  const { version: _v, ...rest } = o;
  return contentHash(rest);
}

export async function checkBfuBatch(
  db: Queryable,
  ctx: BatchContext,
  state: BfuFileState,
  batch: readonly { record: BfuOrder; line: number }[],
): Promise<Checked<BfuOrder>[]> {
  const stored = await selectStoredOrders(
    db,
    ctx.municipalityId,
    batch.map((b) => b.record.id),
  );
  state.stored = stored;
  state.recipients = new Map();
  const known = new Map<string, string | null>();
  for (const r of await selectEntities(
    db,
    'recipient',
    batch.map((b) => ({ providerId: b.record.providerId, id: b.record.recipient.id })),
  )) {
    const data = (r.data as Record<string, unknown> | null) ?? {};
    state.recipients.set(recipientKey(r.providerId, r.id), data);
    const pnr = data['personalIdentityNumber'];
    known.set(recipientKey(r.providerId, r.id), normalisedId(typeof pnr === 'string' ? pnr : null));
  }

  return batch.map(({ record: o, line }): Checked<BfuOrder> => {
    const reject = (code: RecordCode, params: ErrorParams): Checked<BfuOrder> => ({
      record: o,
      line,
      verdict: { status: 'rejected', code, params },
    });
    const earlier = state.orderLines.get(o.id);
    if (earlier !== undefined) return reject('exchange.record.duplicate', { key: o.id, line: earlier });
    state.orderLines.set(ownString(o.id), line);
    if (!ctx.providers.has(o.providerId))
      return reject('exchange.record.unknownProvider', { provider: o.providerId });
    const pnr = normalisedId(o.recipient.personalIdentityNumber);
    const key = recipientKey(o.providerId, o.recipient.id);
    const inFile = state.recipientIds.get(key);
    const inStore = known.get(key);
    if ((inFile !== undefined && inFile !== pnr) || (inFile === undefined && inStore && inStore !== pnr))
      return reject('exchange.record.recipientConflict', { id: o.recipient.id });
    state.recipientIds.set(ownString(key), pnr === null ? '' : ownString(pnr));
    const s = stored.get(o.id);
    if (s) {
      if (o.version < s.version)
        return reject('exchange.record.olderVersion', { id: o.id, version: o.version, stored: s.version });
      if (o.version === s.version) {
        if (s.hash === orderContent(o)) return { record: o, line, verdict: { status: 'unchanged' } };
        return reject('exchange.record.versionConflict', { id: o.id, version: o.version });
      }
    }
    return { record: o, line, verdict: { status: 'accepted' } };
  });
}

/** Writes the accepted orders of a checked batch: orders, recipients, sealed home access, versions. */
export async function writeBfuBatch(
  db: Queryable,
  ctx: BatchContext,
  state: BfuFileState,
  accepted: readonly BfuOrder[],
): Promise<void> {
  if (accepted.length === 0) return;
  const before = state.stored;
  // An order that moved to another provider leaves the old provider's workstations.
  await tombstoneEntities(
    db,
    accepted.flatMap((o) => {
      const was = before.get(o.id)?.providerId;
      return was !== undefined && was !== o.providerId
        ? [{ providerId: was, entity: 'order' as const, id: o.id }]
        : [];
    }),
  );
  const existing = state.recipients;
  const recipients = new Map<string, { providerId: string; data: Record<string, unknown> }>();
  const secrets = new Map<string, { providerId: string; recipientId: string; sealed: string | null }>();
  for (const o of accepted) {
    const key = recipientKey(o.providerId, o.recipient.id);
    const old = existing.get(key) ?? {};
    recipients.set(key, {
      providerId: o.providerId,
      data: {
        phone: null,
        siteId: null,
        propertyDesignation: null,
        ...old,
        id: o.recipient.id,
        displayName: o.recipient.name,
        personalIdentityNumber: o.recipient.personalIdentityNumber,
        protectedIdentity: o.recipient.protectedIdentity,
        address: o.home.address,
      },
    });
    secrets.set(key, {
      providerId: o.providerId,
      recipientId: o.recipient.id,
      sealed: sealHomeAccess(ctx.sealer, o.providerId, o.recipient.id, {
        doorCode: o.home.doorCode,
        keyInformation: o.home.keyInformation,
      }),
    });
  }
  await upsertEntities(db, [
    ...[...recipients.values()].map((r) => ({
      providerId: r.providerId,
      entity: 'recipient' as const,
      data: r.data,
    })),
    ...accepted.map((o) => ({
      providerId: o.providerId,
      entity: 'order' as const,
      data: {
        id: o.id,
        recipientId: o.recipient.id,
        services: o.services,
        validFrom: o.validFrom,
        validTo: o.validTo,
        version: o.version,
        origin: { format: 'bfu', file: ctx.fileName, importedAt: ctx.importedAt },
        contacts: o.contacts,
      },
    })),
  ]);
  await putSealed(db, [...secrets.values()]);
  await upsertStoredOrders(
    db,
    ctx.municipalityId,
    ctx.fileId,
    accepted.map((o) => ({
      orderId: o.id,
      version: o.version,
      providerId: o.providerId,
      hash: orderContent(o),
    })),
  );
}
