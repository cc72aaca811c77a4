/**
 * The packaged app starts: `npm run build` and electron-builder `--linux dir` (against a stand-in Electron, no
 * download), then the asar's contents are checked against the main + worker import graph, and the packaged
 * main.js is run under Node with the `electron` stand-in (driver.ts). The Electron smoke test
 * (test/electron/smoke.ts) covers the real binary where one exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { buildPackagedApp, type PackagedBuild } from './build-package.ts';
import type { DriverInput, DriverResult } from './driver.ts';
import { filesUnder, packageClosure, walkImports } from './import-graph.ts';

const repo = path.resolve(import.meta.dirname, '..', '..', '..');
let tmp = '';
let built: PackagedBuild;
let entries: Set<string>;
/** The asar extracted (with its unpacked files) to a folder of the same name, so main.js computes the same paths as in Electron. */
let appDir = '';

interface Manifest {
  productName?: string;
  main?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Manifest;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-packaged-'));
  built = buildPackagedApp(tmp);
  entries = new Set(listPackage(built.asar, { isPack: false }).map((p) => p.slice(1)));
  appDir = path.join(tmp, 'run', 'resources', 'app.asar');
  extractAll(built.asar, appDir);
}, 600_000);

// The temp project holds ~75k hard links to node_modules: removing them takes a while on a busy machine.
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}, 300_000);

/** The packages main.js and the worker threads import, from the build just made. */
function mainGraph(): { packages: Set<string>; files: Set<string> } {
  const distElectron = path.join(built.projectDir, 'dist', 'electron');
  return walkImports([path.join(distElectron, 'main.js'), ...filesUnder(distElectron, (n) => n.endsWith('-worker.js'))]);
}

/** Whether a package of that name is anywhere in the asar (top level or nested). */
function anywhereInAsar(name: string): boolean {
  return [...entries].some((e) => e === `node_modules/${name}/package.json` || e.endsWith(`/node_modules/${name}/package.json`));
}

function names(closure: Map<string, string>): Set<string> {
  return new Set(closure.values());
}

describe('packaged app contents', () => {
  it('downloads nothing: the stand-in Electron was used and the download cache stayed empty', () => {
    expect(fs.readdirSync(built.downloadCache)).toEqual([]);
    expect(fs.existsSync(path.join(built.unpackedDir, 'sysbtape'))).toBe(true);
  });

  it('holds every package the main process and its workers import, each one a dependency', () => {
    const { packages } = mainGraph();
    packages.delete('electron'); // provided by the Electron runtime
    for (const name of packages) expect(manifest.dependencies, `${name} is imported at run time`).toHaveProperty([name]);
    // The same name@version set resolves inside the package as in the project (electron-builder may hoist
    // a nested copy, e.g. pdf-lib's tslib 1.x, once the top-level one is left out).
    expect(names(packageClosure(packages, appDir))).toEqual(names(packageClosure(packages, built.projectDir)));
  });

  it('holds the main, preload and worker files and the built renderer', () => {
    const { files } = mainGraph();
    const rel = [...files].map((f) => path.relative(built.projectDir, f));
    expect(rel).toContain('dist/electron/services/jobs/step-worker.js');
    expect(rel).toContain('dist/electron/services/tape/st-ioctl-worker.js');
    expect(rel.filter((f) => !entries.has(f))).toEqual([]);
    expect(entries).toContain('dist/electron/preload.cjs');
    expect(entries).toContain('renderer/dist/index.html');
  });

  it('leaves out renderer-only packages (bundled by Vite) and every other devDependency', () => {
    const renderer = walkImports(filesUnder(path.join(repo, 'renderer', 'src'), (n) => /\.tsx?$/.test(n))).packages;
    const runtimeIds = [...packageClosure(Object.keys(manifest.dependencies), built.projectDir).values()];
    const runtime = new Set(runtimeIds.map((id) => id.replace(/@[^@]*$/, '')));
    const rendererOnly = [...renderer].filter((name) => !runtime.has(name));
    expect(rendererOnly).toEqual(expect.arrayContaining(['react', 'react-dom', '@mui/material']));
    const devOnly = Object.keys(manifest.devDependencies).filter((name) => !runtime.has(name));
    expect(devOnly).toEqual(expect.arrayContaining(['@emotion/react', '@mui/icons-material', 'electron']));
    expect([...rendererOnly, ...devOnly].filter(anywhereInAsar)).toEqual([]);
  });

  it('unpacks every native module (better-sqlite3, koffi), since dlopen cannot read inside the asar', () => {
    const natives = [...entries].filter((e) => e.endsWith('.node'));
    expect(natives).toEqual(
      expect.arrayContaining([
        'node_modules/better-sqlite3/prebuilds/linux-x64.node',
        'node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node',
      ]),
    );
    const packed = natives.filter((e) => (statFile(built.asar, e) as { unpacked?: boolean }).unpacked !== true);
    expect(packed).toEqual([]);
    for (const e of natives) expect(fs.existsSync(path.join(`${built.asar}.unpacked`, e)), e).toBe(true);
  });

  it('names the app SysbTape (its data folder) and flips the configured fuses', async () => {
    const packaged = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as Manifest;
    expect(packaged).toMatchObject({ productName: 'SysbTape', main: 'dist/electron/main.js' });
    const wire = await getCurrentFuseWire(path.join(built.unpackedDir, 'sysbtape'));
    const on = 49;
    const off = 48;
    // FuseV1Options order: RunAsNode, CookieEncryption, NodeOptions env, CLI inspect, asar integrity, only asar, V8 snapshot, file://.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => (wire as Record<number, number>)[i])).toEqual([off, on, off, off, on, on, off, off]);
  });
});

