import { z } from 'zod';

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
  firstSeq: positive.max(0xffff_0000).optional(),
  seed: z.number().int().optional(),
  clockOffsetSeconds: z
    .number()
    .int()
    .min(-10 * 365 * 86400)
    .max(10 * 365 * 86400)
    .optional(),
  clockReset: z.boolean().optional(),
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
});

export type SimPenOptions = z.infer<typeof simPenSchema>;
export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
