/**
 * What is on a tape before it is written over (issue 14 findings 2 and 3, issue 22 item 1): only a provably
 * blank tape is blank; a tape is a known cartridge only when records 2 and 4 match its write; the retention
 * of the cartridge in the drive blocks like the written one's and its override lands in its own history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../electron/services/catalog/catalog.ts';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { identifyTape } from '../../../electron/services/jobs/identify-tape.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { runWriteChecks } from '../../../electron/services/jobs/write-checks.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { markFirstBlockBad, writeTap } from '../../helpers/tap-damage.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

const tempDir = useTempDirs();

/** The checks the write step runs (records 1 and 2 read first), for cartridge `volser`. */
function checksFor(catalog: Catalog, volser: string, imageSetId: number, target: string) {
  return runWriteChecks({ catalog, volser, imageSetId, target, identify: (t) => identifyTape(catalog, t, { maxRecords: 2 }) });
}

async function identifyCli(dir: string, tape: string): Promise<{ code: number; json: Record<string, unknown>; text: string }> {
  const json = await runCli(['--catalog', path.join(dir, 'catalog.db'), 'identify', '--tape', tape, '--json']);
  const text = await runCli(['--catalog', path.join(dir, 'catalog.db'), 'identify', '--tape', tape]);
  expect(text.code).toBe(json.code);
  return { code: json.code, json: JSON.parse(json.out) as Record<string, unknown>, text: text.out };
}

/** An image set directory mixing two sets' images: record r from `from[r]`. */
function mixedSet(dir: string, from: { 1: string; 2: string; 4: string }): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(from[1], '1_bosboot.img'), path.join(dir, '1_bosboot.img'));
  fs.copyFileSync(path.join(from[2], '2_mkinsttape.img'), path.join(dir, '2_mkinsttape.img'));
  fs.copyFileSync(path.join(from[4], '4_mksysb.img'), path.join(dir, '4_mksysb.img'));
  return dir;
}

describe('a tape whose first record cannot be read is unknown contents, not blank', () => {
  const unreadable: [string, (dir: string) => Promise<string>][] = [
    [
      'record 1 written in 2 MiB blocks',
      async (dir) => {
        const tape = path.join(dir, 'big-blocks.tap');
        writeTap(tape, [
          { block: Buffer.alloc(2 * 1024 * 1024, 0x41) },
          { block: Buffer.alloc(2 * 1024 * 1024, 0x42) },
          'filemark',
          { block: Buffer.alloc(512, 1) },
          'filemark',
        ]);
        return tape;
      },
    ],
    [
      'a foreign mksysb tape with a SIMH bad-block marker on record 1',
      async (dir) => {
        const tape = path.join(dir, 'bad-block.tap');
        await writeTape(await smallImageSet(path.join(dir, 'foreign'), { seed: 11, hostname: 'payroll1' }), tape);
        markFirstBlockBad(tape);
        return tape;
      },
    ],
    [
      'a file that is no SIMH tape at all',
      async (dir) => {
        const tape = path.join(dir, 'notes.tap');
        fs.writeFileSync(tape, 'these are my notes, not a tape\n'.repeat(100));
        return tape;
      },
    ],
  ];

  for (const [what, make] of unreadable) {
    it(`${what}: identify exits 1 (not "blank"); the write checks ask UNKNOWN_CONTENTS`, async () => {
      const dir = tempDir();
      const { catalog, imageSetId } = await catalogWithImageSet(dir);
      catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
      const tape = await make(dir);
      const id = await identifyTape(catalog, tape);
      expect(id.contents).toBe('unknown');
      expect(id.summary).not.toMatch(/is blank/);
      const checks = await checksFor(catalog, 'NEW001', imageSetId, tape);
      catalog.close();
      expect(checks.map((c) => [c.code, c.kind])).toEqual([['UNKNOWN_CONTENTS', 'confirm']]);
      const cli = await identifyCli(dir, tape);
      expect(cli.code).toBe(1);
      expect(cli.json).toMatchObject({ contents: 'unknown', known: false, cartridge: null });
      expect(cli.text).not.toMatch(/is blank/);
    });
  }

  it('the write step (as `run --volser X` without --yes) refuses to write over it and leaves the tape untouched', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
    const tape = path.join(dir, 'foreign.tap');
    writeTap(tape, [{ block: Buffer.alloc(2 * 1024 * 1024, 0x41) }, 'filemark']);
    const before = fs.readFileSync(tape);
    const engine = new JobEngine(catalog);
    const job = engine.createWriteJob({ imageSetId, volser: 'NEW001', target: tape, labelDir: path.join(dir, 'labels') });
    await expect(engine.run(job.id)).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    expect(fs.readFileSync(tape).equals(before)).toBe(true);
    expect((await engine.run(job.id, { confirmed: ['UNKNOWN_CONTENTS'] })).job.state).toBe('done');
    catalog.close();
  });

  it('only a provably blank tape is blank: no file yet, an empty file, end of medium at the start', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
    const empty = path.join(dir, 'empty.tap');
    fs.writeFileSync(empty, '');
    const eom = path.join(dir, 'eom.tap');
    writeTap(eom, ['end-of-medium']);
    for (const tape of [path.join(dir, 'not-yet.tap'), empty, eom]) {
      expect((await identifyTape(catalog, tape)).contents).toBe('blank');
      expect(await checksFor(catalog, 'NEW001', imageSetId, tape)).toEqual([]);
      const cli = await identifyCli(dir, tape);
      expect(cli.code).toBe(0);
      expect(cli.json).toMatchObject({ contents: 'blank' });
    }
    // A filemark first is written tape, not blank.
    const mark = path.join(dir, 'mark.tap');
    writeTap(mark, ['filemark']);
    expect((await identifyTape(catalog, mark)).contents).toBe('unknown');
    catalog.close();
  });
});

