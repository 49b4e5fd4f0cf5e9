import { crc16, crc8 } from './crc.ts';
import {
  CRC_LENGTH,
  HEADER_LENGTH,
  MAX_PAYLOAD,
  MAX_SLOT,
  PROTOCOL_VERSION,
  START_1,
  START_2,
} from './constants.ts';

/** One frame as it travels: addressing, command and payload. The CRCs are implicit. */
export interface Frame {
  /** 0..255, chosen by the host per request; a reply echoes it. */
  seq: number;
  /** 0 = the dock, 1..15 = a pen slot. */
  slot: number;
  command: number;
  payload: Uint8Array;
}

export function encodeFrame(frame: Frame): Uint8Array {
  const { seq, slot, command, payload } = frame;
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xff) throw new RangeError(`frame seq out of range: ${seq}`);
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT)
    throw new RangeError(`slot out of range: ${slot}`);
  if (!Number.isInteger(command) || command < 0 || command > 0xff)
    throw new RangeError(`command out of range: ${command}`);
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`payload too long: ${payload.length}`);
  const out = new Uint8Array(HEADER_LENGTH + payload.length + CRC_LENGTH);
  out[0] = START_1;
  out[1] = START_2;
  out[2] = PROTOCOL_VERSION;
  out[3] = seq;
  out[4] = slot;
  out[5] = command;
  out[6] = payload.length >>> 8;
  out[7] = payload.length & 0xff;
  out[8] = crc8(out, 2, 8);
  out.set(payload, HEADER_LENGTH);
  const crc = crc16(out, 2, HEADER_LENGTH + payload.length);
  out[HEADER_LENGTH + payload.length] = crc >>> 8;
  out[HEADER_LENGTH + payload.length + 1] = crc & 0xff;
  return out;
}
