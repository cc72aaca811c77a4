/**
 * `due --run` resumes a scheduled capture that did not finish instead of starting a new one (issue 19):
 * against a real OpenSSH sshd with the simulated AIX commands, a capture stopped in its fetch leaves a
 * partial image; during the back-off nothing runs; after it, the same job goes on at the fetch, which
 * continues the partial file (no new mksysb, no second job). A mksysb failure is retried in the same job.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import type { CaptureStepResult } from '../../../electron/services/jobs/tape-job-steps.ts';
import { runDue } from '../../../electron/services/ops/due-runner.ts';
import { stagingTimestamp } from '../../../electron/services/ssh/fetch-image-set.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd, pinnedTestServer } from '../../helpers/sshd.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();
let sshd: TestSshd | undefined;
const saved = { known: process.env.SYSBTAPE_KNOWN_HOSTS, notify: process.env.SYSBTAPE_NOTIFY_CONFIG };

afterEach(async () => {
  await sshd?.stop();
  sshd = undefined;
  for (const [k, v] of [
    ['SYSBTAPE_KNOWN_HOSTS', saved.known],
    ['SYSBTAPE_NOTIFY_CONFIG', saved.notify],
  ] as const) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

interface DueJson {
  due: { server: string; state: string; failures: number }[];
  runs: { server: string; outcome: string; jobId: number | null; resumed: boolean; imageSetId: number | null; message: string }[];
}

/** A catalog with aix7 (key auth, host key pinned) scheduled every 30 days. */
async function setUp(
  dir: string,
  sim: NonNullable<Parameters<typeof startSshd>[0]>['sim'],
): Promise<{ catalogPath: string; cli: (...a: string[]) => ReturnType<typeof runCli> }> {
  process.env.SYSBTAPE_KNOWN_HOSTS = path.join(dir, 'no_known_hosts');
  process.env.SYSBTAPE_NOTIFY_CONFIG = path.join(dir, 'notify.json');
  sshd = await startSshd({ sim });
  const catalogPath = path.join(dir, 'catalog.db');
  const setup = await openCatalog(catalogPath, { autoBackup: false });
  setup.servers.put(pinnedTestServer(sshd, 'aix7'));
  setup.close();
  const cli = (...args: string[]) => runCli(['--catalog', catalogPath, ...args]);
  expect((await cli('schedule', 'add', 'aix7', '--every', '30d')).code).toBe(0);
  return { catalogPath, cli };
}

/** As if the back-off had passed: the retry instant moves to the past (failures kept). */
function backOffPassed(catalogPath: string): void {
  const db = new Database(catalogPath);
  try {
    db.prepare('UPDATE schedules SET retry_at = ?').run(new Date(Date.now() - 60_000).toISOString());
  } finally {
    db.close();
  }
}

describe('due --run resumes an unfinished scheduled capture', () => {
  it('a capture stopped in its fetch goes on at the fetch, continuing the partial image, in the same job', async () => {
    const dir = tempDir();
    const staging = path.join(dir, 'staging');
    const { catalogPath, cli } = await setUp(dir, { mksysbBytes: 4 * 1024 * 1024, mksysbMillis: 100 });

    // The first unattended run is stopped (as systemd stops the service) the moment its fetch starts.
    const catalog = await openCatalog(catalogPath, { autoBackup: false });
    const engine = new JobEngine(catalog);
    const stop = new AbortController();
    engine.subscribe((e) => {
      if (e.type === 'step' && e.step === 'fetch' && e.state === 'running') stop.abort();
    });
    const [first] = await runDue(engine, {
      stagingRoot: staging,
      knownHostsPath: null,
      lockDir: path.join(dir, 'locks'),
      signal: stop.signal,
    });
    expect(first).toMatchObject({ server: 'aix7', outcome: 'failed', resumed: false });
    const job = catalog.jobs.require(first!.jobId!);
    expect(job.steps.map((s) => [s.name, s.state])).toEqual([
      ['capture', 'done'],
      ['fetch', 'cancelled'],
    ]);
    expect(catalog.schedules.list()[0]).toMatchObject({ failures: 1 });
    // What a transfer cut half-way leaves: the first half of the mksysb image as <dest>.part.
    const cap = job.steps[0]!.result as unknown as CaptureStepResult;
    const mksysb = cap.capture.images.find((i) => i.record === 4)!;
    const setDir = path.join(staging, 'aix7', stagingTimestamp(new Date(cap.capturedAt)));
    const whole = fs.readFileSync(mksysb.remotePath);
    const half = Math.floor(whole.length / 2);
    fs.mkdirSync(setDir, { recursive: true });
    fs.writeFileSync(path.join(setDir, `${mksysb.name}.part`), whole.subarray(0, half), { mode: 0o600 });
    catalog.close();

    // Within the back-off nothing runs, and the job is left as it is.
    const backing = await cli('due', '--run', '--staging', staging, '--json');
    expect(JSON.parse(backing.out)).toMatchObject({
      due: [{ server: 'aix7', state: 'backing-off', failures: 1, unfinishedJobId: job.id }],
      runs: [],
    });
    expect((await cli('due')).out).toContain(`(resumes job ${job.id})`);

    backOffPassed(catalogPath);
    const run = await cli('due', '--run', '--staging', staging, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out) as DueJson;
    expect(out.runs).toEqual([expect.objectContaining({ server: 'aix7', outcome: 'captured', jobId: job.id, resumed: true })]);
    const after = await openCatalog(catalogPath, { autoBackup: false });
    try {
      expect(after.jobs.list().map((j) => [j.id, j.state])).toEqual([[job.id, 'done']]);
      const [set] = after.imageSets.list();
      expect(set).toMatchObject({ serverName: 'aix7', stagingPath: setDir });
      expect(after.schedules.list()[0]).toMatchObject({ failures: 0, lastError: null, retryAt: null });
      const log = fs.readFileSync(after.jobs.require(job.id).logPath!, 'utf8');
      // The capture was not run again: the job went on at its fetch.
      expect(log).toContain(`job ${job.id}: resuming at fetch`);
      expect(log).toContain(`(resumed at ${half})`);
    } finally {
      after.close();
    }
    expect(JSON.parse((await cli('due', '--json')).out)).toMatchObject({ due: [{ state: 'not-due' }] });
  }, 240_000);

  it('a failed mksysb is retried in the same job after the back-off, and says so', async () => {
    const dir = tempDir();
    const staging = path.join(dir, 'staging');
    const sim = { mksysbBytes: 1024 * 1024, mksysbMillis: 100 };
    const { catalogPath, cli } = await setUp(dir, { ...sim, faults: { mksysbFailAtPercent: 30 } });
    const failed = await cli('due', '--run', '--staging', staging, '--json');
    expect(failed.code).toBe(1);
    const [run1] = (JSON.parse(failed.out) as DueJson).runs;
    expect(run1).toMatchObject({ outcome: 'failed', resumed: false, message: expect.stringMatching(/mksysb failed on aix7.*retry after/) });

    sshd!.setSim(sim);
    backOffPassed(catalogPath);
    const again = await cli('due', '--run', '--staging', staging);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`aix7: captured (job ${run1!.jobId}, resumed): image set`);
    const cat = await openCatalog(catalogPath, { autoBackup: false });
    try {
      expect(cat.jobs.list().map((j) => [j.id, j.state])).toEqual([[run1!.jobId, 'done']]);
      expect(cat.schedules.list()[0]).toMatchObject({ failures: 0 });
    } finally {
      cat.close();
    }
  }, 240_000);
});
