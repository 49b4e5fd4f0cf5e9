export * from './constants.ts';
export { crc16, crc8 } from './crc.ts';
export { fromHex, toHex } from './bytes.ts';
export { encodeFrame } from './frame.ts';
export type { Frame } from './frame.ts';
export { FrameDecoder } from './decoder.ts';
export type { DecodeEvent, DecoderStats } from './decoder.ts';
export { isRecordProblem, recordLength, RECORD_FIXED_LENGTH } from './record.ts';
export type { PenRecord, RecordFault, RecordProblem, RejectedRecord } from './record.ts';
export { decodeMessage, encodeMessage, isRequest, replyCommandFor } from './messages.ts';
export type {
  DecodedMessage,
  EncodedMessage,
  Message,
  PenIdentity,
  ReplyMessage,
  RequestMessage,
} from './messages.ts';
export { PenSessionMachine, nakToCode } from './session-machine.ts';
export type {
  ClockCheck,
  ModelStatus,
  SessionAction,
  SessionNotice,
  SessionPlan,
  SessionSummary,
  SetClockPolicy,
} from './session-machine.ts';
