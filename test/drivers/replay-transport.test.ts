import { describe, expect, it } from 'vitest';
import {
  createMemoryPair,
  createRecordingTransport,
  createReplayTransport,
  parseTranscript,
  TranscriptError,
} from '../../drivers/index.ts';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('transcript replayer and recorder', () => {
  it('answers matching writes with the following device lines, whatever the write chunking', async () => {
    const replay = createReplayTransport('=> 01 02 03\n<= AA BB  # answer\n<= CC\n=> 04\n');
    const got: number[] = [];
    const answered = new Promise<void>((resolve) => {
      replay.onData((d) => {
        got.push(...d);
        if (got.length === 3) resolve();
      });
    });
    await replay.open();
    await replay.write(bytes(1));
    await replay.write(bytes(2, 3));
    await answered;
    expect(got).toEqual([0xaa, 0xbb, 0xcc]);
    expect(() => replay.assertDone()).toThrow(/1 transcript step\(s\) left over, from line 4/);
    await replay.write(bytes(4));
    expect(() => replay.assertDone()).not.toThrow();
  });

  it('fails on an unexpected write and keeps failing in assertDone', async () => {
    const replay = createReplayTransport('=> 01 02\n<= 03\n');
    await replay.open();
    await expect(replay.write(bytes(1, 9))).rejects.toThrow(TranscriptError);
    expect(() => replay.assertDone()).toThrow(/line 1: wrote 0109, expected 0102/);
  });

  it('fails on a write after the transcript ended', async () => {
    const replay = createReplayTransport('=> 01\n');
    await replay.open();
    await replay.write(bytes(1));
    await expect(replay.write(bytes(2))).rejects.toThrow(/after the transcript ended/);
  });

  it('fails when writing while the device is expected to speak', async () => {
    const replay = createReplayTransport('<= 01\n=> 02\n');
    await replay.open();
    // The "<=" line is released on open, so the write matches the next "=>" line.
    await replay.write(bytes(2));
    replay.assertDone();
    const strict = createReplayTransport(parseTranscript('=> 01\n<= 02\n=> 03\n'));
    await strict.open();
    await expect(strict.write(bytes(3))).rejects.toThrow(/wrote 03, expected 01/);
  });

  it('plays a disconnect', async () => {
    const replay = createReplayTransport('=> 01\n!! disconnect\n');
    const lost = new Promise<string>((resolve) => replay.onDisconnect((e) => resolve(e.code)));
    await replay.open();
    await replay.write(bytes(1));
    expect(await lost).toBe('device.disconnectedMidRead');
  });

  it('rejects unreadable transcript lines with their line number', () => {
    expect(() => parseTranscript('# fine\n=> 0G\n')).toThrow(/line 2/);
    expect(() => parseTranscript('<> 00\n')).toThrow(/line 1/);
  });

  it('the recorder writes a transcript the replayer accepts', async () => {
    const pair = createMemoryPair();
    const recorder = createRecordingTransport(pair.host);
    await recorder.open();
    await pair.device.open();
    pair.device.onData((d) => void pair.device.write(Uint8Array.from(d, (x) => x ^ 0xff)));
    const echoed = new Promise<void>((resolve) => recorder.onData(() => resolve()));
    await recorder.write(bytes(0x10, 0x20));
    await echoed;
    expect(recorder.transcript()).toBe('=> 1020\n<= EFDF\n');
    const replay = createReplayTransport(recorder.transcript());
    await replay.open();
    await replay.write(bytes(0x10, 0x20));
    replay.assertDone();
  });
});
