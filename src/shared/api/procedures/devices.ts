import { z } from 'zod';

/**
 * What a configured dock's path may be: a Windows port (COM3, \\.\COM12), a device file
 * (/dev/ttyUSB0, /dev/serial/by-id/…) or a TCP dock (tcp://127.0.0.1:7001). Plain ASCII only.
 */
export function isSerialPath(path: string): boolean {
  return (
    /^(\\\\\.\\)?COM[1-9]\d{0,2}$/i.test(path) ||
    /^\/dev\/[A-Za-z0-9._\-/:]+$/.test(path) ||
    /^tcp:\/\/[A-Za-z0-9.\-]+:\d{1,5}$/.test(path)
  );
}
import { procedure } from '../define.ts';
import { isoTime, none, ok } from './common.ts';

export const tagUid = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([0-9A-F]{8}|[0-9A-F]{10}|[0-9A-F]{14}|[0-9A-F]{20})$/, 'a tag UID is 8, 10, 14 or 20 hex digits');
const id = z.string().trim().min(1).max(64);

export const staffRecord = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  source: z.enum(['local', 'server']),
});
export const penRecord = z.object({
  serial: z.string(),
  model: z.string(),
  firmware: z.string(),
  label: z.string(),
  firstSeenAt: isoTime,
  lastSeenAt: isoTime,
  batteryPercent: z.number().int().nullable(),
  highestSeq: z.number().int(),
  staff: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export const assignmentRecord = z.object({
  id: z.number().int(),
  penSerial: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  validFrom: isoTime,
  validTo: isoTime.nullable(),
  assignedBy: z.string().nullable(),
});
export const serialDockRecord = z.object({
  id: z.number().int(),
  path: z.string(),
  label: z.string(),
  baudRate: z.number().int(),
  kind: z.enum(['pen-dock', 'tag-reader']),
  enabled: z.boolean(),
});
export const tagRecord = z.object({
  uid: z.string(),
  recipientId: z.string().nullable(),
  recipientName: z.string().nullable(),
  label: z.string(),
  enrolledAt: isoTime,
});
export const recipientSummary = z.object({
  id: z.string(),
  name: z.string(),
  protectedIdentity: z.boolean(),
});

export type StaffRecord = z.infer<typeof staffRecord>;
export type PenInfo = z.infer<typeof penRecord>;
export type AssignmentRecord = z.infer<typeof assignmentRecord>;
export type SerialDockRecord = z.infer<typeof serialDockRecord>;
/** A configured port as the list shows it, with whether CareDock can see it now. */
export const serialDockState = z.enum(['found', 'notFound', 'network', 'disabled', 'unchecked']);
export const serialDockListed = serialDockRecord.extend({ state: serialDockState });
export type TagRecord = z.infer<typeof tagRecord>;

export const deviceProcedures = {
  'staff.list': procedure({
    access: ['admin', 'office', 'coordinator'],
    readonly: true,
    input: none,
    output: z.array(staffRecord),
  }),
  'staff.create': procedure({
    access: ['admin'],
    input: z.object({ name: z.string().trim().min(1).max(120) }).strict(),
    output: staffRecord,
  }),
  'recipients.search': procedure({
    access: ['admin', 'office', 'coordinator'],
    readonly: true,
    input: z.object({ query: z.string().trim().max(80).default('') }).strict(),
    output: z.array(recipientSummary),
  }),
  'pens.list': procedure({
    access: ['admin', 'office'],
    readonly: true,
    input: none,
    output: z.array(penRecord),
  }),
  'pens.update': procedure({
    access: ['admin'],
    input: z.object({ serial: id, label: z.string().trim().max(60) }).strict(),
    output: penRecord,
  }),
  'pens.assign': procedure({
    access: ['admin'],
    input: z.object({ serial: id, staffId: id.nullable(), from: isoTime.optional() }).strict(),
    output: z.array(assignmentRecord),
  }),
  'pens.assignments': procedure({
    access: ['admin', 'office'],
    readonly: true,
    input: z.object({ serial: id }).strict(),
    output: z.array(assignmentRecord),
  }),
  'serialDocks.list': procedure({
    access: ['admin'],
    readonly: true,
    input: none,
    output: z.array(serialDockListed),
  }),
  'serialDocks.add': procedure({
    access: ['admin'],
    input: z
      .object({
        path: z
          .string()
          .trim()
          .max(200)
          .superRefine((value, ctx) => {
            if (!isSerialPath(value))
              ctx.addIssue({
                code: 'custom',
                message: 'a serial port (COM3, /dev/ttyUSB0) or tcp://host:port',
                params: { catalogue: 'devices.serialPathInvalid', value: value.slice(0, 40) },
              });
          }),
        label: z.string().trim().max(60).default(''),
        kind: z.enum(['pen-dock', 'tag-reader']).default('pen-dock'),
        baudRate: z.number().int().min(1200).max(1_000_000).optional(),
      })
      .strict(),
    output: serialDockRecord,
  }),
  'serialDocks.remove': procedure({
    access: ['admin'],
    input: z.object({ id: z.number().int() }).strict(),
    output: ok,
  }),
  'tags.list': procedure({ access: ['admin'], readonly: true, input: none, output: z.array(tagRecord) }),
  'tags.enrol': procedure({
    access: ['admin'],
    input: z
      .object({ uid: tagUid, recipientId: id.nullable(), label: z.string().trim().max(60).default('') })
      .strict(),
    output: tagRecord,
  }),
  /** Stops waiting for a tag and closes the readers' ports. */
  'tags.cancelRead': procedure({ access: ['admin'], input: none, output: ok }),
  /** Waits for the next tag held to a configured tag reader ("hold the tag to the reader"). */
  'tags.readFromReader': procedure({
    access: ['admin'],
    input: z.object({ timeoutSeconds: z.number().int().min(1).max(120).default(30) }).strict(),
    output: z.object({ uid: z.string(), reader: z.string() }),
  }),
};
