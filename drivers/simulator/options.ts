import { z } from 'zod';
import { BAD_RECORD_FAULTS } from './virtual-pen.ts';

const positive = z.number().int().min(1);

export const simPenSchema = z.strictObject({
  serial: z
    .string()
    .regex(/^[\x20-\x7e]{1,32}$/)
    .optional(),
  model: z
    .string()
    .regex(/^[\x20-\x7e]{1,32}$/)
    .optional(),
  firmware: z
    .string()
    .regex(/^[\x20-\x7e]{1,32}$/)
    .optional(),
  battery: z.number().int().min(0).max(100).optional(),
  records: z.number().int().min(0).max(1_000_000).optional(),
  /** Up to 2^32 − 1, the last sequence a pen can ever use (spec §3). */
  firstSeq: positive.max(0xffff_ffff).optional(),
  seed: z.number().int().optional(),
  clockOffsetSeconds: z
    .number()
    .int()
    .min(-10 * 365 * 86400)
    .max(10 * 365 * 86400)
    .optional(),
  clockReset: z.boolean().optional(),
  clockResetKept: z.boolean().optional(),
  busy: z.number().int().min(0).max(1000).optional(),
  badRecords: z
    .array(z.strictObject({ seq: positive.max(0xffff_ffff), fault: z.enum(BAD_RECORD_FAULTS) }))
    .max(1000)
    .optional(),
  shiftAfterClockSet: z.number().int().min(0).max(10_000).optional(),
});

export const faultsSchema = z.strictObject({
  corruptCrcEvery: positive.optional(),
  dropByteEvery: positive.optional(),
  disconnectAfterRecords: z.number().int().min(0).optional(),
  slowAnswerMs: z.number().int().min(0).max(60_000).optional(),
});

export const simulatorConfigSchema = z.strictObject({
  /** Slot i + 1 gets pens[i]; null leaves that slot empty. */
  pens: z.array(simPenSchema.nullable()).min(1).max(15).optional(),
  /** Total slots; slots after the pens stay empty. */
  slots: z.number().int().min(1).max(15).optional(),
  baudRate: z.number().int().min(0).max(4_000_000).optional(),
  faults: faultsSchema.optional(),
  seed: z.number().int().optional(),
  /** false: a single-slot dock that answers dock info with NAK 01 (spec §4.5). */
  dockInfo: z.boolean().optional(),
  liftedMs: z.number().int().min(0).max(600_000).optional(),
});

export type SimPenOptions = z.infer<typeof simPenSchema>;
export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
