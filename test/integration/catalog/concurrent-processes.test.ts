/**
 * Finding 10 of issue 14: several processes (CLI commands and job updates) on one catalog at once.
 * Read-then-write transactions must take the write lock up front (BEGIN IMMEDIATE) so the busy timeout
 * applies; a deferred one that reads first cannot upgrade and fails at once with "database is locked".
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { useTempDirs } from '../../unit/catalog/temp-dir.ts';

const tempDir = useTempDirs();
const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');

function worker(catalogPath: string, prefix: string, count: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      NODE,
      [
        '--disable-warning=ExperimentalWarning',
        path.join(ROOT, 'test', 'helpers', 'catalog-worker.ts'),
        catalogPath,
        prefix,
        String(count),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('one catalog, several processes at once', () => {
  it('120 tape adds, edits and job updates over 4 processes: none fails with "database is locked"', async () => {
    const catalogPath = path.join(tempDir(), 'catalog.db');
    // The catalog exists before the race, as it does when the app is open and the CLI starts.
    (await openCatalog(catalogPath, { autoBackup: false })).close();
    const results = await Promise.all(['PA', 'PB', 'PC', 'PD'].map((p) => worker(catalogPath, p, 30)));
    for (const r of results) expect(r.out).toBe('');
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const catalog = await openCatalog(catalogPath, { autoBackup: false });
    expect(catalog.cartridges.search({ limit: 1000 }).total).toBe(120);
    expect(catalog.jobs.list({ states: ['running'], limit: 1000 })).toHaveLength(120);
    expect(catalog.integrityCheck()).toEqual([]);
    catalog.close();
  }, 240_000);
});
