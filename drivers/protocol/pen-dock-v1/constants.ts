// Numbers fixed by docs/protocol/pen-dock-v1.md. Change them only together with the spec.

export const START_1 = 0xa5;
export const START_2 = 0x5a;
export const PROTOCOL_VERSION = 0x01;

/** start(2) version seq slot command length(2) hcs */
export const HEADER_LENGTH = 9;
export const CRC_LENGTH = 2;
/** Large enough for 255 records with 10-byte UIDs (1 + 255 × 23 = 5,866 bytes). */
export const MAX_PAYLOAD = 8192;

/** Slot 0 addresses the dock itself; pens sit in slots 1..15. */
export const DOCK_SLOT = 0;
export const MAX_SLOT = 15;

export const MAX_BATCH = 255;
export const MAX_TEXT = 32;

export const COMMAND = {
  identify: 0x01,
  readRecords: 0x02,
  acknowledge: 0x03,
  setClock: 0x04,
  dockInfo: 0x05,
} as const;

export const REPLY_BIT = 0x80;
export const NAK = 0xff;

export const NAK_CODE = {
  unknownCommand: 0x01,
  badPayload: 0x02,
  badRange: 0x03,
  slotEmpty: 0x04,
  busy: 0x05,
  batteryCritical: 0x06,
  storageFault: 0x07,
} as const;

export type NakCodeName = keyof typeof NAK_CODE;

export const RECORD_KIND = { arrive: 1, depart: 2, task: 3 } as const;
export type RecordKind = keyof typeof RECORD_KIND;

export const RECORD_FLAG = { lowBattery: 0x01, clockReset: 0x02 } as const;
export const PEN_STATUS = { lowBattery: 0x01, clockReset: 0x02 } as const;

export const UID_LENGTHS: readonly number[] = [4, 7, 10];

/** Timing rules (milliseconds) from the spec's "Timing and retries" section (§6, §6.1). */
export const TIMING = {
  /** Host waits this long for the first byte of a reply before re-sending. */
  replyTimeoutMs: 1000,
  /** A gap this long inside a partly received frame means bytes were lost. */
  interByteTimeoutMs: 100,
  /** A pen must start answering within this. */
  penAnswerWithinMs: 500,
  /** Re-sends after the first attempt. */
  retries: 3,
  /** A busy pen (NAK 05) is asked again after this … */
  busyRetryMs: 500,
  /** … this many times for one request, before the session gives up on it for now. */
  busyRetries: 10,
} as const;
