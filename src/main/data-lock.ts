import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { CareDockError } from '../shared/errors/index.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One running CareDock per data folder: two docking managers on one database would fight over
 * the same pens. A lock left by a crashed process (its pid is gone) is taken over.
 */
export function acquireDataLock(file: string, dir: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid)
        throw new CareDockError('data.locked', { dir });
      unlinkSync(file);
    }
  }
  throw new CareDockError('data.locked', { dir });
}
