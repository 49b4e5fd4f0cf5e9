import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReplayTransport, DockLink, isDriverError, runPenSession } from '../../drivers/index.ts';
import type { PenSessionResult } from '../../drivers/index.ts';

const dir = new URL('./transcripts/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

function headers(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of text.matchAll(/^#! ([a-zA-Z]+): ?(.*)$/gm))
    out.set(match[1] ?? '', (match[2] ?? '').trim());
  return out;
}

describe('recorded conversations', () => {
  it('cover every command and error path', () => {
    const all = files.map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
    const expects = new Set(files.map((f) => headers(readFileSync(new URL(f, dir), 'utf8')).get('expect')));
    for (const outcome of [
      'ok',
      'error device.slotEmpty',
      'error device.batteryCritical',
      'error device.penBusy',
      'error device.protocol',
      'error device.noResponse',
      'error device.timeout',
      'error device.unplugRetry',
      'error device.disconnectedMidRead',
      'error device.unknownModel',
    ]) {
      expect(expects, outcome).toContain(outcome);
    }
    for (const header of ['rejected', 'busyRetryMs', 'occupancy'])
      expect(all, header).toContain(`#! ${header}:`);
    for (const command of ['identify', 'read', 'acknowledge', 'set clock', 'dock info', 'NAK'])
      expect(all).toContain(`# ${command}`);
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(new URL(file, dir), 'utf8');
      const h = headers(text);
      const replay = createReplayTransport(text, file);
      const now = Number(h.get('now') ?? '0') * 1000;
      const committed: number[][] = [];
      const rejected: number[] = [];
      let lastAck: number | undefined;
      let result: PenSessionResult | undefined;
      let error: unknown;
      const link = new DockLink(replay, {
        replyTimeoutMs: 40,
        interByteTimeoutMs: 15,
        busyRetryMs: Number(h.get('busyRetryMs') ?? '500'),
      });
      await link.open();
      try {
        const dockInfo = h.get('dockInfo');
        if (dockInfo) {
          const [slots, occupied] = dockInfo.split(':');
          expect(await link.dockInfo()).toEqual({
            slotCount: Number(slots),
            occupiedSlots: (occupied ?? '').split(',').map(Number),
            occupancyKnown: h.get('occupancy') !== 'unknown',
          });
        }
        result = await runPenSession({
          link,
          slot: Number(h.get('slot') ?? '1'),
          batchSize: Number(h.get('batch') ?? '200'),
          now: () => now,
          commit: async (records, _raw, context) => {
            committed.push(records.map((r) => r.seq));
            rejected.push(...context.rejected.map((r) => r.seq));
          },
          onProgress: (p) => {
            if (p.step === 'acknowledge') lastAck = p.upToSeq;
          },
        });
      } catch (e) {
        error = e;
      } finally {
        await link.close();
      }

      const expected = h.get('expect') ?? '';
      if (expected === 'ok') expect(error).toBeUndefined();
      else {
        const code = expected.replace(/^error /, '');
        expect(isDriverError(error), String(error)).toBe(true);
        expect(isDriverError(error) && error.code).toBe(code);
      }
      if (h.has('committed')) {
        const want = h.get('committed')
          ? (h.get('committed') ?? '').split('|').map((b) => (b ? b.split(',').map(Number) : []))
          : [];
        expect(committed).toEqual(want);
      }
      expect(rejected).toEqual(h.has('rejected') ? (h.get('rejected') ?? '').split(',').map(Number) : []);
      if (h.has('acknowledged')) expect(lastAck).toBe(Number(h.get('acknowledged')));
      else if (expected !== 'ok') expect(lastAck).toBeUndefined();
      if (h.has('clockSet')) expect(result?.clock.setTo).toBe(Number(h.get('clockSet')));
      else if (result) expect(result.clock.setTo).toBeUndefined();
      if (h.has('notices')) expect(result?.notices).toEqual((h.get('notices') ?? '').split(','));
      replay.assertDone();
    });
  }
});
