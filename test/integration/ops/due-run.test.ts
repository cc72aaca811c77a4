/**
 * `sysbtape due --run` against a real OpenSSH sshd with the simulated AIX commands: a due schedule is
 * captured and fetched unattended (image set and readiness in the catalog), the write is reported as
 * "tape needed" (also to a webhook), a held server lock makes it wait, and a failing server backs off
 * and finally gives up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { lockServer } from '../../../electron/services/ops/server-lock.ts';
import { startHttpSink, type HttpSink } from '../../helpers/http-sink.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd, pinnedTestServer } from '../../helpers/sshd.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();
let sshd: TestSshd | undefined;
let sink: HttpSink | undefined;
const saved = { known: process.env.SYSBTAPE_KNOWN_HOSTS, notify: process.env.SYSBTAPE_NOTIFY_CONFIG };

afterEach(async () => {
  await sshd?.stop();
  await sink?.close();
  sshd = undefined;
  sink = undefined;
  for (const [k, v] of [
    ['SYSBTAPE_KNOWN_HOSTS', saved.known],
    ['SYSBTAPE_NOTIFY_CONFIG', saved.notify],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

interface DueJson {
  due: { server: string; state: string; reason: string; failures: number }[];
  runs: { server: string; outcome: string; jobId: number | null; imageSetId: number | null; ready: boolean | null; message: string }[];
}

describe('sysbtape due --run', () => {
  it('captures a due server unattended, reports the tape needed, then is not due; a held lock waits', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
    sink = await startHttpSink();
    sshd = await startSshd({ sim: { mksysbBytes: 1024 * 1024, mksysbMillis: 100 } });
    const catalogPath = path.join(dir, 'catalog.db');
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put(pinnedTestServer(sshd, 'aix7'));
    setup.close();
    const cli = (...args: string[]) => runCli(['--catalog', catalogPath, ...args]);
    expect((await cli('notify', 'set', '--webhook', sink.url)).code).toBe(0);
    expect((await cli('schedule', 'add', 'aix7', '--every', '30d')).code).toBe(0);

    const listed = await cli('due', '--json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as DueJson).due).toEqual([
      expect.objectContaining({ server: 'aix7', state: 'due', reason: 'never captured' }),
    ]);

    // Another process holds the server's capture lock: the schedule waits.
    const lock = lockServer(path.join(dir, 'locks'), 'aix7');
    if (!('release' in lock)) throw new Error('lock not taken');
    fs.writeFileSync(lock.file, JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname() }));
    const waiting = await cli('due', '--run', '--staging', path.join(dir, 'staging'), '--json');
    expect((JSON.parse(waiting.out) as DueJson).runs).toEqual([expect.objectContaining({ server: 'aix7', outcome: 'waiting' })]);
    lock.release();

    const run = await cli('due', '--run', '--staging', path.join(dir, 'staging'));
    expect(run.err).toContain('== capture');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/aix7: captured \(job \d+\): image set \d+; tape needed: load a blank or reusable cartridge for aix7/);
    const after = await openCatalog(catalogPath, { autoBackup: false });
    const [set] = after.imageSets.list();
    expect(set).toMatchObject({ serverName: 'aix7' });
    expect(set!.readiness).not.toBeNull();
    expect(after.schedules.list()[0]).toMatchObject({ failures: 0, lastError: null });
    expect(after.schedules.list()[0]!.lastSuccessAt).not.toBeNull();
    after.close();
    await sink.waitFor(1);
    const hooks = sink.received.map((r) => JSON.parse(r.body) as { event: string; server: string; fix: string });
    expect(hooks).toContainEqual(
      expect.objectContaining({
        event: 'tape-needed',
        server: 'aix7',
        fix: expect.stringMatching(/Load a blank or reusable cartridge for aix7/),
      }),
    );

    const again = await cli('due', '--json');
    expect((JSON.parse(again.out) as DueJson).due[0]).toMatchObject({ state: 'not-due' });
  }, 180_000);

  it('a failing server is retried with back-off and given up after repeated failures, reported with exit 1', async () => {
    const dir = tempDir();
    process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
    process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
    sshd = await startSshd({ sim: { mksysbBytes: 1024 * 1024, mksysbMillis: 100, faults: { mksysbFailAtPercent: 30 } } });
    const catalogPath = path.join(dir, 'catalog.db');
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put(pinnedTestServer(sshd, 'aix7'));
    setup.close();
    const cli = (...args: string[]) => runCli(['--catalog', catalogPath, ...args]);
    expect((await cli('schedule', 'add', 'aix7', '--cron', '0 2 * * *')).code).toBe(0);

    const failed = await cli('due', '--run', '--staging', path.join(dir, 'staging'), '--json');
    expect(failed.code).toBe(1);
    const out = JSON.parse(failed.out) as DueJson;
    expect(out.runs).toEqual([
      expect.objectContaining({ server: 'aix7', outcome: 'failed', message: expect.stringMatching(/mksysb failed on aix7.*retry after/) }),
    ]);

    // Within the back-off nothing runs again.
    const backing = await cli('due', '--run', '--json');
    expect(backing.code).toBe(0);
    expect(JSON.parse(backing.out)).toMatchObject({ due: [{ state: 'backing-off', failures: 1 }], runs: [] });
    const cat = await openCatalog(catalogPath, { autoBackup: false });
    expect(cat.jobs.list()).toHaveLength(1);
    // Three more failures (as later timer runs would record them): the schedule stops and says so.
    const server = cat.servers.getByName('aix7')!;
    for (let i = 0; i < 3; i++) cat.schedules.noteFailure(server.id, new Date(), 'mksysb failed on aix7', new Date(Date.now() - 1000));
    cat.close();
    const gaveUp = await cli('due', '--run');
    expect(gaveUp.code).toBe(1);
    expect(gaveUp.out).toMatch(
      /aix7: GIVEN UP — stopped after 4 failed captures in a row \(last: mksysb failed on aix7\); fix it, then run 'sysbtape schedule add aix7' again/,
    );
    const still = await openCatalog(catalogPath, { autoBackup: false });
    expect(still.jobs.list()).toHaveLength(1);
    still.close();
    // Adding the schedule again starts over.
    expect((await cli('schedule', 'add', 'aix7', '--every', '1d')).code).toBe(0);
    expect(JSON.parse((await cli('due', '--json')).out)).toMatchObject({ due: [{ state: 'due', failures: 0 }] });
  }, 180_000);
});
