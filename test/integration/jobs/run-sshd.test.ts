/** `sysbtape run` against a real OpenSSH sshd with the simulated AIX commands: a mksysb failure fails the capture step, resume finishes the job. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { startSshd, type TestSshd, pinnedTestServer } from '../../helpers/sshd.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
let sshd: TestSshd | undefined;
const savedKnownHosts = process.env.SYSBTAPE_KNOWN_HOSTS;

afterEach(async () => {
  await sshd?.stop();
  sshd = undefined;
  if (savedKnownHosts === undefined) Reflect.deleteProperty(process.env, 'SYSBTAPE_KNOWN_HOSTS');
  else process.env.SYSBTAPE_KNOWN_HOSTS = savedKnownHosts;
});

describe('sysbtape run against a real sshd', () => {
  it('fails at capture when mksysb fails (no image set), and jobs resume finishes the whole job', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
    sshd = await startSshd({ sim: { mksysbBytes: 2 * 1024 * 1024, mksysbMillis: 200, faults: { mksysbFailAtPercent: 40 } } });
    const catalogPath = path.join(dir, 'catalog.db');
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put(pinnedTestServer(sshd, 'aix1'));
    setup.close();
    const args = [
      '--catalog',
      catalogPath,
      'run',
      'aix1',
      '--tape',
      path.join(dir, 'aix1.tap'),
      '--volser',
      'run001',
      '--media',
      'L6',
      '--staging',
      path.join(dir, 'staging'),
      '--labels',
      path.join(dir, 'labels'),
    ];

    const failed = await runCli([...args, '--json']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/mksysb failed on aix1/);
    const job = JSON.parse(failed.out) as { id: number; state: string; steps: { name: string; state: string }[] };
    expect(job.state).toBe('failed');
    expect(job.steps.map((s) => s.state)).toEqual(['failed', 'pending', 'pending', 'pending', 'pending']);
    const mid = await openCatalog(catalogPath, { autoBackup: false });
    expect(mid.imageSets.list()).toEqual([]);
    mid.close();

    sshd.setSim({ mksysbBytes: 2 * 1024 * 1024, mksysbMillis: 200 });
    const resumed = await runCli(['--catalog', catalogPath, 'jobs', 'resume', String(job.id)]);
    expect(resumed.err).toContain('== capture');
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('Verdict: PASS');
    const after = await openCatalog(catalogPath, { autoBackup: false });
    const done = after.jobs.require(job.id);
    expect(done.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    const [set] = after.imageSets.list();
    expect(set).toMatchObject({ serverName: 'aix1', state: 'verified' });
    expect(set!.images.every((i) => i.remoteChecksum !== null)).toBe(true);
    expect(after.history('RUN001').cartridge.status).toBe('verified');
    after.close();
  }, 180_000);
});
