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
    .object({ new: z.number().int(), duplicates: z.number().int(), flagged: z.number().int() })
    .nullable(),
  /** Catalogue codes worth showing beside a good result: battery low, clock reset, nothing new. */
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
  errorCode: z.string().nullable(),
  clockOffsetMs: z.number().int().nullable(),
  clockSet: z.boolean(),
});
export type DockSessionRecord = z.infer<typeof dockSessionRecord>;

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
