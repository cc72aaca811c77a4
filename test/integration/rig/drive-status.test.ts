// `sysbtape drive status` on the REAL st + sg drivers (tgtd tape LUN, QEMU/TCG guest): tgt's tape
// emulation answers some SCSI commands and refuses others; drive status must report what it answers,
// "not supported by this drive" for the rest (the same ones sg3-utils finds refused), keep a bundle
// that --from-raw decodes to the same report, and leave the drive writable.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriveHealthReport } from '../../../electron/services/tape/scsi/drive-health.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { parseAppResult } from '../../rig/app-status.ts';
import { type RigRun, type StepResult, RIG_DIR, prepareRig, runRig } from '../../rig/rig.ts';

let run: RigRun;

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

function jsonStep(name: string): DriveHealthReport {
  const r = cliStep(name);
  expect(r.exit, `${r.out}\n${r.err}`).toBe(0);
  return JSON.parse(r.out) as DriveHealthReport;
}

describe('rig: drive status on the real st and sg drivers', () => {
  beforeAll(async () => {
    const cacheDir = await prepareRig();
    run = await runRig({
      cacheDir,
      cartridges: [{ sizeMiB: 64, barcode: 'RIG201L6' }],
      script: join(RIG_DIR, 'scenarios/drive-status.sh'),
      timeoutMs: 540_000,
      setup: async (outDir) => {
        const made = await runCli([
          'make-images',
          '--out',
          join(outDir, 'set'),
          '--mksysb-size',
          '2MiB',
          '--boot-blocks',
          '300',
          '--seed',
          '11',
        ]);
        if (made.code !== 0) throw new Error(`make-images failed: ${made.err}`);
      },
    });
    console.info(`rig drive-status: guest ran ${(run.guest.durationMs / 1000).toFixed(1)} s (boot + scenario)`);
  }, 660_000);

  afterAll(async () => {
    await run?.cleanup();
  });

  it('boots, runs the scenario to the end and powers off', () => {
    expect(run.guest.timedOut, run.guest.serialLog.slice(-3000)).toBe(false);
    expect(run.guest.rc, `${run.guest.guestLog}\n${run.guest.serialLog.slice(-3000)}`).toBe(0);
  });

  it('reports what tgt answers (INQUIRY as sg_inq reads it) and "not supported" exactly where sg3-utils is refused', () => {
    const report = jsonStep('ds-json');
    const inq = step('sg-inq').out;
    expect(inq).toMatch(new RegExp(`Vendor identification: ${report.drive.vendor}\\s*$`, 'm'));
    expect(inq).toMatch(new RegExp(`Product identification: ${report.drive.product}\\s*$`, 'm'));
    expect(inq).toMatch(new RegExp(`Product revision level: ${report.drive.firmware}\\s*$`, 'm'));
    expect(report.drive.vendor).toBe('IET');
    // Each command refused by tgt is refused to sg3-utils too (rc != 0), and the other way round.
    const sgStep = { 'log-2e': 'sg-logs', 'read-attribute': 'sg-read-attr', vpd80: 'sg-vpd', 'mode-sense': 'sg-modes' } as const;
    for (const [command, name] of Object.entries(sgStep)) {
      const refused = report.unsupported.includes(command as keyof typeof sgStep);
      expect(step(name).rc !== 0, `${command}: ${step(name).out}${step(name).err}`).toBe(refused);
    }
    expect(report.unsupported).toEqual(expect.arrayContaining(['log-2e']));
    expect(report.errors).toEqual([]);
    // MODE SENSE is answered: tgt's block descriptor has density code 0 (no LTO generation) and no WP bit.
    expect(report.medium).toMatchObject({ densityCode: 0, writeProtected: false });
    expect(report.medium.generation).toBeUndefined();
    const text = cliStep('ds-text').out;
    // The first command after boot met UNIT ATTENTION (reset); it is retried, so nothing failed.
    expect(text).not.toMatch(/failed/);
    expect(text).toMatch(/TapeAlert \(LOG SENSE page 0x2E\): not supported by this drive/);
    expect(text).toMatch(/cleaning: unknown \(the drive does not report TapeAlert\)/);
  });

  it('--from-raw decodes the bundle saved in the rig to the same report; absent files are the refused commands', async () => {
    const live = jsonStep('ds-json');
    const again = jsonStep('ds-from-raw');
    expect(again).toEqual(live);
    // And on this machine too, from the bundle the guest left behind.
    const here = await runCli(['drive', 'status', '--from-raw', join(run.outDir, 'bundle'), '--json']);
    expect(JSON.parse(here.out)).toEqual(live);
  });

  it('the drive-health write checks read the real drive and add nothing where tgt reports no TapeAlert or MAM', () => {
    const r = parseAppResult(step('ds-checks').out) as { ok: boolean; checks?: unknown[]; message?: string };
    expect(r, step('ds-checks').err).toMatchObject({ ok: true, checks: [] });
  });

  it('WRITE ATTRIBUTE (data-out SG_IO) reaches the drive: tgt, having no cartridge memory, refuses it with ILLEGAL REQUEST', () => {
    const r = parseAppResult(step('ds-mam-write').out) as { ok: boolean; unsupported?: boolean; message?: string };
    expect(r, step('ds-mam-write').err).toMatchObject({
      ok: false,
      unsupported: true,
      message: expect.stringMatching(/0x8d on \/dev\/sg\d+: ILLEGAL REQUEST/),
    });
  });

  it('a write and its recorded verification still succeed on the drive afterwards, and drive status still answers', () => {
    expect(cliStep('ds-tape-add').exit).toBe(0);
    const w = cliStep('ds-write');
    expect(w.exit, `${w.out}\n${w.err}`).toBe(0);
    const v = cliStep('ds-verify');
    expect(v.exit, `${v.out}\n${v.err}`).toBe(0);
    expect(JSON.parse(v.out)).toMatchObject({ ok: true, problems: [] });
    expect(jsonStep('ds-after').drive).toEqual(jsonStep('ds-json').drive);
  });
});