describe('a tape is a known cartridge only when records 2 and 4 match its write', () => {
  it('record 1 matches DEMO01 but records 2 and 4 do not: identify exits 1, names no cartridge, says the partial match', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'DEMO01', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'OTHER1', mediaId: 'L6' });
    catalog.writes.record(writeFromTapeResult(await writeTape(setDir, path.join(dir, 'demo01.tap')), { volser: 'DEMO01', imageSetId }));
    // payroll-prod, same AIX level: the very same boot image, its own mkinsttape image and backup.
    const payroll = await smallImageSet(path.join(dir, 'payroll'), { seed: 21, hostname: 'payrollprod' });
    const tape = path.join(dir, 'payroll.tap');
    await writeTape(mixedSet(path.join(dir, 'mixed'), { 1: setDir, 2: payroll, 4: payroll }), tape);

    const cli = await identifyCli(dir, tape);
    expect(cli.code).toBe(1);
    expect(cli.json).toMatchObject({ contents: 'unknown', known: false, cartridge: null, matches: [] });
    expect((cli.json.partialMatches as { volser: string; matchedRecords: number[] }[])[0]).toMatchObject({
      volser: 'DEMO01',
      matchedRecords: [1],
    });
    expect(cli.text).not.toMatch(/cartridge DEMO01/);
    expect(cli.text).toMatch(/boot image matches DEMO01's \(write \d+\), the mkinsttape image and the backup do not/);
    expect(cli.text).toMatch(/host payrollprod/);

    // Writing DEMO01 (or any other cartridge) over it asks: unknown contents, never "own" or "known".
    expect((await checksFor(catalog, 'DEMO01', imageSetId, tape)).map((c) => c.code)).toEqual(['UNKNOWN_CONTENTS']);
    expect((await checksFor(catalog, 'OTHER1', imageSetId, tape)).map((c) => c.code)).toEqual(['UNKNOWN_CONTENTS']);
    catalog.close();
  });

  it('records 1 and 2 match DEMO01 but the backup does not: the pre-write check reads on through record 4 and asks', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'DEMO01', mediaId: 'L6' });
    catalog.writes.record(writeFromTapeResult(await writeTape(setDir, path.join(dir, 'demo01.tap')), { volser: 'DEMO01', imageSetId }));
    const later = await smallImageSet(path.join(dir, 'later'), { seed: 22 });
    const tape = path.join(dir, 'later.tap');
    await writeTape(mixedSet(path.join(dir, 'mixed'), { 1: setDir, 2: setDir, 4: later }), tape);
    const id = await identifyTape(catalog, tape, { maxRecords: 2 });
    expect(id.reading.records.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(id.contents).toBe('unknown');
    expect(id.summary).toMatch(/boot image and the mkinsttape image match DEMO01's \(write \d+\), the backup does not/);
    const checks = await checksFor(catalog, 'DEMO01', imageSetId, tape);
    expect(checks.map((c) => c.code)).toEqual(['UNKNOWN_CONTENTS']);
    // The cartridge's own complete write is still its own: nothing to confirm.
    expect(await checksFor(catalog, 'DEMO01', imageSetId, path.join(dir, 'demo01.tap'))).toEqual([]);
    catalog.close();
  });
});

