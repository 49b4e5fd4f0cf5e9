// A serial EM4100 tag reader for the UI test: two linked pseudo-terminals from socat. CareDock
// opens one end as the configured tag reader; the test "holds a tag to it" by writing the
// reader's frame into the other end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeEm4100 } from '../../../drivers/em4100/parser.ts';

export const socatAvailable = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface FakeTagReader {
  /** The path CareDock opens, as an admin types it in Admin → Devices. */
  readonly path: string;
  /** Sends one tag's frame, as the reader does when a tag is held to it. */
  holdTag(uid: string): void;
  close(): Promise<void>;
}

export async function startFakeTagReader(): Promise<FakeTagReader> {
  const socat: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths: string[] = [];
  let log = '';
  await new Promise<void>((resolve, reject) => {
    socat.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      for (const match of log.matchAll(/PTY is (\S+)/g)) {
        if (match[1] && !paths.includes(match[1])) paths.push(match[1]);
      }
      if (/starting data transfer loop/.test(log) && paths.length === 2) resolve();
    });
    socat.once('exit', (code) => reject(new Error(`socat exited (${code}): ${log}`)));
  });
  const [readerEnd, tagEnd] = paths as [string, string];
  return {
    path: readerEnd,
    holdTag(uid) {
      const fd = openSync(tagEnd, 'w');
      try {
        writeSync(fd, encodeEm4100(uid));
      } finally {
        closeSync(fd);
      }
    },
    async close() {
      if (socat.exitCode !== null || socat.signalCode !== null) return;
      const exited = once(socat, 'exit');
      socat.kill('SIGTERM');
      await exited;
    },
  };
}
