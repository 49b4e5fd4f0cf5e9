import { chmodSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';

/** What securing the data folder found: paths (relative to it) others could read or enter. */
export interface DataFolderReport {
  dir: string;
  /** Open to other users of the PC when CareDock started, closed now. */
  wasOpen: string[];
  /** Still open: CareDock could not change them (another owner, a file system without modes). */
  stillOpen: string[];
}

export interface DataFolderFs {
  chmod(file: string, mode: number): void;
}

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
/** Any permission for the group or for others: the folder holds personnummer and registrations. */
const SHARED_BITS = 0o077;

/**
 * Makes the data folder the running user's alone, whatever was there before: folders 700, files
 * 600, down the whole tree (database, its WAL, backups, logs and rotated logs, keys), and a umask
 * so that everything CareDock writes from now on is born that way. Symbolic links are not
 * followed: what they point to is not ours to change. On Windows, where these modes mean
 * nothing, the folder's ACL (the user profile's) already keeps others out; nothing is changed.
 */
export function secureDataFolder(
  dir: string,
  fs: DataFolderFs = { chmod: chmodSync },
  platform: NodeJS.Platform = process.platform,
): DataFolderReport {
  const report: DataFolderReport = { dir, wasOpen: [], stillOpen: [] };
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (platform === 'win32') return report;
  process.umask(process.umask(SHARED_BITS) | SHARED_BITS);

  const visit = (file: string, info: Stats): void => {
    const relative = path.relative(dir, file) || '.';
    const want = info.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE;
    if ((info.mode & SHARED_BITS) !== 0) {
      report.wasOpen.push(relative);
      try {
        fs.chmod(file, (info.mode & 0o700) | want);
      } catch {
        // Checked again below: what could not be closed is reported, not hidden.
      }
      const after = lstatSync(file);
      if ((after.mode & SHARED_BITS) !== 0) report.stillOpen.push(relative);
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(file)) {
        const child = path.join(file, name);
        const childInfo = lstatSync(child, { throwIfNoEntry: false });
        if (childInfo && !childInfo.isSymbolicLink()) visit(child, childInfo);
      }
    }
  };
  visit(dir, lstatSync(dir));
  report.wasOpen = report.wasOpen.filter((p) => !report.stillOpen.includes(p));
  return report;
}

/** The warnings a person should see about the data folder, as catalogue entries. */
export function dataFolderWarnings(report: DataFolderReport): { code: string; params: { dir: string } }[] {
  if (report.stillOpen.length > 0) return [{ code: 'data.readable', params: { dir: report.dir } }];
  if (report.wasOpen.length > 0) return [{ code: 'data.wasReadable', params: { dir: report.dir } }];
  return [];
}
