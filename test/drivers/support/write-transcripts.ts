// Writes test/drivers/transcripts/*.txt. Run by hand after a deliberate protocol change:
//   node test/drivers/support/write-transcripts.ts
// Each file states its session options and the expected outcome in "#!" header lines, which
// transcripts.test.ts reads. New transcripts from the field (recorded with
// createRecordingTransport) can be dropped into the folder with the same headers.
import { writeFileSync } from 'node:fs';
import { encodeFrame, encodeMessage, toHex } from '../../../drivers/index.ts';
import type { Message, PenIdentity, PenRecord } from '../../../drivers/index.ts';

const NOW = 1767258000; // 2026-01-01T09:00:00Z

function frame(seq: number, slot: number, message: Message, overrideCommand?: number): Uint8Array {
  const { command, payload } = encodeMessage(message);
  return encodeFrame({ seq, slot, command: overrideCommand ?? command, payload });
}

const hex = (bytes: Uint8Array): string => toHex(bytes).replace(/(..)(?!$)/g, '$1 ');

function identity(over: Partial<PenIdentity> = {}): PenIdentity {
  return {
    serial: 'P1234',
    model: 'CDP-100',
    firmware: '1.0.0',
    batteryPercent: 76,
    lowBattery: false,
    clockReset: false,
    penClock: NOW + 20,
    recordCount: 3,
    firstSeq: 41,
    lastSeq: 43,
    ...over,
  };
}

const RECORDS: PenRecord[] = [
  {
    seq: 41,
    tagUid: '04A1B2C3',
    penTime: NOW - 7200,
    kind: 'arrive',
    taskCode: 0,
    lowBattery: false,
    clockReset: false,
  },
  {
    seq: 42,
    tagUid: '04112233445566',
    penTime: NOW - 6900,
    kind: 'task',
    taskCode: 105,
    lowBattery: false,
    clockReset: false,
  },
  {
    seq: 43,
    tagUid: '0411223344556677AABB',
    penTime: NOW - 5400,
    kind: 'depart',
    taskCode: 0,
    lowBattery: false,
    clockReset: false,
  },
];

