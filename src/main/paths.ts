import os from 'node:os';
import path from 'node:path';

/**
 * Where a user's CareDock data lives by default, following each OS's convention
 * (the same folder Electron's app.getPath('userData') picks for the product name).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CAREDOCK_DATA) return path.resolve(env.CAREDOCK_DATA);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'CareDock');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'CareDock');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'CareDock');
}

export interface DataPaths {
  root: string;
  database: string;
  backups: string;
  logs: string;
  lockFile: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: path.join(root, 'caredock.db'),
    backups: path.join(root, 'backups'),
    logs: path.join(root, 'logs'),
    lockFile: path.join(root, 'caredock.lock'),
  };
}
