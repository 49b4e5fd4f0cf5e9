// MFU recipients and homes into the server's rows. Only the fields the municipality's mapping names
// are written: a column left out of the mapping keeps what BFU or an earlier file stored. The row's
// tag list is the recipient's whole list: tags no longer listed leave the provider's pens.
import type { ErrorParams } from '../../shared/errors/index.ts';
import type {
  MfuRecipient,
  MfuRecipientMapping,
  RecordCode,
} from '../../../integrations/file-exchange/records.ts';
import type { Queryable } from '../db/database.ts';
import { readHomeAccess, sealHomeAccess } from '../secrets/homeAccess.ts';
import type { BatchContext, Checked } from './bfuImport.ts';
import { ownString } from './ownString.ts';
import {
  putSealed,
  selectEntities,
  selectTags,
  tagsOfRecipients,
  tombstoneEntities,
  upsertEntities,
} from './bulk.ts';

export class MfuFileState {
  readonly customerLines = new Map<string, number>();
  /** provider + tag → the customer number that claimed it in this file. */
  readonly tags = new Map<string, string>();
}

const key = (a: string, b: string) => `${a}\u0000${b}`;

export async function checkMfuBatch(
  db: Queryable,
  ctx: BatchContext,
  state: MfuFileState,
  batch: readonly { record: MfuRecipient; line: number }[],
): Promise<Checked<MfuRecipient>[]> {
  const owners = new Map<string, string>();
  for (const t of await selectTags(db, [...new Set(batch.flatMap((b) => b.record.tagUids))]))
    owners.set(key(t.providerId, t.id), t.recipientId);

  return batch.map(({ record: r, line }): Checked<MfuRecipient> => {
    const reject = (code: RecordCode, params: ErrorParams): Checked<MfuRecipient> => ({
      record: r,
      line,
      verdict: { status: 'rejected', code, params },
    });
    const earlier = state.customerLines.get(r.customerNumber);
    if (earlier !== undefined)
      return reject('exchange.record.duplicate', { key: r.customerNumber, line: earlier });
    state.customerLines.set(ownString(r.customerNumber), line);
    if (!ctx.providers.has(r.providerId))
      return reject('exchange.record.unknownProvider', { provider: r.providerId });
    for (const uid of r.tagUids) {
      const k = key(r.providerId, uid);
      const inFile = state.tags.get(k);
      const stored = owners.get(k);
      if (
        (inFile !== undefined && inFile !== r.customerNumber) ||
        (inFile === undefined && stored !== undefined && stored !== r.customerNumber)
      )
        return reject('exchange.record.tagTaken', { tag: uid });
      if (inFile === undefined) state.tags.set(ownString(k), ownString(r.customerNumber));
    }
    return { record: r, line, verdict: { status: 'accepted' } };
  });
}

export async function writeMfuBatch(
  db: Queryable,
  ctx: BatchContext,
  mapping: MfuRecipientMapping,
  accepted: readonly MfuRecipient[],
): Promise<void> {
  if (accepted.length === 0) return;
  const mapped = (f: keyof MfuRecipientMapping['columns']) => mapping.columns[f] !== undefined;
  const existing = new Map<string, Record<string, unknown>>();
  for (const row of await selectEntities(
    db,
    'recipient',
    accepted.map((r) => ({ providerId: r.providerId, id: r.customerNumber })),
  ))
    existing.set(key(row.providerId, row.id), (row.data as Record<string, unknown> | null) ?? {});

  const rows: { providerId: string; entity: 'recipient' | 'tag'; data: unknown }[] = [];
  for (const r of accepted) {
    const data: Record<string, unknown> = {
      personalIdentityNumber: null,
      protectedIdentity: false,
      address: null,
      ...existing.get(key(r.providerId, r.customerNumber)),
      id: r.customerNumber,
      displayName: r.name,
    };
    if (mapped('address')) data['address'] = r.address;
    if (mapped('phone')) data['phone'] = r.phone;
    if (mapped('siteId')) data['siteId'] = r.siteId;
    if (mapped('propertyDesignation')) data['propertyDesignation'] = r.propertyDesignation;
    rows.push({ providerId: r.providerId, entity: 'recipient', data });
    if (mapped('tagUids'))
      for (const uid of r.tagUids)
        rows.push({
          providerId: r.providerId,
          entity: 'tag',
          data: { id: uid, recipientId: r.customerNumber, label: null },
        });
  }
  await upsertEntities(db, rows);

  const providerIds = [...new Set(accepted.map((r) => r.providerId))];
  for (const providerId of providerIds) {
    const mine = accepted.filter((r) => r.providerId === providerId);
    if (mapped('tagUids')) {
      const listed = new Set(mine.flatMap((r) => r.tagUids));
      const held = await tagsOfRecipients(
        db,
        providerId,
        mine.map((r) => r.customerNumber),
      );
      await tombstoneEntities(
        db,
        held.filter((t) => !listed.has(t.id)).map((t) => ({ providerId, entity: 'tag' as const, id: t.id })),
      );
    }
    if (mapped('doorCode')) {
      const { found } = await readHomeAccess(
        db,
        ctx.sealer,
        providerId,
        mine.map((r) => r.customerNumber),
      );
      await putSealed(
        db,
        mine.map((r) => {
          const access = {
            doorCode: r.doorCode,
            keyInformation: found.get(r.customerNumber)?.keyInformation ?? null,
          };
          return {
            providerId,
            recipientId: r.customerNumber,
            sealed: sealHomeAccess(ctx.sealer, providerId, r.customerNumber, access),
          };
        }),
      );
    }
  }
}
