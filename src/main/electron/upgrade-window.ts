// A small window while the database is copied before an upgrade: what is happening and how far it
// has got (also on the taskbar icon). It shows only numbers the core computed; nothing else is
// ever put into its page.
import { BrowserWindow } from 'electron';
import { formatMessage, type Language } from '../../shared/errors/index.ts';

export interface UpgradeWindow {
  progress(fraction: number): void;
  close(): void;
}

export function upgradeWindow(language: Language): UpgradeWindow {
  let win: BrowserWindow | null = null;
  let shown = -1;
  const label = (percent: number) => formatMessage('db.backupProgress', { percent }, language);
  return {
    progress(fraction) {
      const percent = Math.floor(fraction * 100);
      if (percent === shown) return;
      shown = percent;
      if (!win) {
        // Only once there is something to copy: a start without a migration shows nothing.
        win = new BrowserWindow({
          width: 460,
          height: 140,
          resizable: false,
          title: 'CareDock',
          webPreferences: {
            sandbox: true,
            contextIsolation: true,
            nodeIntegration: false,
            javascript: false,
          },
        });
      }
      win.setProgressBar(fraction);
      const html = `<!doctype html><meta charset="utf-8"><body style="font:15px system-ui;margin:24px"><p>${label(percent)}</p><progress max="100" value="${percent}" style="width:100%"></progress>`;
      void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    },
    close() {
      win?.close();
      win = null;
    },
  };
}