describe('the retention of the cartridge in the drive', () => {
  it('blocks writing NEW003 over a tape identified as NEW002 (retained until 2030) even with --yes; the override goes into NEW002', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW002', mediaId: 'L6', retentionUntil: '2030-06-30' });
    catalog.cartridges.add({ volser: 'NEW003', mediaId: 'L6' });
    const tape = path.join(dir, 'new002.tap');
    const other = await smallImageSet(path.join(dir, 'other'), { seed: 3 });
    catalog.writes.record(writeFromTapeResult(await writeTape(other, tape), { volser: 'NEW002' }));

    const checks = await checksFor(catalog, 'NEW003', imageSetId, tape);
    expect(checks.map((c) => [c.code, c.kind, c.volser])).toEqual([
      ['RETENTION', 'blocking', 'NEW002'],
      ['KNOWN_CONTENTS', 'confirm', undefined],
    ]);
    expect(checks[0]!.message).toMatch(/cartridge NEW002, not NEW003: cartridge NEW002 is under retention until 2030-06-30/);

    const engine = new JobEngine(catalog);
    const job = engine.createWriteJob({ imageSetId, volser: 'NEW003', target: tape, labelDir: path.join(dir, 'labels') });
    await expect(engine.run(job.id, { confirmed: ['*'] })).rejects.toMatchObject({ code: 'CHECK_BLOCKED' });
    expect(catalog.history('NEW002').cartridge.status).not.toBe('blank');
    const outcome = await engine.run(job.id, {
      confirmed: ['*'],
      retentionOverrideReason: 'NEW002 recalled, reused as NEW003 (ticket 77)',
    });
    expect(outcome.job.state).toBe('done');
    expect(catalog.history('NEW002').retentionOverrides.map((o) => [o.action, o.reason, o.jobId])).toEqual([
      ['write', 'NEW002 recalled, reused as NEW003 (ticket 77)', job.id],
    ]);
    expect(catalog.history('NEW003').retentionOverrides).toEqual([]);

    // Now the tape is NEW003: writing NEW003 again needs nothing; writing NEW002 over it asks whether the
    // right cartridge is loaded (and NEW002's own retention still blocks).
    expect(await checksFor(catalog, 'NEW003', imageSetId, tape)).toEqual([]);
    expect((await checksFor(catalog, 'NEW002', imageSetId, tape)).map((c) => c.code)).toEqual(['RETENTION', 'KNOWN_CONTENTS']);
    catalog.close();
  });

  it("a tape whose record 2 is NEW002's but whose backup is damaged is still held by NEW002's retention (and asked about as unknown)", async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW002', mediaId: 'L6', retentionUntil: '2030-06-30' });
    catalog.cartridges.add({ volser: 'NEW003', mediaId: 'L6' });
    const kept = await smallImageSet(path.join(dir, 'kept'), { seed: 3 });
    catalog.writes.record(writeFromTapeResult(await writeTape(kept, path.join(dir, 'orig.tap')), { volser: 'NEW002' }));
    const tape = path.join(dir, 'damaged.tap');
    await writeTape(
      mixedSet(path.join(dir, 'mixed'), { 1: kept, 2: kept, 4: await smallImageSet(path.join(dir, 'junk'), { seed: 4 }) }),
      tape,
    );
    const checks = await checksFor(catalog, 'NEW003', imageSetId, tape);
    catalog.close();
    expect(checks.map((c) => [c.code, c.volser])).toEqual([
      ['RETENTION', 'NEW002'],
      ['UNKNOWN_CONTENTS', undefined],
    ]);
    expect(checks[1]!.message).toMatch(/mkinsttape image match NEW002's \(write \d+\), the backup does not/);
  });
});
