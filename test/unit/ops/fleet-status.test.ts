/** Fleet status on generated catalogs: each server's state and reason, the shelf's lists, and `sysbtape status` exit codes. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { fleetStatusOf } from '../../../electron/services/ops/fleet.ts';
import type { FleetStatus } from '../../../shared/operations.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';
import { addServer, fleetCatalog, job, verifiedTape } from './fleet-fixtures.ts';

const tempDir = useTempDirs();

describe('fleet status', () => {
  it('judges each server against the policy, with the reason', async () => {
    const now = new Date();
    const catalog = await fleetCatalog(tempDir(), now);
    const s = fleetStatusOf(catalog, now);
    catalog.close();
    const byName = Object.fromEntries(s.servers.map((v) => [v.server, v]));
    expect(byName.aixok).toMatchObject({ state: 'ok', reasons: [], offsiteCopies: 1 });
    expect(byName.aixok!.copies.map((c) => c.volser).sort()).toEqual(['OK0001', 'OK0002']);
    expect(byName.aixok!.verifiedTapes.map((c) => c.volser)).toContain('OK0OLD');
    expect(byName.aixsoon!.state).toBe('due-soon');
    expect(byName.aixsoon!.reasons).toEqual([expect.stringMatching(/is 26 days old: due in 4 days/)]);
    expect(byName.aixold!.state).toBe('overdue');
    expect(byName.aixold!.reasons[0]).toMatch(/newest verified tape OLD00[12] is 45 days old \(policy: 30\)/);
    expect(byName.aixfail!.state).toBe('failing');
    expect(byName.aixfail!.reasons[0]).toMatch(/job \d+ \(image-set\) failed: mksysb failed on aixfail/);
    expect(s.overall).toBe('failing');
    expect(s.reverifyDue.map((c) => c.volser)).toEqual(['OK0OLD']);
    expect(s.retentionEnding.map((c) => c.volser)).toEqual(['SOON01']);
    expect(s.reusable.map((c) => c.volser).sort()).toEqual(['BLANK1', 'EXPIRD']);
    expect(s.failedJobs).toEqual([expect.objectContaining({ server: 'aixfail', state: 'failed' })]);
    expect(s.cleaningDue).toEqual([expect.objectContaining({ drive: '/dev/nst0', flags: ['Cleaning required'] })]);
    expect(s.shelf).toEqual({ verified: 9, blank: 2 });
  });

  it("counts copies and off-site copies against the server's own policy", async () => {
    const now = new Date();
    const catalog = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    const id = addServer(catalog, 'aix7');
    verifiedTape(catalog, now, id, 'AIX701', { ageDays: 1, location: 'Rack 1' });
    let s = fleetStatusOf(catalog, now).servers[0]!;
    expect(s.state).toBe('due-soon');
    expect(s.reasons).toEqual([
      '1 of 2 verified copies within 30 days',
      '0 of 1 copies off site (no location is marked off site (sysbtape policy set --offsite-locations NAME,...))',
    ]);
    catalog.policies.set(id, { copies: 1, offsiteCopies: 0 });
    s = fleetStatusOf(catalog, now).servers[0]!;
    expect(s).toMatchObject({ state: 'ok', reasons: [] });
    // A later successful job clears "failing".
    job(catalog, id, 'failed', 'boom');
    expect(fleetStatusOf(catalog, now).servers[0]!.state).toBe('failing');
    job(catalog, id, 'done');
    expect(fleetStatusOf(catalog, now).servers[0]!.state).toBe('ok');
    expect(fleetStatusOf(catalog, now).failedJobs).toEqual([]);
    catalog.close();
  });

  it('sysbtape status exits 1 when a server is overdue or failing, 0 when all are ok or due soon', async () => {
    const now = new Date();
    const dir = tempDir();
    (await fleetCatalog(dir, now)).close();
    const file = path.join(dir, 'catalog.db');
    const bad = await runCli(['--catalog', file, 'status']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/aixold: OVERDUE/);
    expect(bad.out).toMatch(/aixfail: FAILING/);
    expect(bad.out).toMatch(/Drive cleaning due:\n {2}\/dev\/nst0: Cleaning required/);
    const json = await runCli(['--catalog', file, 'status', '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as FleetStatus).servers.map((v) => [v.server, v.state])).toEqual([
      ['aixfail', 'failing'],
      ['aixok', 'ok'],
      ['aixold', 'overdue'],
      ['aixsoon', 'due-soon'],
    ]);

    const dir2 = tempDir();
    const cat = await openCatalog(path.join(dir2, 'catalog.db'), { autoBackup: false });
    cat.policies.set(null, { offsiteLocations: ['Vault'] });
    const id = addServer(cat, 'aix1');
    verifiedTape(cat, now, id, 'GOOD01', { ageDays: 27, location: 'Rack' });
    verifiedTape(cat, now, id, 'GOOD02', { ageDays: 27, location: 'vault' });
    cat.close();
    const soon = await runCli(['--catalog', path.join(dir2, 'catalog.db'), 'status']);
    expect(soon.out).toMatch(/aix1: DUE SOON/);
    expect(soon.code).toBe(0);
  });
});