describe('packaged main.js under Node with the electron stand-in', () => {
  let result: DriverResult;

  beforeAll(async () => {
    const imageSetDir = path.join(tmp, 'images');
    await writeImageSet(imageSetDir, { mksysbSize: 256 * 1024, bootBlocks: 64, seed: 7 });
    const home = path.join(tmp, 'home');
    const input: DriverInput = {
      appDir,
      resultFile: path.join(tmp, 'driver-result.json'),
      imageSetDir,
      tapFile: path.join(tmp, 'packaged.tap'),
    };
    const r = spawnSync(process.execPath, [path.join(import.meta.dirname, 'driver.ts'), JSON.stringify(input)], {
      encoding: 'utf8',
      cwd: tmp,
      env: {
        ...process.env,
        XDG_DATA_HOME: path.join(home, 'data'),
        SYSBTAPE_HOME: path.join(home, 'config'),
        SYSBTAPE_TEST_USERDATA: home,
        NODE_PATH: '',
      },
    });
    if (r.status !== 0) throw new Error(`driver failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    result = JSON.parse(fs.readFileSync(input.resultFile, 'utf8')) as DriverResult;
  }, 180_000);

  it('starts and loads app://sysbtape/index.html', () => {
    expect(result.startError).toBeNull();
    expect(result.loadedUrl).toBe('app://sysbtape/index.html');
  });

  it('serves index and assets through the app:// handler with type and CSP', () => {
    const [index, ...assets] = result.served;
    expect(index).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(index!.csp).toContain("script-src 'self'");
    expect(assets.map((a) => a.contentType)).toContain('text/javascript; charset=utf-8');
    for (const a of assets) {
      expect(a.status, a.url).toBe(200);
      expect(a.bytes, a.url).toBeGreaterThan(0);
      expect(a.csp, a.url).toBe(index!.csp);
    }
    expect(result.missing!.status).toBe(404);
  });

  it('answers API calls through the real preload bridge and IPC handler', () => {
    expect(result.bridgeMethods).toEqual(expect.arrayContaining(['getAppInfo', 'listCartridges', 'on']));
    expect(result.appInfo).toMatchObject({ ok: true, value: { transport: 'electron' } });
    expect(result.cartridges).toEqual({ ok: true, value: [] });
  });

  it('writes and verifies a tape in the packaged job worker, runs the ioctl worker, then quits when the window closes', () => {
    expect(result.write).toEqual({ ok: true, records: 4 });
    expect(result.verify).toEqual({ ok: true });
    expect(result.ioctlOnFile).toContain('MTIOCGET failed: ENOTTY (the target is not a tape device)');
    expect(result.quitAfterClose).toBe(true);
  });
});
