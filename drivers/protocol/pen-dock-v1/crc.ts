// Table-driven CRCs. Frames are short but a 5,000-record upload checks ~100 kB, so a table pays.

function buildCrc16Table(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ poly) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
}

function buildCrc8Table(poly: number): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ poly) & 0xff : (crc << 1) & 0xff;
    table[i] = crc;
  }
  return table;
}

const CRC16_TABLE = buildCrc16Table(0x1021);
const CRC8_TABLE = buildCrc8Table(0x07);

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0. Check("123456789") = 0x29B1. */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xff00) ^ (CRC16_TABLE[((crc >>> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

/** CRC-8/SMBUS: poly 0x07, init 0x00, no reflection, xorout 0. Check("123456789") = 0xF4. */
export function crc8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = CRC8_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0;
  return crc;
}
