// The project's LinuxStDrive on the REAL Linux st driver (tgtd tape LUN, QEMU/TCG guest running the
// repo's code over 9p): status against mt-st, four files written through the drive and read back
// independently with mt-st + dd, write protection, no cartridge, and a cartridge too small; then
// `sysbtape write` + `sysbtape verify` on /dev/nstN with the same checks.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dummyTocBlock } from '../../../electron/services/tape/dummy-toc.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAppResult, parseAppStatus, statusDifferences } from '../../rig/app-status.ts';
import { type TapeImages, cartridgeProblems, onTape, randomTapeImages, readbackProblems, stageImages } from '../../rig/readback-checks.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';
import { parseCartridge } from '../../rig/tgt-cartridge.ts';

const images = randomTapeImages();
// record 4 of the CLI's image set is written in tapeblksz blocks that differ from 512 on purpose.
const SET_TAPEBLKSZ = 1024;
let setImages: TapeImages;
let run: RigRun;

/** A synthetic image set made by the project's own `sysbtape make-images` (small, for speed). */
async function makeImageSet(outDir: string): Promise<void> {
  const dir = join(outDir, 'set');
  const made = await runCli([
    'make-images',
    '--out',
    dir,
    '--mksysb-size',
    '4MiB',
    '--boot-blocks',
    '600',
    '--tapeblksz',
    `${SET_TAPEBLKSZ} NONE`,
    '--seed',
    '7',
  ]);
  if (made.code !== 0) throw new Error(`make-images failed: ${made.err}`);
  await writeFile(join(outDir, 'set.tapeblksz'), `${SET_TAPEBLKSZ}\n`);
  const read = (name: string): Promise<Buffer> => readFile(join(dir, name));
  setImages = {
    files: [await read('1_bosboot.img'), await read('2_mkinsttape.img'), dummyTocBlock(), await read('4_mksysb.img')],
    tapeblksz: SET_TAPEBLKSZ,
  };
}

function step(name: string): StepResult {
  const result = run.steps.get(name);
  if (!result)
    throw new Error(`the guest never ran step '${name}'; guest log:\n${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`);
  return result;
}

/** A `sysbtape …` run in the drive-check server's process: exit code and output. */
function cliStep(name: string): { exit: number; out: string; err: string } {
  const s = step(name);
  const r = parseAppResult(s.out) as { exit?: number; out?: string; err?: string };
  if (r.exit === undefined) throw new Error(`step ${name} did not run the CLI: ${s.out}${s.err}`);
  return { exit: r.exit, out: r.out ?? '', err: r.err ?? '' };
}

describe('rig: LinuxStDrive on the real st driver', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      cartridges: [
        { sizeMiB: 64, barcode: 'RIG101L6' },
        { sizeMiB: 2, barcode: 'RIG102L6' },
        { sizeMiB: 64, barcode: 'RIG103L6' },
      ],
      script: join(RIG_DIR, 'scenarios/st-drive.sh'),
      timeoutMs: 540_000,
      setup: async (outDir) => {
        await stageImages(outDir, images);
        await makeImageSet(outDir);
      },
    });
    console.info(`rig st-drive: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 660_000);

  afterAll(async () => {
    await run?.cleanup();
  });

  it('boots, runs the scenario to the end and powers off', async () => {
    // On failure, show what crashed in the guest (segfault lines) and what the drive-check server said.
    const crashes = (await readFile(join(run.outDir, 'dmesg.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((l) => /segfault|general protection|trap/i.test(l));
    const server = await readFile(join(run.outDir, 'app-server.err'), 'utf8').catch(() => '');
    const context = `${run.guest.guestLog}\n${crashes.join('\n')}\n${server.slice(-3000)}\n${run.guest.serialLog.slice(-2000)}`;
    expect(run.guest.timedOut, context).toBe(false);
    expect(run.guest.rc, context).toBe(0);
    expect(crashes, context).toEqual([]);
  });

  it('the drive-check process (LinuxStDrive + the CLI in-process) ends by itself when its input closes', () => {
    const r = step('app-server-exit');
    expect(r.rc, `${r.err}\n${run.guest.guestLog}`).toBe(0);
  });

  it('parses status like mt-st: loaded at BOT, after setblk 512, after four files', () => {
    const loaded = parseAppStatus(step('app-status-loaded').out);
    expect(loaded).toMatchObject({
      online: true,
      noTape: false,
      writeProtected: false,
      beginningOfTape: true,
      fileNumber: 0,
      blockNumber: 0,
    });
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

  it('sysbtape write writes the image set to /dev/nstN and sysbtape verify passes it', () => {
    const w = step('cli-write');
    expect(w.rc, w.err).toBe(0);
    expect(w.out).toMatch(/^Wrote \/dev\/nst\d+ /m);
    const v = cliStep('cli-verify');
    expect(v.exit, v.err).toBe(0);
    const verdict = JSON.parse(v.out) as {
      ok: boolean;
      records: { index: number; blockSize: number; matches?: boolean }[];
      problems: unknown[];
    };
    expect(verdict.ok).toBe(true);
    expect(verdict.problems).toEqual([]);
    expect(verdict.records.map((r) => [r.index, r.blockSize, r.matches])).toEqual([
      [1, 512, true],
      [2, 512, true],
      [3, 512, true],
      [4, SET_TAPEBLKSZ, true],
    ]);
  });

  it('the CLI-written tape reads back with mt-st + dd byte for byte, 512-byte records, tapeblksz record 4', async () => {
    expect(await readbackProblems(run, 'cli', setImages)).toEqual([]);
  });

  it('the refused writes left the CLI cartridge exactly as written (tgtimg --op show)', () => {
    expect(cartridgeProblems(run, 3, setImages)).toEqual([]);
  });

  it('sysbtape write refuses a write-protected cartridge before writing, with a clear message', () => {
    const r = cliStep('cli-write-wp');
    expect(r.exit).toBe(1);
    expect(r.err).toMatch(/write-protected/);
    expect(r.err).toContain('[TAPE_WRITE_PROTECTED]');
    expect(r.out).not.toMatch(/Wrote/);
  });

  it('sysbtape write and verify say "no tape" with no cartridge', () => {
    for (const name of ['cli-write-empty', 'cli-verify-empty']) {
      const r = cliStep(name);
      expect(r.exit, name).toBe(1);
      expect(r.err, name).toMatch(/no tape/);
      expect(r.err, name).toContain('[TAPE_NO_MEDIUM]');
      expect(r.out, name).not.toMatch(/Wrote|Verdict: OK/);
    }
  });

  it('sysbtape write fails cleanly on a cartridge too small for the image set and reports no success', () => {
    const r = cliStep('cli-write-small');
    expect(r.exit, r.out).toBe(1);
    expect(r.out).not.toMatch(/Wrote/);
    expect(r.err).toMatch(/TAPE_END_OF_MEDIUM|TAPE_TOO_SMALL/);
  });
});
