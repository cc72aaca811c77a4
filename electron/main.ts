/**
 * Electron entry: one instance, one secure window, the renderer served from app://sysbtape/, every
 * navigation, popup and permission request denied (but desktop notifications for the app's pages), and the API bound through one IPC chokepoint.
 * The work itself lives in services/ (no Electron there); byte-heavy steps run off this thread.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CLOSE_BUTTONS, closeWarning, STOP_AND_QUIT } from './close-guard.ts';
import { SECURITY_HEADERS } from './content-security-policy.ts';
import { bindIpc, forwardEvents, trustedSender } from './ipc.ts';
import { APP_HOST, APP_SCHEME, APP_START_URL, isAppUrl } from './navigation-policy.ts';
import { permissionAllowed } from './permission-policy.ts';
import { contentTypeFor, resolveRendererFile } from './static-files.ts';
import { type ApiService, createApiService } from './services/api.ts';
import { defaultStagingRoot, resolveCatalogPath } from './services/catalog/catalog-path.ts';
import { SafeStorageSecretStore } from './services/api/secret-store.ts';
import { electronPdfPrinter } from './pdf-print.ts';
import { startFailureText } from './start-failure.ts';

// Compiled layout: dist/electron/main.js and preload.cjs; the renderer is built into renderer/dist.
const here = import.meta.dirname;
const appRoot = path.resolve(here, '..', '..');
const rendererDir = path.join(appRoot, 'renderer', 'dist');
const preloadPath = path.join(here, 'preload.cjs');

// The service once start() has created it, and its shutdown once begun (it must run only once).
let service: ApiService | null = null;
let closing: Promise<void> | null = null;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// A tape drive has one user: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // No window means nothing left to do: stop the service (jobs cancelled and recorded), then quit, so no
  // windowless process keeps the single-instance lock and swallows every relaunch.
  app.on('window-all-closed', closeServiceThenQuit);
  void app.whenReady().then(start).catch(failStart);
}

/** Closes the service once, however many of 'closed', 'window-all-closed' and a failed start ask for it. */
function closeService(): Promise<void> {
  closing ??= (service?.close() ?? Promise.resolve()).catch((err: unknown) => console.error(err));
  return closing;
}

let quitting = false;
/** Quits after the service has stopped its jobs and closed the catalog. */
function closeServiceThenQuit(): void {
  if (quitting) return;
  quitting = true;
  void closeService().finally(() => app.quit());
}

/**
 * A start that failed (damaged or locked catalog, missing files) is shown to the operator with what to do,
 * then the process exits: a silent, windowless process would hold the single-instance lock forever.
 */
async function failStart(err: unknown): Promise<void> {
  console.error(err);
  dialog.showErrorBox('SysbTape could not start', startFailureText(err));
  await closeService();
  app.exit(1);
}

async function start(): Promise<void> {
  // Only desktop notifications, only for the app's own pages (permission-policy.ts).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveRendererFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { ...SECURITY_HEADERS, 'content-type': contentTypeFor(file) } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  // The same catalog and server list as the CLI, so both see the same cartridges.
  const catalogPath = resolveCatalogPath(undefined);
  service = await createApiService({
    catalogPath,
    stagingDir: defaultStagingRoot(catalogPath),
    transport: 'electron',
    version: app.getVersion(),
    secrets: new SafeStorageSecretStore(safeStorage, path.join(app.getPath('userData'), 'secrets.json')),
    // The dialog's answer is only a suggestion: the extract handler checks the folder like a typed one.
    chooseFolder: async (title) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options = { title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    // Print label / Print card print the PDF file itself (a hidden window and the system print dialog).
    printer: electronPdfPrinter(() => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null),
  });
  const windows = new Set<number>();
  const api = service;
  bindIpc(ipcMain, api, trustedSender(windows));

  // Every security option written out, even where it is Electron's default, so reviewers and
  // scanners (electronegativity) see them and a changed default cannot weaken the window.
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'SysbTape',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const id = win.webContents.id;
  windows.add(id);
  const stopEvents = forwardEvents(api, (channel, message) => {
    if (!win.isDestroyed()) win.webContents.send(channel, message);
  });
  win.once('ready-to-show', () => win.show());
  let closeConfirmed = false;
  win.on('close', (event: { preventDefault(): void }) => {
    if (closeConfirmed) return;
    event.preventDefault();
    void (async () => {
      const warning = closeWarning(await api.handlers.listJobs({}));
      if (warning) {
        const answer = await dialog.showMessageBox(win, {
          type: 'warning',
          title: 'A job is running',
          message: warning.message,
          detail: warning.detail,
          buttons: [...CLOSE_BUTTONS],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        });
        if (answer.response !== STOP_AND_QUIT) return;
      }
      closeConfirmed = true;
      win.close();
    })();
  });
  win.on('closed', () => {
    windows.delete(id);
    stopEvents();
    // Running jobs are cancelled and given time to record it before the catalog closes.
    closeServiceThenQuit();
  });
  await win.loadURL(APP_START_URL);
}
