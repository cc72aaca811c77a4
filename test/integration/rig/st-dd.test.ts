// The rig itself, proven with the operator's manual flow (mt-st + dd) on the REAL Linux st driver:
// tgtd tape LUNs, QEMU/TCG guest with the Debian kernel's st module. No project tape code involved,
// so a failure here is the rig's (or the driver's), never the app's.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMtStatus } from '../../rig/mt-status.ts';
import { cartridgeProblems, randomTapeImages, readbackProblems, stageImages } from '../../rig/readback-checks.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';
import { parseCartridge } from '../../rig/tgt-cartridge.ts';

const images = randomTapeImages();

let run: RigRun;

function step(name: string): StepResult {
  const result = run.steps.get(name);
  if (!result)
    throw new Error(`the guest never ran step '${name}'; guest log:\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`);
  return result;
}

describe('rig: manual mksysb flow with mt-st and dd on the real st driver', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      cartridges: [
        { sizeMiB: 64, barcode: 'RIG001L6' },
        { sizeMiB: 2, barcode: 'RIG002L6' },
      ],
      script: join(RIG_DIR, 'scenarios/st-dd.sh'),
      timeoutMs: 420_000,
      setup: (outDir) => stageImages(outDir, images),
    });
    console.info(`rig st-dd: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 600_000);

  afterAll(async () => {
    await run?.cleanup();
  });

  it('boots, runs the scenario to the end and powers off', () => {
    expect(run.guest.timedOut, run.guest.serialLog.slice(-3000)).toBe(false);
    expect(run.guest.rc, `${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`).toBe(0);
  });

  it('sees a loaded cartridge at BOT, online, file 0 block 0', () => {
    const s = parseMtStatus(step('status-loaded').out);
    expect(s.flags).toEqual(expect.arrayContaining(['BOT', 'ONLINE']));
    expect(s.flags).not.toContain('WR_PROT');
    expect([s.fileNumber, s.blockNumber]).toEqual([0, 0]);
    expect(parseMtStatus(step('status-setblk').out).blockSize).toBe(512);
  });

  it('writes the four files with dd and ends after the fourth filemark', () => {
    for (const n of [1, 2, 3, 4]) expect(step(`write-${n}`).rc, step(`write-${n}`).err).toBe(0);
    const s = parseMtStatus(step('status-written').out);
    expect(s.fileNumber).toBe(4);
    expect(s.blockSize).toBe(images.tapeblksz);
    expect(s.flags).toContain('EOF');
  });

  it('reads every file back byte for byte, 512-byte records then tapeblksz records, fsf 3 to file 4', async () => {
    expect(await readbackProblems(run, 'dd', images)).toEqual([]);
  });

  it('stored exactly those records and four filemarks on the cartridge (tgtimg --op show)', () => {
    expect(cartridgeProblems(run, 1, images)).toEqual([]);
  });

  it('shows WR_PROT on a write-protected cartridge and refuses to open it for writing (EROFS)', () => {
    expect(parseMtStatus(step('status-wp').out).flags).toEqual(expect.arrayContaining(['BOT', 'WR_PROT', 'ONLINE']));
    expect(step('write-wp').rc).not.toBe(0);
    expect(step('write-wp').err).toContain('Read-only file system');
  });

  it('shows DR_OPEN and not ONLINE with no cartridge, without the open wait', () => {
    const r = step('status-empty');
    expect(r.rc, 'mt-st status hung until the guard timeout').not.toBe(124);
    const s = parseMtStatus(r.out);
    expect(s.flags).toContain('DR_OPEN');
    expect(s.flags).not.toContain('ONLINE');
    expect([s.fileNumber, s.blockNumber]).toEqual([-1, -1]);
    expect(parseMtStatus(step('status-reloaded').out).flags).toContain('ONLINE');
  });

  it('fails the mksysb write with ENOSPC on a cartridge too small for the image set', () => {
    for (const n of [1, 2, 3]) expect(step(`small-write-${n}`).rc).toBe(0);
    const r = step('small-write-4');
    expect(r.rc).not.toBe(0);
    expect(r.err).toContain('No space left on device');
    const files = parseCartridge(run.cartridges.get(2) ?? '');
    expect(files).toHaveLength(4);
    expect(files[3]!.bytes).toBeLessThan(images.files[3].length);
  });
});
