// The channels' settings and logs in the console, through the same functions as the admin API
// and the CLI. Settings are checked here with the channel's own schema first, so a mistake comes
// back as a catalogue message naming the field rather than the schema's English.
import type { z } from 'zod';
import { inputError } from '../../shared/api/inputError.ts';
import type { consoleChannelProcedures } from '../../shared/console/channels.ts';
import { CareDockError } from '../../shared/errors/index.ts';
import { addMunicipality, listMunicipalities } from '../admin/organisations.ts';
import type { ServerContext } from '../context.ts';
import {
  getExchangeSettings,
  importUpload,
  listExchangeFiles,
  putExchangeSettings,
} from '../exchange/admin.ts';
import { exportMonth } from '../exchange/exportMonth.ts';
import { exchangeSettingsSchema } from '../exchange/settings.ts';
import { getInboxSettings, inboxCost, listMessages, putConsent, putInboxSettings } from '../inbox/admin.ts';
import { inboxMunicipalitySettings } from '../inbox/settings.ts';
import { getTwebSettings, listTransactions, putTwebSettings } from '../tweb/admin.ts';
import { twebMunicipalityInput } from '../tweb/settings.ts';
import { actorOf, type Handlers } from './handlerTypes.ts';

const asDoc = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
const asRows = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.map((r) => asDoc(r) ?? {}) : [];

async function municipality(ctx: ServerContext, id: string): Promise<void> {
  if (!(await listMunicipalities(ctx)).some((m) => m.id === id))
    throw new CareDockError('console.notFound', { id });
}

function checked(schema: z.ZodType, body: unknown): void {
  const r = schema.safeParse(body);
  if (!r.success) throw inputError(r.error);
}

export const channelHandlers: Handlers<keyof typeof consoleChannelProcedures> = {
  'municipalities.add': async (call, input) => {
    if ((await listMunicipalities(call.ctx)).some((m) => m.id === input.id))
      throw new CareDockError('console.exists', { id: input.id });
    return addMunicipality(call.ctx, input, actorOf(call));
  },
  'channels.settings': async ({ ctx }, { municipalityId, channel }) => {
    await municipality(ctx, municipalityId);
    if (channel === 'exchange') return asDoc(await getExchangeSettings(ctx, municipalityId));
    if (channel === 'inbox') return asDoc(await getInboxSettings(ctx, municipalityId));
    return asDoc(await getTwebSettings(ctx, municipalityId));
  },
  'channels.putSettings': async (call, { municipalityId, channel, settings }) => {
    await municipality(call.ctx, municipalityId);
    if (channel === 'exchange') {
      checked(exchangeSettingsSchema, settings);
      return asDoc(await putExchangeSettings(call.ctx, municipalityId, settings));
    }
    if (channel === 'inbox') {
      checked(inboxMunicipalitySettings, settings);
      return asDoc(await putInboxSettings(call.ctx, municipalityId, settings, actorOf(call)));
    }
    checked(twebMunicipalityInput, settings);
    return asDoc(await putTwebSettings(call.ctx, municipalityId, settings, actorOf(call)));
  },
  'exchange.files': async ({ ctx }, { municipalityId, limit }) => {
    await municipality(ctx, municipalityId);
    return asRows(await listExchangeFiles(ctx, municipalityId, limit));
  },
  'exchange.exportMonth': async ({ ctx }, { providerId, month }) =>
    asDoc(await exportMonth(ctx, providerId, month)) ?? {},
  'exchange.import': async (call, { municipalityId, format, name }) => {
    // Only the upload route hands a file over; the same name called as JSON has none.
    if (call.upload === undefined) throw new CareDockError('input.invalid', { details: 'file' });
    await municipality(call.ctx, municipalityId);
    // The import's own audit row and its exchange-file row (source 'console') record it.
    return importUpload(call.ctx, municipalityId, format, name, call.upload, 'console');
  },
  'inbox.messages': async ({ ctx }, { municipalityId, limit }) => {
    await municipality(ctx, municipalityId);
    return asRows(await listMessages(ctx, municipalityId, limit));
  },
  'inbox.cost': async ({ ctx }, { municipalityId }) => {
    await municipality(ctx, municipalityId);
    return asDoc(await inboxCost(ctx, municipalityId)) ?? {};
  },
  'inbox.consent': async (call, { municipalityId, recipientId, consent, weekly }) => {
    await municipality(call.ctx, municipalityId);
    return (
      asDoc(await putConsent(call.ctx, municipalityId, recipientId, { consent, weekly }, actorOf(call))) ?? {}
    );
  },
  'tweb.transactions': async ({ ctx }, { municipalityId, limit }) => {
    await municipality(ctx, municipalityId);
    return asRows(await listTransactions(ctx, municipalityId, limit));
  },
};
