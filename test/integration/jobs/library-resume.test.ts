/**
 * `sysbtape jobs resume` of a job whose cartridge came from the library (issue 20): it loads that VOLSER
 * again first; another cartridge in the drive or the VOLSER gone from the library stops it before a byte
 * is written; a passed verification sends the cartridge back to its slot. On the simulated library (a
 * folder of .tap files), with the changer named only by the settings file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { recordLibraryLink } from '../../../electron/services/library/library-job-link.ts';
import { createSimulatedLibrary, SimulatedChanger, simulatedDriveTarget } from '../../../electron/services/library/simulated-changer.ts';
import { saveLibrarySettings } from '../../../electron/services/settings/settings-file.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
let savedSettingsEnv: string | undefined;
beforeEach(() => {
  savedSettingsEnv = process.env.SYSBTAPE_SETTINGS;
});
afterEach(() => {
  if (savedSettingsEnv === undefined) delete process.env.SYSBTAPE_SETTINGS;
  else process.env.SYSBTAPE_SETTINGS = savedSettingsEnv;
});

/** A catalog with an image set, NEW003 and OTHER1, a simulated library holding both, and a write job for NEW003 linked to it. */
async function setUp(kind: 'write' | 'verify' = 'write') {
  const dir = tempDir();
  const lib = path.join(dir, 'lib');
  createSimulatedLibrary(lib, { slots: ['NEW003L8', 'OTHER1L8', null], moveMillis: 0 });
  process.env.SYSBTAPE_SETTINGS = path.join(dir, 'settings.json');
  saveLibrarySettings({ changer: `sim:${lib}` });
  const { catalog, imageSetId } = await catalogWithImageSet(dir);
  catalog.cartridges.add({ volser: 'NEW003', mediaId: 'L8' });
  catalog.cartridges.add({ volser: 'OTHER1', mediaId: 'L8' });
  const target = simulatedDriveTarget(lib);
  const engine = new JobEngine(catalog);
  const job =
    kind === 'write'
      ? engine.createWriteJob({ imageSetId, volser: 'NEW003', target, labelDir: path.join(dir, 'labels') })
      : engine.createVerifyJob({ volser: 'NEW003', target, imageSetId });
  recordLibraryLink(catalog, job.id, { volser: 'NEW003', changer: `sim:${lib}`, tape: target, afterVerify: 'slot' });
  catalog.close();
  return { dir, lib, target, jobId: job.id, file: path.join(dir, 'catalog.db'), changer: SimulatedChanger.open(lib) };
}

async function jobOf(file: string, id: number) {
  const c = await openCatalog(file, { autoBackup: false });
  try {
    return { job: c.jobs.require(id), writes: c.writes.listFor(c.cartridges.require('NEW003').id).length };
  } finally {
    c.close();
  }
}

describe('jobs resume with a library cartridge', () => {
  it('refuses while another cartridge sits in the drive (nothing written to it), then loads the VOLSER and writes it', async () => {
    const { file, jobId, changer, target, lib } = await setUp();
    await changer.load(1001, 1); // OTHER1 into the drive
    writeFileSync(target, 'OTHER1 data');
    const refused = await runCli(['--catalog', file, 'jobs', 'resume', String(jobId)]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/drive 1 \(address 1\) already holds cartridge OTHER1L8, not NEW003; unload it first/);
    expect(readFileSync(target, 'utf8')).toBe('OTHER1 data');
    expect(await jobOf(file, jobId)).toMatchObject({ job: { state: 'pending' }, writes: 0 });

    await changer.unload(1);
    expect(readFileSync(path.join(lib, 'cartridges', 'OTHER1L8.tap'), 'utf8')).toBe('OTHER1 data');
    const resumed = await runCli(['--catalog', file, 'jobs', 'resume', String(jobId)]);
    expect(resumed.err).toMatch(/library: loaded NEW003 from slot 1 \(address 1000\) into drive 1 \(address 1\)/);
    expect(await jobOf(file, jobId)).toMatchObject({ job: { state: 'done' }, writes: 1 });
    // Written onto NEW003's own tape, in the drive; OTHER1's tape untouched in its slot.
    expect(readFileSync(target).length).toBeGreaterThan(100_000);
    expect((await changer.inventory()).drives[0]!.barcode).toBe('NEW003L8');
    expect(readFileSync(path.join(lib, 'cartridges', 'OTHER1L8.tap'), 'utf8')).toBe('OTHER1 data');
  });

  it('fails clearly when the VOLSER is no longer in the library, and runs nothing', async () => {
    const { file, jobId, lib, target } = await setUp();
    const state = JSON.parse(readFileSync(path.join(lib, 'library.json'), 'utf8')) as { slots: (string | null)[] };
    state.slots[0] = null; // the operator took NEW003 out
    writeFileSync(path.join(lib, 'library.json'), JSON.stringify(state));
    const r = await runCli(['--catalog', file, 'jobs', 'resume', String(jobId)]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/cartridge NEW003 is not in the library sim:.*\[NOT_FOUND\]/);
    expect(existsSync(target)).toBe(false);
    expect(await jobOf(file, jobId)).toMatchObject({ job: { state: 'pending' }, writes: 0 });
  });

  it('a resumed verification loads the cartridge, and after it passes puts it back in its slot', async () => {
    const { file, lib, changer, target } = await setUp();
    // First write NEW003 (a write job resumed through the library), then a verify job for it, linked too.
    await runCli(['--catalog', file, 'jobs', 'resume', '1']);
    await changer.unload(1);
    expect(existsSync(target)).toBe(false);
    const c = await openCatalog(file, { autoBackup: false });
    const verify = new JobEngine(c).createVerifyJob({ volser: 'NEW003', target });
    recordLibraryLink(c, verify.id, { volser: 'NEW003', changer: `sim:${lib}`, tape: target, afterVerify: 'slot' });
    c.close();
    const r = await runCli(['--catalog', file, 'jobs', 'resume', String(verify.id)]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/library: loaded NEW003 from slot 1/);
    expect(r.err).toMatch(/library: unloaded NEW003L8 from drive 1 \(address 1\) to slot 1 \(address 1000\)/);
    const inv = await changer.inventory();
    expect(inv.drives[0]!.full).toBe(false);
    expect(inv.slots[0]!.barcode).toBe('NEW003L8');
    expect(readFileSync(path.join(lib, 'cartridges', 'NEW003L8.tap')).length).toBeGreaterThan(100_000);
  });
});
