import { z } from 'zod';
import { procedure } from '../define.ts';
import { errorBody } from '../envelope.ts';
import { isoTime, none, ok } from './common.ts';

export const slotState = z.enum([
  'identifying',
  'reading',
  'committing',
  'acknowledging',
  'settingClock',
  'done',
  'error',
  'cancelled',
]);

export const slotView = z.object({
  slot: z.number().int(),
  state: slotState,
  penSerial: z.string().nullable(),
  staffName: z.string().nullable(),
  batteryPercent: z.number().int().nullable(),
  done: z.number().int(),
  total: z.number().int(),
  result: z
    .object({
      new: z.number().int(),
      duplicates: z.number().int(),
      flagged: z.number().int(),
      /** Records that broke the protocol: kept for support, not registrations (docking.quarantine). */
      quarantined: z.number().int(),
    })
    .nullable(),
  /** Catalogue codes worth showing beside a result: battery, clock, model, quarantine, nothing new. */
  notices: z.array(errorBody),
  error: errorBody.nullable(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export const dockView = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['usb', 'serial', 'tcp', 'simulated']),
  connected: z.boolean(),
  slotCount: z.number().int(),
  slots: z.array(slotView),
  error: errorBody.nullable(),
});
export const dockingState = z.object({ docks: z.array(dockView) });
export type SlotView = z.infer<typeof slotView>;
export type DockView = z.infer<typeof dockView>;
export type DockingState = z.infer<typeof dockingState>;

export const dockSessionRecord = z.object({
  id: z.string(),
  penSerial: z.string().nullable(),
  dock: z.string(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  newCount: z.number().int(),
  duplicateCount: z.number().int(),
  flaggedCount: z.number().int(),
  quarantinedCount: z.number().int(),
  /** The error the session ended with, with the parameters it was shown with. */
  error: errorBody.nullable(),
  clockOffsetMs: z.number().int().nullable(),
  clockSet: z.boolean(),
  /** The pen said its clock had been reset (so the offset says nothing about drift). */
  clockReset: z.boolean(),
});
export type DockSessionRecord = z.infer<typeof dockSessionRecord>;

/** A record a pen sent that broke the protocol, kept with its bytes (spec §5.3). */
export const quarantinedRecord = z.object({
  penSerial: z.string(),
  sequence: z.number().int(),
  fault: z.enum(['seq', 'kind', 'taskCode', 'flags', 'uidLength', 'length']),
  /** The record's bytes as the pen sent them, upper-case hex: for support. */
  bytesHex: z.string(),
  receivedAt: isoTime,
  sessionId: z.string().nullable(),
});
export type QuarantinedRecord = z.infer<typeof quarantinedRecord>;

export const dockingProcedures = {
  'docking.state': procedure({
    access: ['office', 'admin'],
    readonly: true,
    input: none,
    output: dockingState,
  }),
  'docking.cancel': procedure({
    access: ['office', 'admin'],
    input: z.object({ dockId: z.string().min(1).max(200) }).strict(),
    output: ok,
  }),
  'docking.history': procedure({
    access: ['office', 'admin'],
    readonly: true,
    input: z
      .object({
        penSerial: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: z.array(dockSessionRecord),
  }),
  'docking.quarantine': procedure({
    access: ['office', 'admin'],
    readonly: true,
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.object({ records: z.array(quarantinedRecord), total: z.number().int() }),
  }),
  /** Attaches a virtual dock with simulated pens, so the UI can be tried without hardware. */
  'docking.attachSimulator': procedure({
    access: ['admin'],
    input: z
      .object({
        pens: z.number().int().min(1).max(8).default(1),
        records: z.number().int().min(0).max(20_000).default(200),
        seed: z.number().int().default(1),
        clockOffsetSeconds: z.number().int().default(0),
        /** Paces the simulated pens like a serial line; 0 sends as fast as the process can. */
        baudRate: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict(),
    output: z.object({ dockId: z.string() }),
  }),
};
