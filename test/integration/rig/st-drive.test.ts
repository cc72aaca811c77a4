// The project's LinuxStDrive on the REAL Linux st driver (tgtd tape LUN, QEMU/TCG guest running the
// repo's code over 9p): status against mt-st, four files written through the drive and read back
// independently with mt-st + dd, write protection, no cartridge, and a cartridge too small.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppResult, parseAppStatus, statusDifferences } from '../../rig/app-status.ts';
import { cartridgeProblems, onTape, randomTapeImages, readbackProblems, stageImages } from '../../rig/readback-checks.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';
import { parseCartridge } from '../../rig/tgt-cartridge.ts';

const images = randomTapeImages();
let run: RigRun;

function step(name: string): StepResult {
  const result = run.steps.get(name);
  if (!result) throw new Error(`the guest never ran step '${name}'; guest log:\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`);
  return result;
}

describe('rig: LinuxStDrive on the real st driver', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      cartridges: [{ sizeMiB: 64, barcode: 'RIG101L6' }, { sizeMiB: 2, barcode: 'RIG102L6' }],
      script: join(RIG_DIR, 'scenarios/st-drive.sh'),
      timeoutMs: 540_000,
      setup: (outDir) => stageImages(outDir, images),
    });
    console.info(`rig st-drive: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 660_000);

  afterAll(async () => { await run?.cleanup(); });

  it('boots, runs the scenario to the end and powers off', () => {
    expect(run.guest.timedOut, run.guest.serialLog.slice(-3000)).toBe(false);
    expect(run.guest.rc, `${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`).toBe(0);
  });

  it('parses status like mt-st: loaded at BOT, after setblk 512, after four files', () => {
    const loaded = parseAppStatus(step('app-status-loaded').out);
    expect(loaded).toMatchObject({ online: true, noTape: false, writeProtected: false, beginningOfTape: true, fileNumber: 0, blockNumber: 0 });
    expect(statusDifferences(step('app-status-loaded').out, step('mt-status-loaded').out)).toEqual([]);
    expect(parseAppStatus(step('app-status-blk').out).blockSize).toBe(512);
    expect(statusDifferences(step('app-status-blk').out, step('mt-status-blk').out)).toEqual([]);
    const written = parseAppStatus(step('app-status-written').out);
    expect(written).toMatchObject({ atFilemark: true, fileNumber: 4, blockNumber: 0, blockSize: images.tapeblksz });
    expect(statusDifferences(step('app-status-written').out, step('mt-status-written').out)).toEqual([]);
  });

  it('writes the four files through LinuxStDrive', () => {
    const r = parseAppResult(step('app-write').out);
    expect(r, step('app-write').err).toMatchObject({ ok: true, bytes: [1, 2, 3, 4].reduce((sum, n) => sum + onTape(images, n).length, 0) });
  });

  it('reads back with mt-st + dd byte for byte: 512-byte records, tapeblksz records in file 4, fsf 3', async () => {
    expect(await readbackProblems(run, 'app', images)).toEqual([]);
  });

  it('stored four files of exactly those records, each closed by one filemark (tgtimg --op show)', () => {
    expect(cartridgeProblems(run, 1, images)).toEqual([]);
  });

  it('reads each file back through LinuxStDrive too, stopping at its filemark', async () => {
    for (const n of [1, 2, 3, 4]) {
      expect(parseAppResult(step(`drive-read-${n}`).out), step(`drive-read-${n}`).err).toMatchObject({ ok: true });
      const back = await readFile(join(run.outDir, 'readback', `drive-${n}`));
      expect(back.equals(onTape(images, n)), `file ${n}`).toBe(true);
    }
  });

  it('reports WR_PROT and refuses to open a write-protected cartridge for writing, with a clear message', () => {
    expect(parseAppStatus(step('app-status-wp').out)).toMatchObject({ writeProtected: true, online: true });
    expect(statusDifferences(step('app-status-wp').out, step('mt-status-wp').out)).toEqual([]);
    expect(step('app-open-wp').rc).toBe(1);
    const r = parseAppResult(step('app-open-wp').out);
    expect(r).toMatchObject({ ok: false, code: 'TAPE_WRITE_PROTECTED' });
    expect(r.message).toMatch(/write-protected/);
  });

  it('reports DR_OPEN with no cartridge and says "no tape" at once instead of waiting for the drive', () => {
    expect(parseAppStatus(step('app-status-empty').out)).toMatchObject({ noTape: true, online: false, fileNumber: -1 });
    expect(statusDifferences(step('app-status-empty').out, step('mt-status-empty').out)).toEqual([]);
    const open = step('app-open-empty');
    // A blocking open would sit in the driver's two-minute wait for ready and end in the same error:
    // the ioctl probe must answer first. (No timing assertion: the JSON says which path answered.)
    expect(open.rc, open.err).toBe(1);
    const r = parseAppResult(open.out);
    expect(r).toMatchObject({ ok: false, code: 'TAPE_NO_MEDIUM' });
    expect(r.message).toMatch(/no tape/);
  });

  it('fails cleanly with end of medium on a cartridge too small for the image set', () => {
    const s = step('app-small-write');
    expect(s.rc, s.err).toBe(1);
    expect(parseAppResult(s.out)).toMatchObject({ ok: false, code: 'TAPE_END_OF_MEDIUM' });
    const files = parseCartridge(run.cartridges.get(2) ?? '');
    expect(files.length).toBeLessThanOrEqual(4);
    expect(files.reduce((sum, f) => sum + f.bytes, 0)).toBeLessThan(images.files.reduce((sum, f) => sum + f.length, 0));
  });
});
