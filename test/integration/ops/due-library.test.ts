/**
 * `sysbtape due --run` with a library in the settings file (issue 20: scheduled captures write unattended
 * when a suitable cartridge is in the library): on the simulated library, against a real sshd. A reusable
 * cartridge is picked (never one under retention), written, verified and put back in its slot; with none,
 * the write waits for a tape as without a library, and says why.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { createSimulatedLibrary, SimulatedChanger } from '../../../electron/services/library/simulated-changer.ts';
import { saveLibrarySettings } from '../../../electron/services/settings/settings-file.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd, pinnedTestServer } from '../../helpers/sshd.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();
let sshd: TestSshd | undefined;
const saved = {
  known: process.env.SYSBTAPE_KNOWN_HOSTS,
  notify: process.env.SYSBTAPE_NOTIFY_CONFIG,
  settings: process.env.SYSBTAPE_SETTINGS,
};

afterEach(async () => {
  await sshd?.stop();
  sshd = undefined;
  for (const [k, v] of [
    ['SYSBTAPE_KNOWN_HOSTS', saved.known],
    ['SYSBTAPE_NOTIFY_CONFIG', saved.notify],
    ['SYSBTAPE_SETTINGS', saved.settings],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

describe('sysbtape due --run with a library', () => {
  it('writes and verifies the capture on a reusable cartridge it picks, puts it back; with none left, waits for a tape', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
    process.env.SYSBTAPE_SETTINGS = path.join(dir, 'settings.json');
    const lib = path.join(dir, 'lib');
    createSimulatedLibrary(lib, { slots: ['KEEP01L8', 'FREE02L8', null], moveMillis: 0 });
    saveLibrarySettings({ changer: `sim:${lib}` });
    sshd = await startSshd({ sim: { mksysbBytes: 1024 * 1024, mksysbMillis: 100 } });
    const catalogPath = path.join(dir, 'catalog.db');
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put(pinnedTestServer(sshd, 'aix7'));
    setup.cartridges.add({ volser: 'KEEP01', mediaId: 'L8' });
    setup.cartridges.update('KEEP01', { retentionUntil: '2099-01-01' });
    setup.cartridges.add({ volser: 'FREE02', mediaId: 'L8' });
    setup.close();
    const cli = (...args: string[]) => runCli(['--catalog', catalogPath, ...args]);
    expect((await cli('schedule', 'add', 'aix7', '--every', '30d')).code).toBe(0);

    const run = await cli('due', '--run', '--staging', path.join(dir, 'staging'));
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(
      /aix7: captured \(job \d+\): image set \d+; written to FREE02 \(picked: blank, from slot 2 \(address 1001\)\) and verified; library: unloaded FREE02L8 from drive 1 \(address 1\) to slot 2 \(address 1001\)/,
    );
    const after = await openCatalog(catalogPath, { autoBackup: false });
    expect(after.history('FREE02').cartridge.status).toBe('verified');
    expect(after.history('KEEP01').cartridge.status).toBe('blank');
    after.close();
    const inv = await SimulatedChanger.open(lib).inventory();
    expect(inv.drives[0]!.full).toBe(false);
    expect(statSync(path.join(lib, 'cartridges', 'FREE02L8.tap')).size).toBeGreaterThan(100_000);

    // Next time nothing is reusable: FREE02 now holds aix7's newest verified copy, KEEP01 is under retention.
    const c = await openCatalog(catalogPath, { autoBackup: false });
    c.schedules.put(c.servers.getByName('aix7')!.id, { everySeconds: 1 });
    c.close();
    await new Promise((r) => setTimeout(r, 1100));
    const next = await cli('due', '--run', '--staging', path.join(dir, 'staging'));
    expect(next.code, next.err).toBe(0);
    expect(next.out).toMatch(
      /tape needed: load a blank or reusable cartridge for aix7 .*; library: no reusable cartridge in the library sim:/,
    );
  }, 240_000);
});
