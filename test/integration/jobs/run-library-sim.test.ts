/**
 * `sysbtape run SERVER --pick` on the simulated library named in the settings file, against a real sshd:
 * the job picks a reusable cartridge (never one under retention), loads it, and — when the capture failed —
 * leaves it in the drive; `jobs resume` refuses while another cartridge is in the drive, then loads the
 * job's own VOLSER again, finishes, and puts the verified cartridge back in its slot.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { createSimulatedLibrary, SimulatedChanger, simulatedDriveTarget } from '../../../electron/services/library/simulated-changer.ts';
import { saveLibrarySettings } from '../../../electron/services/settings/settings-file.ts';
import { startSshd, type TestSshd, pinnedTestServer } from '../../helpers/sshd.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
let sshd: TestSshd | undefined;
const saved = { knownHosts: process.env.SYSBTAPE_KNOWN_HOSTS, settings: process.env.SYSBTAPE_SETTINGS };

afterEach(async () => {
  await sshd?.stop();
  sshd = undefined;
  for (const [k, v] of [
    ['SYSBTAPE_KNOWN_HOSTS', saved.knownHosts],
    ['SYSBTAPE_SETTINGS', saved.settings],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

describe('run --pick on the simulated library', () => {
  it('picks a reusable cartridge; resume reloads it (not another one in the drive) and returns it after the verify', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
    process.env.SYSBTAPE_SETTINGS = path.join(dir, 'settings.json');
    const lib = path.join(dir, 'lib');
    createSimulatedLibrary(lib, { slots: ['KEEP01L8', 'FREE02L8', 'OTHER3L8'], moveMillis: 0 });
    saveLibrarySettings({ changer: `sim:${lib}` });
    sshd = await startSshd({ sim: { mksysbBytes: 1024 * 1024, mksysbMillis: 100, faults: { mksysbFailAtPercent: 40 } } });
    const catalogPath = path.join(dir, 'catalog.db');
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put(pinnedTestServer(sshd, 'aix1'));
    setup.cartridges.add({ volser: 'KEEP01', mediaId: 'L8' });
    setup.cartridges.update('KEEP01', { retentionUntil: '2099-01-01' });
    setup.cartridges.add({ volser: 'FREE02', mediaId: 'L8' });
    setup.cartridges.add({ volser: 'OTHER3', mediaId: 'L8' });
    setup.close();
    const target = simulatedDriveTarget(lib);
    const changer = SimulatedChanger.open(lib);

    const failed = await runCli([
      '--catalog',
      catalogPath,
      'run',
      'aix1',
      '--tape',
      target,
      '--pick',
      '--json',
      '--staging',
      path.join(dir, 'staging'),
      '--labels',
      path.join(dir, 'labels'),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/library: loaded FREE02 from slot 2 \(address 1001\) into drive 1 \(address 1\) \(picked: blank\)/);
    expect(failed.err).toMatch(/library: FREE02 stays in the drive \(the job did not pass\)/);
    const job = JSON.parse(failed.out) as { id: number };

    // The operator swaps cartridges; resume must not write to OTHER3.
    await changer.unload(1);
    await changer.load(1002, 1);
    const refused = await runCli(['--catalog', catalogPath, 'jobs', 'resume', String(job.id)]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/already holds cartridge OTHER3L8, not FREE02/);
    expect(existsSync(target)).toBe(false);
    await changer.unload(1);

    sshd.setSim({ mksysbBytes: 1024 * 1024, mksysbMillis: 100 });
    const resumed = await runCli(['--catalog', catalogPath, 'jobs', 'resume', String(job.id)]);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('Verdict: PASS');
    expect(resumed.err).toMatch(/library: loaded FREE02 from slot 2 \(address 1001\) into drive 1/);
    expect(resumed.err).toMatch(/library: unloaded FREE02L8 from drive 1 \(address 1\) to slot 2 \(address 1001\)/);
    const inv = await changer.inventory();
    expect(inv.drives[0]!.full).toBe(false);
    expect(inv.slots.map((s) => s.barcode)).toEqual(['KEEP01L8', 'FREE02L8', 'OTHER3L8']);
    expect(statSync(path.join(lib, 'cartridges', 'FREE02L8.tap')).size).toBeGreaterThan(100_000);
    expect(existsSync(path.join(lib, 'cartridges', 'OTHER3L8.tap'))).toBe(false);
    const after = await openCatalog(catalogPath, { autoBackup: false });
    expect(after.history('FREE02').cartridge.status).toBe('verified');
    expect(after.history('KEEP01').cartridge.status).toBe('blank');
    after.close();
  }, 180_000);
});
