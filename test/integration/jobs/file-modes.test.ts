/**
 * Finding 13 of issue 14: a mksysb holds /etc/security/passwd, so what SysbTape creates from it is
 * owner-only: staging images, .tap files, the catalog with its -wal/-shm and backups, job logs
 * (files 0600, folders 0700) — whatever the umask lets others read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { listAutomaticBackups } from '../../../electron/services/catalog/backups.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
let umask = 0;
// The usual desktop umask: without explicit modes, new files would be 0644 and folders 0755.
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

const modeOf = (p: string): string => (fs.statSync(p).mode & 0o777).toString(8);

/** Every file and folder under `root`, recursively. */
function walk(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((rel) => path.join(root, rel));
}

describe('owner-only files', () => {
  it('the catalog, its -wal and -shm, its folder and its backups', async () => {
    const dir = path.join(tempDir(), 'data', 'sysbtape');
    const file = path.join(dir, 'catalog.db');
    const catalog = await openCatalog(file);
    catalog.cartridges.add({ volser: 'MOD001', mediaId: 'L6' });
    await catalog.backup(path.join(dir, 'catalog-backups', 'by-hand.db'));
    expect(modeOf(dir)).toBe('700');
    expect(modeOf(file)).toBe('600');
    expect(modeOf(`${file}-wal`)).toBe('600');
    expect(modeOf(`${file}-shm`)).toBe('600');
    catalog.close();
    expect(modeOf(path.join(dir, 'catalog-backups'))).toBe('700');
    const backups = [...listAutomaticBackups(file), path.join(dir, 'catalog-backups', 'by-hand.db')];
    expect(backups.length).toBeGreaterThanOrEqual(2);
    for (const b of backups) expect(modeOf(b), b).toBe('600');
  });

  it('a demo run: staging images and manifest, the .tap, the job log and their folders', async () => {
    const dir = path.join(tempDir(), 'demo');
    const r = await runCli(['demo', '--dir', dir, '--mksysb-size', '1MiB']);
    expect(r.code, r.err).toBe(0);
    const staged = walk(path.join(dir, 'staging'));
    expect(staged.some((p) => p.endsWith('4_mksysb.img'))).toBe(true);
    expect(staged.some((p) => p.endsWith('manifest.json'))).toBe(true);
    const logs = walk(path.join(dir, 'job-logs'));
    expect(logs.length).toBeGreaterThan(0);
    for (const p of [
      dir,
      path.join(dir, 'staging'),
      path.join(dir, 'job-logs'),
      ...staged,
      ...logs,
      path.join(dir, 'demo.tap'),
      path.join(dir, 'catalog.db'),
    ]) {
      expect(modeOf(p), p).toBe(fs.statSync(p).isDirectory() ? '700' : '600');
    }
  }, 120_000);
});