class Script {
  readonly lines: string[] = [];
  constructor(title: string, headers: Record<string, string>) {
    this.lines.push(`# ${title}`);
    for (const [k, v] of Object.entries(headers)) this.lines.push(`#! ${k}: ${v}`);
  }
  note(text: string): this {
    this.lines.push(`# ${text}`);
    return this;
  }
  host(bytes: Uint8Array, what: string): this {
    this.lines.push(`=> ${hex(bytes)}  # ${what}`);
    return this;
  }
  dock(bytes: Uint8Array, what: string): this {
    this.lines.push(`<= ${hex(bytes)}  # ${what}`);
    return this;
  }
  disconnect(): this {
    this.lines.push('!! disconnect');
    return this;
  }
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

const base = { now: String(NOW), batch: '2', slot: '1' };
const scripts: Record<string, Script> = {};

scripts['upload-three-records'] = new Script(
  'Happy path: identify, two read batches, each acknowledged after commit.',
  {
    ...base,
    expect: 'ok',
    committed: '41,42|43',
    acknowledged: '43',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity() }),
    'P1234 CDP-100, 3 records 41..43, clock 20 s ahead',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41, at most 2')
  .dock(frame(1, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42 (after commit)')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged, 1 remaining')
  .host(frame(3, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43')
  .dock(frame(3, 1, { type: 'records', records: RECORDS.slice(2) }), 'record 43')
  .host(frame(4, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(4, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged, pen empty');

scripts['set-clock-after-drift'] = new Script('Pen clock an hour behind: upload, then set the clock.', {
  ...base,
  batch: '200',
  expect: 'ok',
  committed: '41,42,43',
  acknowledged: '43',
  clockSet: String(NOW),
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity({ penClock: NOW - 3600 }) }),
    'pen clock 3600 s behind',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 200 }), 'read from 41')
  .dock(frame(1, 1, { type: 'records', records: RECORDS }), 'records 41..43')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged')
  .host(frame(3, 1, { type: 'setClock', time: NOW }), 'set clock to PC time')
  .dock(frame(3, 1, { type: 'clockSet', time: NOW }), 'clock set');

scripts['no-new-records'] = new Script('An empty pen: identify only, a notice, no commit.', {
  ...base,
  expect: 'ok',
  committed: '',
  notices: 'device.noNewRecords',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity({ recordCount: 0, firstSeq: 0, lastSeq: 0 }) }),
    'no records',
  );

scripts['dock-info-and-empty-slot'] = new Script(
  'Four-slot dock: dock info, then identify on empty slot 2 is refused.',
  {
    ...base,
    slot: '2',
    dockInfo: '4:1,3',
    expect: 'error device.slotEmpty',
  },
)
  .host(frame(0, 0, { type: 'dockInfo' }), 'dock info (slot 0)')
  .dock(
    frame(0, 0, { type: 'dockInfoReply', slotCount: 4, occupiedSlots: [1, 3] }),
    '4 slots, pens in 1 and 3',
  )
  .host(frame(1, 2, { type: 'identify' }), 'identify slot 2')
  .dock(frame(1, 2, { type: 'nak', code: 0x04, rejectedCommand: 0x01 }, 0xff), 'NAK 04 slot empty');

scripts['nak-battery-critical'] = new Script('The pen refuses to transmit on a critical battery.', {
  ...base,
  expect: 'error device.batteryCritical',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity({ batteryPercent: 2, lowBattery: true }) }),
    'battery 2 %',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(frame(1, 1, { type: 'nak', code: 0x06, rejectedCommand: 0x02 }, 0xff), 'NAK 06 battery critical');

scripts['nak-bad-range-on-acknowledge'] = new Script(
  'The pen refuses an acknowledge beyond what it stores.',
  {
    ...base,
    expect: 'error device.protocol',
    committed: '41,42',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read')
  .dock(frame(1, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(frame(2, 1, { type: 'nak', code: 0x03, rejectedCommand: 0x03 }, 0xff), 'NAK 03 bad range');

const corrupt = frame(1, 1, { type: 'records', records: RECORDS.slice(0, 2) });
corrupt[corrupt.length - 1] = (corrupt[corrupt.length - 1] ?? 0) ^ 0x01;
scripts['crc-error-retry'] = new Script(
  'A read reply fails its CRC: the host re-sends the same frame at once.',
  {
    ...base,
    expect: 'ok',
    committed: '41,42|43',
    acknowledged: '43',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(corrupt, 'records 41, 42 with a damaged CRC')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 're-sent, same seq')
  .dock(frame(1, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged')
  .host(frame(3, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43')
  .dock(frame(3, 1, { type: 'records', records: RECORDS.slice(2) }), 'record 43')
  .host(frame(4, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(4, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

const whole = frame(0, 1, {
  type: 'identity',
  identity: identity({ recordCount: 0, firstSeq: 0, lastSeq: 0 }),
});
scripts['dropped-byte-retry'] = new Script(
  'A byte of the identify reply is lost: after the inter-byte timeout the host re-sends.',
  {
    ...base,
    expect: 'ok',
    committed: '',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(Uint8Array.from([...whole.subarray(0, 20), ...whole.subarray(21)]), 'identity with byte 20 lost')
  .host(frame(0, 1, { type: 'identify' }), 're-sent after the stall')
  .dock(whole, 'identity');

scripts['garbage-before-replies'] = new Script('Line noise before and between answers is skipped.', {
  ...base,
  expect: 'ok',
  committed: '41,42,43',
  batch: '3',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(Uint8Array.from([0x00, 0xff, 0xa5, 0x13, 0xa5, 0xa5, 0x5a]), 'noise, including start-marker bytes')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 3 }), 'read')
  .dock(Uint8Array.from([0xa5, 0x5a, 0x01, 0x00]), 'a broken header')
  .dock(frame(1, 1, { type: 'records', records: RECORDS }), 'records 41..43')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

scripts['stale-reply-ignored'] = new Script('A late duplicate of an earlier answer (old seq) is ignored.', {
  ...base,
  expect: 'ok',
  committed: '41,42,43',
  batch: '3',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 3 }), 'read')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity() }),
    'late duplicate of the identify answer (seq 00)',
  )
  .dock(frame(1, 1, { type: 'records', records: RECORDS }), 'records 41..43')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

const silent = new Script('The device never answers: four attempts, then "no answer".', {
  ...base,
  expect: 'error device.noResponse',
});
for (let i = 0; i < 4; i++)
  silent.host(frame(0, 1, { type: 'identify' }), i === 0 ? 'identify' : `re-sent (${i})`);
scripts['no-response'] = silent;

const stuck = new Script('The pen answers identify, then goes quiet: four read attempts, then timeout.', {
  ...base,
  expect: 'error device.timeout',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records');
for (let i = 0; i < 4; i++)
  stuck.host(
    frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }),
    i === 0 ? 'read' : `re-sent (${i})`,
  );
scripts['timeout-mid-session'] = stuck;

const noisy = new Script('Every answer is damaged: four attempts, then "unplug and retry".', {
  ...base,
  expect: 'error device.unplugRetry',
});
const badIdentity = frame(0, 1, { type: 'identity', identity: identity() });
badIdentity[12] = (badIdentity[12] ?? 0) ^ 0x40;
for (let i = 0; i < 4; i++)
  noisy
    .host(frame(0, 1, { type: 'identify' }), i === 0 ? 'identify' : `re-sent (${i})`)
    .dock(badIdentity, 'damaged identity');
scripts['crc-errors-exhausted'] = noisy;

scripts['disconnect-mid-read'] = new Script(
  'The dock is unplugged during a read: nothing acknowledged past the commit.',
  {
    ...base,
    expect: 'error device.disconnectedMidRead',
    committed: '41,42',
    acknowledged: '42',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(frame(1, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged')
  .host(frame(3, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43')
  .disconnect();

scripts['unknown-model'] = new Script('A pen model we do not support is refused after identify.', {
  ...base,
  expect: 'error device.unknownModel',
})
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity({ model: 'CDP-050' }) }), 'first-series pen');

scripts['records-out-of-range'] = new Script(
  'The pen sends a record it did not announce: a protocol error, nothing committed.',
  {
    ...base,
    expect: 'error device.protocol',
    committed: '',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity({ recordCount: 1, firstSeq: 41, lastSeq: 41 }) }),
    '1 record: 41',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read')
  .dock(frame(1, 1, { type: 'records', records: RECORDS.slice(1, 2) }), 'record 42, outside 41..41');

scripts['clock-reset'] = new Script(
  'A pen whose clock was reset: records flagged, notice given, clock set.',
  {
    ...base,
    batch: '200',
    expect: 'ok',
    committed: '41,42,43',
    acknowledged: '43',
    clockSet: String(NOW),
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, { type: 'identity', identity: identity({ clockReset: true, penClock: 946684800 + 7200 }) }),
    'clock reset, reads 2000-01-01T02:00Z',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 200 }), 'read')
  .dock(
    frame(1, 1, {
      type: 'records',
      records: RECORDS.map((r) => ({ ...r, clockReset: true, penTime: r.penTime - NOW + 946684800 + 7200 })),
    }),
    'records flagged clock reset',
  )
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged')
  .host(frame(3, 1, { type: 'setClock', time: NOW }), 'set clock')
  .dock(frame(3, 1, { type: 'clockSet', time: NOW }), 'clock set');

/** A records reply whose payload is changed after encoding: a pen breaking §3 on the wire. */
function brokenRecords(
  seq: number,
  records: PenRecord[],
  breakAt: number,
  change: (record: Uint8Array) => void,
): Uint8Array {
  const { command, payload } = encodeMessage({ type: 'records', records });
  let at = 1;
  for (let i = 0; i < breakAt; i++) at += 13 + (records[i]?.tagUid.length ?? 0) / 2;
  change(payload.subarray(at));
  return encodeFrame({ seq, slot: 1, command, payload });
}
const badKind = (record: Uint8Array): void => {
  record[8] = 0x09;
};
const badUidLength = (record: Uint8Array): void => {
  record[12] = 0x05;
};

const busy = (seq: number, command: number): Uint8Array =>
  frame(seq, 1, { type: 'nak', code: 0x05, rejectedCommand: command }, 0xff);
const busyOnce = new Script(
  'The pen answers busy (NAK 05) twice: asked again each time as a new request, then it answers.',
  { ...base, busyRetryMs: '5', expect: 'ok', committed: '41,42|43', acknowledged: '43' },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(busy(0, 0x01), 'NAK 05 busy')
  .host(frame(1, 1, { type: 'identify' }), 'identify again, a new request (seq 01)')
  .dock(busy(1, 0x01), 'NAK 05 busy')
  .host(frame(2, 1, { type: 'identify' }), 'identify again (seq 02)')
  .dock(frame(2, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(3, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(frame(3, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(4, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(busy(4, 0x03), 'NAK 05 busy: writing its flash')
  .host(frame(5, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge again')
  .dock(frame(5, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged')
  .host(frame(6, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43')
  .dock(frame(6, 1, { type: 'records', records: RECORDS.slice(2) }), 'record 43')
  .host(frame(7, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(7, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');
scripts['nak-busy-retried'] = busyOnce;

const busyAlways = new Script(
  'The pen stays busy: asked again 10 times (not counted as lost frames), then "the pen is busy".',
  { ...base, busyRetryMs: '1', expect: 'error device.penBusy' },
);
for (let i = 0; i <= 10; i++)
  busyAlways
    .host(frame(i, 1, { type: 'identify' }), i === 0 ? 'identify' : `identify again (${i})`)
    .dock(busy(i, 0x01), 'NAK 05 busy');
scripts['nak-busy-exhausted'] = busyAlways;

scripts['bad-record-quarantined'] = new Script(
  'Record 42 has a forbidden kind: 41 is stored, 42 is read alone and quarantined, all acknowledged.',
  {
    ...base,
    expect: 'ok',
    committed: '41||43',
    rejected: '42',
    acknowledged: '43',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(brokenRecords(1, RECORDS.slice(0, 2), 1, badKind), 'records 41, 42 (42 has kind 09)')
  .note('41 is taken; the reply is cut before 42, which is read again alone')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: 41 }), 'acknowledge up to 41')
  .dock(frame(2, 1, { type: 'acknowledged', upToSeq: 41, remaining: 2 }), 'acknowledged')
  .host(frame(3, 1, { type: 'readRecords', fromSeq: 42, maxCount: 1 }), 'read 42 alone')
  .dock(brokenRecords(3, RECORDS.slice(1, 2), 0, badKind), 'record 42 alone, kind 09')
  .note('quarantined with its bytes, then acknowledged like a stored record')
  .host(frame(4, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(frame(4, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged')
  .host(frame(5, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43, batches again')
  .dock(frame(5, 1, { type: 'records', records: RECORDS.slice(2) }), 'record 43')
  .host(frame(6, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(6, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

scripts['bad-uid-length-first'] = new Script(
  'The first record says UID length 5: its end cannot be found, so it is read alone and quarantined.',
  {
    ...base,
    batch: '3',
    expect: 'ok',
    committed: '|42,43',
    rejected: '41',
    acknowledged: '43',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(frame(0, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(1, 1, { type: 'readRecords', fromSeq: 41, maxCount: 3 }), 'read from 41')
  .dock(brokenRecords(1, RECORDS, 0, badUidLength), 'records 41..43, 41 says UID length 5')
  .host(frame(2, 1, { type: 'readRecords', fromSeq: 41, maxCount: 1 }), 'read 41 alone: the frame ends it')
  .dock(brokenRecords(2, RECORDS.slice(0, 1), 0, badUidLength), 'record 41 alone')
  .host(frame(3, 1, { type: 'acknowledge', upToSeq: 41 }), 'acknowledge up to 41 (quarantined)')
  .dock(frame(3, 1, { type: 'acknowledged', upToSeq: 41, remaining: 2 }), 'acknowledged')
  .host(frame(4, 1, { type: 'readRecords', fromSeq: 42, maxCount: 3 }), 'read from 42')
  .dock(frame(4, 1, { type: 'records', records: RECORDS.slice(1) }), 'records 42, 43')
  .host(frame(5, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(5, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

scripts['single-slot-without-dock-info'] = new Script(
  'A single-slot dock answers dock info with NAK 01: one slot, number 1, asked directly.',
  { ...base, dockInfo: '1:1', occupancy: 'unknown', expect: 'ok', committed: '41,42|43', acknowledged: '43' },
)
  .host(frame(0, 0, { type: 'dockInfo' }), 'dock info (slot 0)')
  .dock(frame(0, 0, { type: 'nak', code: 0x01, rejectedCommand: 0x05 }, 0xff), 'NAK 01: no dock info here')
  .host(frame(1, 1, { type: 'identify' }), 'identify slot 1')
  .dock(frame(1, 1, { type: 'identity', identity: identity() }), '3 records')
  .host(frame(2, 1, { type: 'readRecords', fromSeq: 41, maxCount: 2 }), 'read from 41')
  .dock(frame(2, 1, { type: 'records', records: RECORDS.slice(0, 2) }), 'records 41, 42')
  .host(frame(3, 1, { type: 'acknowledge', upToSeq: 42 }), 'acknowledge up to 42')
  .dock(frame(3, 1, { type: 'acknowledged', upToSeq: 42, remaining: 1 }), 'acknowledged')
  .host(frame(4, 1, { type: 'readRecords', fromSeq: 43, maxCount: 2 }), 'read from 43')
  .dock(frame(4, 1, { type: 'records', records: RECORDS.slice(2) }), 'record 43')
  .host(frame(5, 1, { type: 'acknowledge', upToSeq: 43 }), 'acknowledge up to 43')
  .dock(frame(5, 1, { type: 'acknowledged', upToSeq: 43, remaining: 0 }), 'acknowledged');

scripts['slot-above-count'] = new Script(
  'A request to slot 5 of a two-slot dock: there is no pen there, NAK 04 as for an empty slot.',
  { ...base, slot: '5', dockInfo: '2:1', expect: 'error device.slotEmpty' },
)
  .host(frame(0, 0, { type: 'dockInfo' }), 'dock info (slot 0)')
  .dock(frame(0, 0, { type: 'dockInfoReply', slotCount: 2, occupiedSlots: [1] }), '2 slots, a pen in 1')
  .host(frame(1, 5, { type: 'identify' }), 'identify slot 5')
  .dock(frame(1, 5, { type: 'nak', code: 0x04, rejectedCommand: 0x01 }, 0xff), 'NAK 04: no pen in slot 5');

const LAST = 0xffffffff;
const lastTwo: PenRecord[] = [
  { ...RECORDS[0]!, seq: LAST - 1 },
  { ...RECORDS[2]!, seq: LAST },
];
scripts['last-sequence-number'] = new Script(
  'A pen at the end of its numbers: records 4294967294 and 4294967295 are read and acknowledged.',
  { ...base, expect: 'ok', committed: `${LAST - 1},${LAST}`, acknowledged: String(LAST) },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, {
      type: 'identity',
      identity: identity({ recordCount: 2, firstSeq: LAST - 1, lastSeq: LAST }),
    }),
    '2 records, the last is 4294967295',
  )
  .host(frame(1, 1, { type: 'readRecords', fromSeq: LAST - 1, maxCount: 2 }), 'read from 4294967294')
  .dock(frame(1, 1, { type: 'records', records: lastTwo }), 'records 4294967294, 4294967295')
  .host(frame(2, 1, { type: 'acknowledge', upToSeq: LAST }), 'acknowledge up to 4294967295')
  .dock(
    frame(2, 1, { type: 'acknowledged', upToSeq: LAST, remaining: 0 }),
    'acknowledged; nothing is read after it',
  );

scripts['unfamiliar-model'] = new Script(
  'A model CareDock does not know is read all the same, with a notice.',
  {
    ...base,
    expect: 'ok',
    committed: '',
    notices: 'device.unfamiliarModel,device.noNewRecords',
  },
)
  .host(frame(0, 1, { type: 'identify' }), 'identify')
  .dock(
    frame(0, 1, {
      type: 'identity',
      identity: identity({ model: 'XQ-7 Pro', recordCount: 0, firstSeq: 0, lastSeq: 0 }),
    }),
    'model XQ-7 Pro, no records',
  );

const dir = new URL('../transcripts/', import.meta.url);
for (const [name, script] of Object.entries(scripts))
  writeFileSync(new URL(`${name}.txt`, dir), script.text());
console.log(`wrote ${Object.keys(scripts).length} transcripts`);
