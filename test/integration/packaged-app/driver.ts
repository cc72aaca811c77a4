/**
 * Runs the packaged app's main.js under plain Node with the `electron` stand-in, as Electron would start it,
 * and writes what it saw to a JSON file: the renderer served through app://, one API call through the real
 * preload bridge and IPC handler, and a tape written and verified by the packaged job worker.
 * Usage: node driver.ts '<DriverInput as JSON>'. Every import except 'electron' resolves inside the package.
 */
import fs from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as StepWork from '../../../electron/services/jobs/step-work.ts';
import type * as StControl from '../../../electron/services/tape/st-control.ts';
import type * as StandIn from '../../unit/electron/electron-stand-in.ts';

/** What the test passes in. */
export interface DriverInput {
  /** The extracted app.asar (a folder of that name, beside app.asar.unpacked). */
  appDir: string;
  resultFile: string;
  imageSetDir: string;
  tapFile: string;
}

/** One response of the app:// handler. */
export interface Served {
  url: string;
  status: number;
  contentType: string | null;
  csp: string | null;
  bytes: number;
}

/** What the driver reports. */
export interface DriverResult {
  startError: string | null;
  loadedUrl: string | null;
  served: Served[];
  missing: Served | null;
  bridgeMethods: string[];
  appInfo: unknown;
  cartridges: unknown;
  write: { ok: boolean; records: number } | null;
  verify: { ok: boolean } | null;
  /** MTIOCGET on a plain file through the packaged ioctl worker (koffi): the error it gave. */
  ioctlOnFile: string | null;
  quitAfterClose: boolean;
}

const input = JSON.parse(process.argv[2] ?? '{}') as DriverInput;
const standInUrl = new URL('../../unit/electron/electron-stand-in.ts', import.meta.url).href;
// For import (main.js) and require (preload.cjs) alike; Electron provides 'electron' the same way.
registerHooks({
  resolve: (specifier, context, nextResolve) =>
    specifier === 'electron' ? { url: standInUrl, shortCircuit: true } : nextResolve(specifier, context),
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

async function serveAll(serve: (req: Request) => Promise<Response>, startUrl: string): Promise<Served[]> {
  const fetchOne = async (url: string): Promise<{ served: Served; text: string }> => {
    const res = await serve(new Request(url));
    const text = await res.text();
    const served = {
      url,
      status: res.status,
      contentType: res.headers.get('content-type'),
      csp: res.headers.get('content-security-policy'),
      bytes: text.length,
    };
    return { served, text };
  };
  const index = await fetchOne(startUrl);
  const assets = [...index.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, startUrl).href);
  return [index.served, ...(await Promise.all(assets.map(async (u) => (await fetchOne(u)).served)))];
}

async function main(): Promise<DriverResult> {
  const standIn = (await import(standInUrl)) as typeof StandIn;
  const { recorded } = standIn;
  await import(pathToFileURL(path.join(input.appDir, 'dist', 'electron', 'main.js')).href);
  standIn.becomeReady();
  await waitFor(() => recorded.windows[0]?.loadedUrl != null || recorded.errorBoxes.length > 0, 'the window to load');
  const win = recorded.windows[0];
  const result: DriverResult = {
    startError: recorded.errorBoxes[0]?.content ?? null,
    loadedUrl: win?.loadedUrl ?? null,
    served: [],
    missing: null,
    bridgeMethods: [],
    appInfo: null,
    cartridges: null,
    write: null,
    verify: null,
    ioctlOnFile: null,
    quitAfterClose: false,
  };
  if (!win?.loadedUrl) return result;

  const serve = recorded.protocolHandlers.get('app')!;
  result.served = await serveAll(serve, win.loadedUrl);
  const missing = await serve(new Request('app://sysbtape/no-such-file.js'));
  result.missing = { url: missing.url, status: missing.status, contentType: missing.headers.get('content-type'), csp: null, bytes: 0 };

  // The preload's ipcRenderer.invoke reaches main's handler as Electron would: from this window's top frame.
  standIn.ipcRenderer.invoke = async (...args: unknown[]) => {
    const [channel, ...rest] = args as [string, ...unknown[]];
    const handler = recorded.ipcHandlers.get(channel);
    if (!handler) throw new Error(`no ipcMain handler for ${channel}`);
    const event = { sender: { id: win.webContents.id }, senderFrame: { url: win.loadedUrl, parent: null } };
    return handler(event, ...rest) as Promise<{ ok: true; value: string }>;
  };
  const preload = (win.options as { webPreferences: { preload: string } }).webPreferences.preload;
  createRequire(import.meta.url)(preload);
  const bridge = recorded.exposed.get('sysbtape') as Record<string, (request: unknown) => Promise<unknown>>;
  result.bridgeMethods = Object.keys(bridge);
  result.appInfo = await bridge.getAppInfo!({});
  result.cartridges = await bridge.listCartridges!({ query: '', status: 'any', location: '', retention: 'any' });

  // One job step in the packaged worker thread: write the image set to a .tap, then read it back.
  const stepWorkUrl = pathToFileURL(path.join(input.appDir, 'dist', 'electron', 'services', 'jobs', 'step-work.js')).href;
  const stepWork = (await import(stepWorkUrl)) as typeof StepWork;
  const written = await stepWork.runStepWork({ op: 'write', target: input.tapFile, images: input.imageSetDir });
  result.write = { ok: true, records: written.records.length };
  const verified = await stepWork.runStepWork({ op: 'verify', target: input.tapFile, images: input.imageSetDir });
  result.verify = { ok: verified.ok };

  // The other worker: koffi's ioctl from the packaged native module, on a file that is not a tape.
  const stUrl = pathToFileURL(path.join(input.appDir, 'dist', 'electron', 'services', 'tape', 'st-control.js')).href;
  const { KoffiStControl } = (await import(stUrl)) as typeof StControl;
  const control = new KoffiStControl();
  const fd = fs.openSync(input.tapFile, 'r');
  result.ioctlOnFile = await control.get(fd).then(
    () => 'no error',
    (err: unknown) => String(err),
  );
  fs.closeSync(fd);
  await control.dispose();

  const quits = recorded.quitCalls;
  win.close();
  await waitFor(() => recorded.quitCalls > quits, 'the app to quit');
  result.quitAfterClose = true;
  return result;
}

const result = await main();
fs.writeFileSync(input.resultFile, JSON.stringify(result, null, 2));
process.exit(0);
