import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as StandIn from './electron-stand-in.ts';

vi.mock('electron', () => import('./electron-stand-in.ts'));

let dir = '';
let standIn: typeof StandIn;

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition never became true');
}

beforeAll(async () => {
  // main.ts opens the CLI's default catalog and server list: point them into a temp dir.
  dir = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-main-'));
  vi.stubEnv('XDG_DATA_HOME', path.join(dir, 'data'));
  vi.stubEnv('SYSBTAPE_HOME', path.join(dir, 'config'));
  vi.stubEnv('SYSBTAPE_TEST_USERDATA', dir);
  standIn = await import('./electron-stand-in.ts');
  await import('../../../electron/main.ts');
  standIn.becomeReady();
  await waitFor(() => standIn.recorded.windows[0]?.loadedUrl != null);
});

afterAll(() => {
  for (const w of standIn.recorded.windows) if (!w.closed) w.emit('closed');
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('electron main', () => {
  it('registers app:// as a privileged scheme and serves the renderer from it', () => {
    expect(standIn.recorded.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(standIn.recorded.windows[0]!.loadedUrl).toBe('app://sysbtape/index.html');
  });

  it('creates exactly one window with every security option written out', () => {
    expect(standIn.recorded.windows).toHaveLength(1);
    const options = standIn.recorded.windows[0]!.options as {
      webPreferences: Record<string, unknown>;
      minWidth: number;
      minHeight: number;
    };
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect([options.minWidth, options.minHeight]).toEqual([1024, 700]);
  });

  it("denies every permission request and check but desktop notifications for the app's own pages", () => {
    const granted: boolean[] = [];
    const app = { requestingUrl: 'app://sysbtape/index.html' };
    standIn.recorded.permissionRequestHandler!({}, 'media', (ok: boolean) => granted.push(ok), app);
    standIn.recorded.permissionRequestHandler!({}, 'notifications', (ok: boolean) => granted.push(ok), app);
    standIn.recorded.permissionRequestHandler!({}, 'notifications', (ok: boolean) => granted.push(ok), {
      requestingUrl: 'https://example.com/',
    });
    expect(granted).toEqual([false, true, false]);
    expect(standIn.recorded.permissionCheckHandler!({}, 'clipboard-read', 'app://sysbtape')).toBe(false);
    expect(standIn.recorded.permissionCheckHandler!({}, 'notifications', 'app://sysbtape')).toBe(true);
    expect(standIn.recorded.permissionCheckHandler!({}, 'notifications', 'https://evil.example')).toBe(false);
  });

  it('blocks navigation away from the app, popups and webviews', () => {
    const wc = standIn.recorded.windows[0]!.webContents;
    const navigate = (url: string): boolean => {
      let prevented = false;
      wc.emit(
        'will-navigate',
        {
          preventDefault: () => {
            prevented = true;
          },
        },
        url,
      );
      return prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://evil/index.html')).toBe(true);
    expect(navigate('app://sysbtape/index.html')).toBe(false);
    expect(wc.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let webviewPrevented = false;
    wc.emit(
      'will-attach-webview',
      {
        preventDefault: () => {
          webviewPrevented = true;
        },
      },
      {},
      {},
    );
    expect(webviewPrevented).toBe(true);
  });

  it('answers IPC only from its own window showing app://sysbtape in the top frame', async () => {
    const handler = standIn.recorded.ipcHandlers.get('sysbtape:invoke')!;
    const win = standIn.recorded.windows[0]!;
    const ok = await handler(
      { sender: { id: win.webContents.id }, senderFrame: { url: 'app://sysbtape/index.html', parent: null } },
      'getAppInfo',
      {},
    );
    expect(ok).toMatchObject({ ok: true, value: { transport: 'electron', version: '0.0.0-test' } });
    const foreign = await handler(
      { sender: { id: win.webContents.id }, senderFrame: { url: 'https://evil.example/', parent: null } },
      'getAppInfo',
      {},
    );
    expect(foreign).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    const otherContents = await handler(
      { sender: { id: 9999 }, senderFrame: { url: 'app://sysbtape/index.html', parent: null } },
      'getAppInfo',
      {},
    );
    expect(otherContents).toMatchObject({ ok: false });
    const subframe = await handler(
      { sender: { id: win.webContents.id }, senderFrame: { url: 'app://sysbtape/index.html', parent: {} } },
      'getAppInfo',
      {},
    );
    expect(subframe).toMatchObject({ ok: false });
    const bad = await handler(
      { sender: { id: win.webContents.id }, senderFrame: { url: 'app://sysbtape/index.html', parent: null } },
      'getCartridge',
      { volser: 'x;rm' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('serves nothing outside the renderer directory through app://', async () => {
    const serve = standIn.recorded.protocolHandlers.get('app')!;
    expect((await serve(new Request('app://sysbtape/..%2f..%2fpackage.json'))).status).toBe(404);
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
  });

  // Last: it closes the window and the service.
  it('closes at once when no job runs, and quits only after the service has closed', async () => {
    const win = standIn.recorded.windows[0]!;
    const quits = standIn.recorded.quitCalls;
    win.close(); // prevented: main asks the service whether a job runs first
    expect(win.closed).toBe(false);
    await waitFor(() => win.closed);
    expect(standIn.recorded.dialogs).toEqual([]);
    await waitFor(() => standIn.recorded.quitCalls === quits + 1);
  });
});
