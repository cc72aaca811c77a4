// The rig itself, proven with the operator's manual flow (mt-st + dd) on the REAL Linux st driver:
// tgtd tape LUNs, QEMU/TCG guest with the Debian kernel's st module. No project tape code involved,
// so a failure here is the rig's (or the driver's), never the app's.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMtStatus } from '../../rig/mt-status.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';
import { parseCartridge, recordSizeSummary } from '../../rig/tgt-cartridge.ts';

const TAPEBLKSZ = 1024;
// Odd sizes on purpose: every file but the TOC ends in a partial block that must be NUL-padded.
const IMAGES: Record<string, Buffer> = {
  '1_boot': randomBytes(300 * 1024 + 17),
  '2_mkinsttape': randomBytes(64 * 1024 + 5),
  '3_toc': randomBytes(512),
  '4_mksysb': randomBytes(4 * 1024 * 1024 + 100),
};
const NAMES = Object.keys(IMAGES);
const blockSizeOf = (name: string): number => (name === '4_mksysb' ? TAPEBLKSZ : 512);

/** The image as it must come back from tape: padded with NULs to whole blocks (dd conv=sync). */
function onTape(name: string): Buffer {
  const image = IMAGES[name]!;
  const bs = blockSizeOf(name);
  return Buffer.concat([image, Buffer.alloc((bs - (image.length % bs)) % bs)]);
}

let run: RigRun;

function step(name: string): StepResult {
  const result = run.steps.get(name);
  if (!result) throw new Error(`the guest never ran step '${name}'; guest log:\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`);
  return result;
}

describe('rig: manual mksysb flow with mt-st and dd on the real st driver', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      cartridges: [{ sizeMiB: 64, barcode: 'RIG001L6' }, { sizeMiB: 2, barcode: 'RIG002L6' }],
      script: join(RIG_DIR, 'scenarios/st-dd.sh'),
      timeoutMs: 420_000,
      setup: async (outDir) => {
        await mkdir(join(outDir, 'images'));
        for (const name of NAMES) await writeFile(join(outDir, 'images', name), IMAGES[name]!);
        await writeFile(join(outDir, 'images/tapeblksz'), `${TAPEBLKSZ}\n`);
      },
    });
    console.info(`rig st-dd: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 600_000);

  afterAll(async () => { await run?.cleanup(); });

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

  it('writes the four files and ends after the fourth filemark', () => {
    for (const name of NAMES) expect(step(`write-${name}`).rc, step(`write-${name}`).err).toBe(0);
    const s = parseMtStatus(step('status-written').out);
    expect(s.fileNumber).toBe(4);
    expect(s.blockSize).toBe(TAPEBLKSZ);
    expect(s.flags).toContain('EOF');
  });

  it('reads every file back byte for byte (fixed mode, 256 KiB reads, one file per dd)', async () => {
    for (const name of NAMES) {
      expect(step(`read-${name}`).rc, step(`read-${name}`).err).toBe(0);
      const back = await readFile(join(run.outDir, 'readback', name));
      expect(back.equals(onTape(name)), `${name}: ${back.length} bytes back, ${onTape(name).length} expected`).toBe(true);
    }
  });

  it('fsf 3 from BOT lands at file 3, whose contents are the mksysb', async () => {
    expect(step('fsf-3').rc).toBe(0);
    const s = parseMtStatus(step('status-fsf').out);
    expect([s.fileNumber, s.blockNumber]).toEqual([3, 0]);
    const back = await readFile(join(run.outDir, 'readback', '4_mksysb.fsf'));
    expect(back.equals(onTape('4_mksysb'))).toBe(true);
  });

  it('has 512-byte records in files 1-3 and tapeblksz records in file 4 (variable-mode reads)', () => {
    for (const name of NAMES) {
      const r = step(`records-${name}`);
      expect(r.rc, r.err).toBe(0);
      expect(r.err).toContain(`${onTape(name).length / blockSizeOf(name)}+0 records in`);
    }
  });

  it('stored exactly those records and four filemarks on the cartridge (tgtimg --op show)', () => {
    const files = parseCartridge(run.cartridges.get(1) ?? '');
    expect(files).toHaveLength(4);
    NAMES.forEach((name, i) => {
      const file = files[i]!;
      const bs = blockSizeOf(name);
      expect(recordSizeSummary(file), name).toBe(`${bs}×${onTape(name).length / bs}`);
      expect(file.endsWithFilemark).toBe(true);
    });
  });

  it('reports end of data after the last file as EIO with nothing read (tgt)', () => {
    expect(step('read-past-eod').rc).not.toBe(0);
    expect(step('read-past-eod').err).toContain('0+0 records in');
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
    for (const name of ['1_boot', '2_mkinsttape', '3_toc']) expect(step(`small-write-${name}`).rc).toBe(0);
    const r = step('small-write-4_mksysb');
    expect(r.rc).not.toBe(0);
    expect(r.err).toContain('No space left on device');
    const files = parseCartridge(run.cartridges.get(2) ?? '');
    expect(files).toHaveLength(4);
    expect(files[3]!.bytes).toBeLessThan(IMAGES['4_mksysb']!.length);
  });
});
