/**
 * Finding 4 of issue 14: `sysbtape write` runs the same checks as `run` (contents, retention; --yes,
 * --confirm, --override-retention) and keeps the catalog true about any cartridge whose tape it overwrites.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

const tempDir = useTempDirs();
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A catalog whose cartridge `volser` holds a recorded, verified write on `tape`. */
async function recordedCartridge(dir: string, volser: string, retentionUntil?: string) {
  const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
  catalog.cartridges.add({ volser, mediaId: 'L6', ...(retentionUntil ? { retentionUntil } : {}) });
  const tape = path.join(dir, `${volser}.tap`);
  const w = catalog.writes.record(writeFromTapeResult(await writeTape(setDir, tape), { volser, imageSetId }));
  catalog.verifications.record({ volser, writeId: w.id, drive: tape, verifiedAt: new Date().toISOString(), verdict: 'pass', records: [] });
  expect(catalog.cartridges.require(volser).status).toBe('verified');
  catalog.close();
  return { catalogPath: path.join(dir, 'catalog.db'), setDir, tape };
}

async function statusOf(catalogPath: string, volser: string) {
  const catalog = await openCatalog(catalogPath, { autoBackup: false });
  try {
    return catalog.history(volser);
  } finally {
    catalog.close();
  }
}

describe('sysbtape write checks the tape and keeps the catalog true', () => {
  it('asks before overwriting a cataloged cartridge, and that cartridge stops claiming verified', async () => {
    const dir = tempDir();
    const { catalogPath, setDir, tape } = await recordedCartridge(dir, 'DEMO01');
    const before = sha(tape);
    const asked = await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', tape]);
    expect(asked.code).toBe(1);
    expect(asked.err).toMatch(/KNOWN_CONTENTS.*DEMO01.*\[NEEDS_CONFIRMATION\]/s);
    expect(sha(tape)).toBe(before);
    expect((await statusOf(catalogPath, 'DEMO01')).cartridge.status).toBe('verified');

    const done = await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', tape, '--confirm', 'KNOWN_CONTENTS']);
    expect(done.err).not.toMatch(/\[[A-Z_]+\]$/m);
    expect(done.code).toBe(0);
    expect(done.err).toMatch(/cartridge DEMO01's tape was overwritten without a record: its catalog status is now unknown/);
    expect((await statusOf(catalogPath, 'DEMO01')).cartridge.status).toBe('unknown');
  });

  it('refuses the tape of a cartridge under retention unless overridden; the reason is in its history', async () => {
    const dir = tempDir();
    const { catalogPath, setDir, tape } = await recordedCartridge(dir, 'KEEP01', '2999-12-31');
    const blocked = await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', tape, '--yes']);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/under retention until 2999-12-31.*--override-retention.*\[CHECK_BLOCKED\]/s);
    const done = await runCli([
      '--catalog',
      catalogPath,
      'write',
      '--images',
      setDir,
      '--tape',
      tape,
      '--yes',
      '--override-retention',
      'audit request #12 says reuse',
    ]);
    expect(done.code).toBe(0);
    const h = await statusOf(catalogPath, 'KEEP01');
    expect(h.cartridge.status).toBe('unknown');
    expect(h.retentionOverrides.map((o) => [o.action, o.reason])).toEqual([['write', 'audit request #12 says reuse']]);
  });

  it('records the write with --volser (written), checks that cartridge like run does, and asks about unknown contents', async () => {
    const dir = tempDir();
    const { catalog, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'OLD009', mediaId: 'L6' });
    catalog.cartridges.retire('OLD009', 'worn out');
    catalog.close();
    const catalogPath = path.join(dir, 'catalog.db');
    const blank = path.join(dir, 'blank.tap');
    const w = await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', blank, '--volser', 'new001']);
    expect(w.code).toBe(0);
    expect(w.out).toMatch(/Recorded write \d+ for cartridge NEW001/);
    const h = await statusOf(catalogPath, 'NEW001');
    expect(h.cartridge.status).toBe('written');
    expect(h.writes.map((x) => [x.result, x.records.length])).toEqual([['ok', 4]]);
    // Its own tape again: nothing to confirm.
    expect((await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', blank, '--volser', 'NEW001'])).code).toBe(0);

    const retired = await runCli([
      '--catalog',
      catalogPath,
      'write',
      '--images',
      setDir,
      '--tape',
      path.join(dir, 'r.tap'),
      '--volser',
      'OLD009',
      '--yes',
    ]);
    expect(retired.code).toBe(1);
    expect(retired.err).toMatch(/RETIRED.*\[CHECK_BLOCKED\]/s);

    // A mksysb tape of a host the catalog has never seen: unknown contents need confirmation.
    const foreign = path.join(dir, 'foreign.tap');
    await writeTape(await smallImageSet(path.join(dir, 'other'), { seed: 7, hostname: 'elsewhere' }), foreign);
    const before = sha(foreign);
    const asked = await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', foreign]);
    expect(asked.code).toBe(1);
    expect(asked.err).toMatch(/UNKNOWN_CONTENTS.*\[NEEDS_CONFIRMATION\]/s);
    expect(sha(foreign)).toBe(before);
    expect(
      (await runCli(['--catalog', catalogPath, 'write', '--images', setDir, '--tape', foreign, '--confirm', 'UNKNOWN_CONTENTS'])).code,
    ).toBe(0);
  });
});
