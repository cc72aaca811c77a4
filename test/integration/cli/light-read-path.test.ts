// `tape list` and `tape show` start fast only if they load no more than they need: not zod (the catalog's
// input schemas build ~95 modules of it at load), not the AIX parsers or the readiness checks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../unit/aix/fixtures.ts';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-loads-'));
const catalog = path.join(work, 'catalog.db');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The module URLs one run of the CLI (the .ts sources) resolved. */
function loadsOf(args: string[]): string[] {
  const file = path.join(work, 'loads.txt');
  execFileSync(
    node,
    [
      '--import',
      path.join(repoRoot, 'test', 'helpers', 'record-loads.mjs'),
      path.join(repoRoot, 'bin', 'sysbtape.js'),
      '--catalog',
      catalog,
      ...args,
    ],
    {
      env: { ...process.env, SYSBTAPE_SOURCES: '1', SYSBTAPE_LOADS_FILE: file },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return fs.readFileSync(file, 'utf8').split('\n');
}

const heavy = (urls: string[]): string[] =>
  urls.filter((u) => /\/node_modules\/zod\/|input-schemas|\/services\/aix\/|\/services\/readiness\/assess/.test(u));

describe('read-only catalog commands', () => {
  it('tape add loads the input schemas (the recorder sees them)', () => {
    expect(heavy(loadsOf(['tape', 'add', 'ABC001..ABC003', '--media', 'L8'])).length).toBeGreaterThan(0);
  });

  it('tape list, with and without filters, loads neither zod nor the AIX parsers', () => {
    expect(heavy(loadsOf(['tape', 'list']))).toEqual([]);
    expect(heavy(loadsOf(['tape', 'list', '--status', 'blank']))).toEqual([]);
  });

  it('tape show loads neither zod nor the AIX parsers', () => {
    expect(heavy(loadsOf(['tape', 'show', 'abc002']))).toEqual([]);
  });

  it('a catalog already at the current schema version loads no migration and no SSH or crypto code', () => {
    for (const args of [
      ['tape', 'list'],
      ['tape', 'show', 'abc002'],
    ]) {
      expect(loadsOf(args).filter((u) => /\/catalog\/migrat|\/services\/ssh\/|^node:crypto$/.test(u))).toEqual([]);
    }
  });
});
