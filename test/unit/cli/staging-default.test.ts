import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { stagingRootOf } from '../../../electron/cli/command-kit.ts';
import { defaultCatalogPath, defaultStagingRoot } from '../../../electron/services/catalog/catalog-path.ts';

const saved = { home: process.env.SYSBTAPE_HOME, staging: process.env.SYSBTAPE_STAGING };
const dirs: string[] = [];
afterEach(() => {
  if (saved.home === undefined) delete process.env.SYSBTAPE_HOME;
  else process.env.SYSBTAPE_HOME = saved.home;
  if (saved.staging === undefined) delete process.env.SYSBTAPE_STAGING;
  else process.env.SYSBTAPE_STAGING = saved.staging;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-staging-'));
  dirs.push(d);
  return d;
}

/** Calls stagingRootOf and returns the root and what it said on stderr. */
function stagingOf(flag: string | undefined, catalogPath: string): { root: string; said: string } {
  const err = new PassThrough();
  const root = stagingRootOf({ out: new PassThrough(), err, stdin: new PassThrough() }, flag, catalogPath);
  return { root, said: String(err.read() ?? '') };
}

describe('the staging default', () => {
  it('is the same for app and CLI: under XDG_DATA_HOME beside the default catalog, unless SYSBTAPE_STAGING says otherwise', () => {
    delete process.env.SYSBTAPE_STAGING;
    const catalog = defaultCatalogPath({}, '/home/op');
    expect(defaultStagingRoot(catalog, {})).toBe('/home/op/.local/share/sysbtape/staging');
    expect(defaultStagingRoot(defaultCatalogPath({ XDG_DATA_HOME: '/data' }, '/home/op'), {})).toBe('/data/sysbtape/staging');
    expect(defaultStagingRoot(catalog, { SYSBTAPE_STAGING: '/big/disk' })).toBe('/big/disk');
  });

  it('says once, and moves nothing, when the old default (~/.config/sysbtape/staging) still holds image sets', () => {
    delete process.env.SYSBTAPE_STAGING;
    const home = tempDir();
    process.env.SYSBTAPE_HOME = home;
    const oldSet = path.join(home, 'staging', 'aix1', '20260101T000000Z');
    fs.mkdirSync(oldSet, { recursive: true });
    fs.writeFileSync(path.join(oldSet, 'manifest.json'), '{}');
    const catalog = path.join(tempDir(), 'catalog.db');

    const first = stagingOf(undefined, catalog);
    expect(first.root).toBe(path.join(path.dirname(catalog), 'staging'));
    expect(first.said).toContain(`those staged before stay in ${path.join(home, 'staging')}`);
    expect(stagingOf(undefined, catalog).said).toBe('');
    expect(fs.existsSync(path.join(oldSet, 'manifest.json'))).toBe(true);
  });

  it('says nothing when there is no old staging folder, or when --staging is given', () => {
    delete process.env.SYSBTAPE_STAGING;
    process.env.SYSBTAPE_HOME = tempDir();
    const catalog = path.join(tempDir(), 'catalog.db');
    expect(stagingOf(undefined, catalog)).toEqual({ root: path.join(path.dirname(catalog), 'staging'), said: '' });
    expect(stagingOf('rel/dir', catalog)).toEqual({ root: path.resolve('rel/dir'), said: '' });
  });
});
