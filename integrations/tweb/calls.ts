// Each call of the TWeb interface (docs/integrations/tweb.md): its method and path, the request
// body CareDock sends (strict: nothing beyond the document's table) and the answer it reads
// (tolerant of fields a real endpoint adds). A scalar's `describe` is the document's type word, so
// the test that holds this file to the document compares types as well as names.
import { z } from 'zod';

export const MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Non-empty (not only spaces), at most `max` characters. */
export const text = (max: number) => z.string().max(max).regex(/\S/);
export const code = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,63}$/u)
  .describe('code');
export const twebId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\P{Cc}+$/u)
  .describe('id');
export const businessId = z
  .string()
  .regex(/^\d{7}-\d$/)
  .describe('business id');
const dateTime = z.iso.datetime({ offset: true }).describe('date-time');
const date = z.iso.date().describe('date');
const base64 = z.base64().describe('base64');
const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('sha256');
export const language = z.enum(['fi', 'sv']);

const party = z.object({ name: text(200), businessId: businessId.optional() }).strict();
const file = z.object({ name: text(200), mediaType: z.enum(MEDIA_TYPES), content: base64, sha256 }).strict();

export const createCaseRequest = z
  .object({
    title: text(500),
    caseGroup: code,
    language,
    initiator: party,
    receivedAt: dateTime,
    externalId: text(200),
  })
  .strict();
export const createCaseAnswer = z.object({ id: twebId, caseNumber: text(100) });

export const addDocumentRequest = z
  .object({
    title: text(500),
    documentType: code,
    language,
    author: party,
    createdAt: dateTime,
    externalId: text(200),
    file,
  })
  .strict();
export const addDocumentAnswer = z.object({ id: twebId, caseId: twebId });

export const createAssignmentRequest = z
  .object({
    title: text(500),
    language,
    sender: party,
    caseId: twebId.optional(),
    documentIds: z.array(twebId).optional(),
    files: z.array(file).optional(),
    assignees: z.object({ users: z.array(twebId), groups: z.array(twebId) }).strict(),
    dueDate: date.optional(),
    externalId: text(200),
  })
  .strict();
export const createAssignmentAnswer = z.object({ id: twebId });

export const lookupAnswer = z.object({
  key: text(255),
  state: z.enum(['inProgress', 'done']),
  resource: z.enum(['case', 'document', 'assignment']),
  id: twebId.optional(),
  caseNumber: text(100).optional(),
  caseId: twebId.optional(),
});

export const errorAnswer = z.object({
  error: code,
  message: text(2000).optional(),
  field: text(200).optional(),
  result: z.record(z.string(), z.unknown()).describe('answer').optional(),
});

export const calls = {
  createCase: {
    method: 'POST',
    path: '/cases',
    request: createCaseRequest,
    status: 201,
    answer: createCaseAnswer,
  },
  addDocument: {
    method: 'POST',
    path: '/cases/{caseId}/documents',
    request: addDocumentRequest,
    status: 201,
    answer: addDocumentAnswer,
  },
  createAssignment: {
    method: 'POST',
    path: '/assignments',
    request: createAssignmentRequest,
    status: 201,
    answer: createAssignmentAnswer,
  },
  lookup: {
    method: 'GET',
    path: '/idempotency-keys/{key}',
    request: null,
    status: 200,
    answer: lookupAnswer,
  },
} as const;
export type CallName = keyof typeof calls;

export type CreateCaseRequest = z.infer<typeof createCaseRequest>;
export type CreateCaseAnswer = z.infer<typeof createCaseAnswer>;
export type AddDocumentRequest = z.infer<typeof addDocumentRequest>;
export type AddDocumentAnswer = z.infer<typeof addDocumentAnswer>;
export type CreateAssignmentRequest = z.infer<typeof createAssignmentRequest>;
export type CreateAssignmentAnswer = z.infer<typeof createAssignmentAnswer>;
export type LookupAnswer = z.infer<typeof lookupAnswer>;
export type ErrorAnswer = z.infer<typeof errorAnswer>;
export type TwebFile = z.infer<typeof file>;
