// The Electron shell: the only code that imports electron besides the preload. It builds the
// same core as the headless host and binds the one API to IPC.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  net,
  protocol,
  safeStorage,
  session,
  Tray,
  type WebContents,
} from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core, type CoreClient } from '../core.ts';
import { encryptedFileKeyStore } from '../sync/keystore.ts';
import { encryptedSecretStore } from '../integrations/secrets.ts';
import { traySummary } from '../docking/tray-summary.ts';
import { contentSecurityPolicyFor, trayIconDataUrl } from './policy.ts';
import { upgradeWindow } from './upgrade-window.ts';
import { encryptedDatabaseKey } from '../db/key.ts';
import { CareDockError, formatMessage, languageFromLocale } from '../../shared/errors/index.ts';

declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

const APP_ORIGIN = 'app://caredock';

// Must run before the app is ready: our renderer is served from a privileged scheme so that it
// gets real response headers (a strict CSP) instead of file:// with none.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let demo: { start(core: Core): Promise<void>; close(): Promise<void> } | null = null;
const clients = new Map<number, CoreClient>();

function rendererDir(): string {
  return path.join(__dirname, `../renderer/${MAIN_WINDOW_VITE_NAME}`);
}

/**
 * "Try the demo" on the first-run screen starts an embedded central server. Its code (src/server,
 * PGlite) is loaded only then, so the main bundle that every start loads does not carry it.
 */
async function startDemo(running: Core): Promise<void> {
  if (!demo) {
    const { demoOnRequest } = await import('../../cli/demo.ts');
    demo ??= demoOnRequest(app.getPath('userData'));
  }
  await demo.start(running);
}

function isOurFrame(url: string): boolean {
  if (url.startsWith(`${APP_ORIGIN}/`)) return true;
  return MAIN_WINDOW_VITE_DEV_SERVER_URL !== undefined && url.startsWith(MAIN_WINDOW_VITE_DEV_SERVER_URL);
}

function clientFor(contents: WebContents): CoreClient {
  let client = clients.get(contents.id);
  if (!client || !core) {
    if (!core) throw new Error('core not started');
    const created = core.connect();
    created.subscribe((message) => {
      if (!contents.isDestroyed()) contents.send('caredock:event', message);
    });
    contents.once('destroyed', () => {
      created.close();
      clients.delete(contents.id);
    });
    clients.set(contents.id, created);
    client = created;
  }
  return client;
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicyFor(MAIN_WINDOW_VITE_DEV_SERVER_URL)],
      },
    });
  });
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const root = rendererDir();
    const file = path.join(root, relative === '' ? 'index.html' : relative);
    if (!file.startsWith(root)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicyFor(undefined));
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'CareDock',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (MAIN_WINDOW_VITE_DEV_SERVER_URL) void mainWindow.loadURL(MAIN_WINDOW_VITE_DEV_SERVER_URL);
  else void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

function createTray(): void {
  tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  tray.setToolTip('CareDock');
  core?.docking.onChange((state) => tray?.setToolTip(traySummary(state)));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Öppna CareDock', click: () => (mainWindow ? mainWindow.show() : createWindow()) },
      { type: 'separator' },
      { label: 'Avsluta', click: () => app.quit() },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents, present or future: no navigation away, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurFrame(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOurFrame(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  ipcMain.handle('caredock:invoke', async (event, name: unknown, input: unknown) => {
    if (!event.senderFrame || !isOurFrame(event.senderFrame.url)) {
      return { ok: false, error: { code: 'host.notAuthorised', params: {} } };
    }
    if (typeof name !== 'string')
      return { ok: false, error: { code: 'input.invalid', params: { details: 'name' } } };
    return clientFor(event.sender).call(name, input);
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession();
      const language = languageFromLocale({ LANG: app.getLocale().replace('-', '_') });
      const upgrade = upgradeWindow(language);
      core = await createCore({
        onBackupProgress: (fraction) => upgrade.progress(fraction),
        dataDir: app.getPath('userData'),
        shell: 'electron',
        version: app.getVersion(),
        keyStore: encryptedFileKeyStore(
          (s) => safeStorage.encryptString(s),
          (b) => safeStorage.decryptString(b),
        ),
        secretStore: encryptedSecretStore(
          (s) => safeStorage.encryptString(s),
          (b) => safeStorage.decryptString(b),
        ),
        encryptDatabase: true,
        databaseKey: encryptedDatabaseKey(
          (s) => safeStorage.encryptString(s),
          (b) => safeStorage.decryptString(b),
        ),
        migrationsDir: app.isPackaged
          ? path.join(process.resourcesPath, 'migrations')
          : path.resolve(__dirname, '../../migrations'),
        startDemo: () => (core ? startDemo(core) : Promise.reject(new Error('not started'))),
      }).finally(() => upgrade.close());
      createTray();
      createWindow();
    })
    .catch((error: unknown) => {
      // A refusal from the catalogue (no room for the backup, a failed migration) is told plainly.
      if (error instanceof CareDockError)
        dialog.showErrorBox(
          'CareDock',
          formatMessage(
            error.code,
            error.params,
            languageFromLocale({ LANG: app.getLocale().replace('-', '_') }),
          ),
        );
      console.error('CareDock could not start', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    // The tray keeps CareDock running so docking goes on with the window closed (not on macOS).
    if (process.platform === 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    tray?.destroy();
    void core?.close().then(() => demo?.close());
  });
}
