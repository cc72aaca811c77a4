/**
 * kill -9 during a write job: the CLI runs as a child process against the embedded simulated AIX host
 * and is killed mid-write; the catalog must pass integrity_check, show the job interrupted, and
 * `sysbtape jobs resume` must finish it at the write step without capturing again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { WRITE_RATE_ENV } from '../../../electron/services/jobs/rate-limited-drive.ts';
import { type EmbeddedAixHost, startEmbeddedAixHost } from '../../../electron/sim/embedded-host.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();
const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
let child: ChildProcess | undefined;
let host: EmbeddedAixHost | undefined;

afterEach(async () => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await host?.stop();
  host = undefined;
});

function writeStepState(catalogPath: string): string | undefined {
  const db = new Database(catalogPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { state: string }>(`SELECT state FROM job_steps WHERE name = 'write' ORDER BY job_id DESC LIMIT 1`).get()?.state;
  } finally {
    db.close();
  }
}

/** Waits until the child is writing the tape (step running and bytes on the .tap), or fails on its exit. */
async function untilMidWrite(catalogPath: string, tape: string, proc: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the job ended before it could be killed mid-write:\n${output()}`);
    const size = fs.existsSync(tape) ? fs.statSync(tape).size : 0;
    if (size > 1024 * 1024 && fs.existsSync(catalogPath) && writeStepState(catalogPath) === 'running') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kill -9 during a write job', () => {
  it('leaves a sound catalog with the job interrupted, and resume finishes it without capturing again', async () => {
    const dir = tempDir();
    const catalogPath = path.join(dir, 'catalog.db');
    const tape = path.join(dir, 'kill.tap');
    host = await startEmbeddedAixHost({ sim: { mksysbBytes: 12 * 1024 * 1024, mksysbMillis: 200 } });
    const setup = await openCatalog(catalogPath, { autoBackup: false });
    setup.servers.put({
      name: 'simaix',
      host: host.host,
      port: host.port,
      user: host.user,
      auth: ['key'],
      keyPath: host.keyPath,
      workdir: host.workdir,
      hostKeys: [{ fingerprint: host.hostKeyFingerprint, keyType: host.hostKeyType, pinnedAt: new Date().toISOString() }],
    });
    setup.close();

    let output = '';
    child = spawn(
      NODE,
      [
        path.join(ROOT, 'bin', 'sysbtape.js'),
        '--catalog',
        catalogPath,
        'run',
        'simaix',
        '--tape',
        tape,
        '--volser',
        'KIL001',
        '--media',
        'L6',
        '--staging',
        path.join(dir, 'staging'),
        '--labels',
        path.join(dir, 'labels'),
        '--transport',
        'sftp',
      ],
      {
        // ~2 MB/s: the 12 MiB write lasts seconds, long enough to be caught half-way on any machine.
        env: { ...process.env, [WRITE_RATE_ENV]: String(2_000_000), SYSBTAPE_KNOWN_HOSTS: path.join(dir, 'known_hosts') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<void>((r) => child?.once('exit', () => r()));
    await untilMidWrite(catalogPath, tape, child, () => output);
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');

    const catalog = await openCatalog(catalogPath, { autoBackup: false });
    expect(catalog.integrityCheck()).toEqual([]);
    const [before] = catalog.jobs.list();
    expect(before!.state).toBe('running');
    expect(new JobEngine(catalog).detectInterrupted()).toEqual([before!.id]);
    const interrupted = catalog.jobs.require(before!.id);
    expect(interrupted.state).toBe('interrupted');
    expect(interrupted.steps.map((s) => [s.name, s.state])).toEqual([
      ['capture', 'done'],
      ['fetch', 'done'],
      ['write', 'interrupted'],
      ['verify', 'pending'],
      ['record', 'pending'],
    ]);
    expect(interrupted.steps[2]!.message).toMatch(/interrupted: process \d+ on .* stopped while this step ran/);
    catalog.close();

    const listed = await runCli(['--catalog', catalogPath, 'jobs', 'list', '--state', 'interrupted', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { id: number }[]).map((j) => j.id)).toEqual([before!.id]);

    // Half a write is on the tape: records 1-2 match the image set but record 4 does not, so it is unknown
    // contents (one host's record 2 can repeat across backups: a full older backup would look the same) and
    // the resumed write asks before writing over it.
    const asked = await runCli(['--catalog', catalogPath, 'jobs', 'resume', String(before!.id)]);
    expect(asked.code).toBe(1);
    expect(asked.err + asked.out).toContain('UNKNOWN_CONTENTS');
    const resumed = await runCli(['--catalog', catalogPath, 'jobs', 'resume', String(before!.id), '--confirm', 'UNKNOWN_CONTENTS']);
    expect(resumed.err).not.toContain('FAILED');
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('Verdict: PASS');

    const after = await openCatalog(catalogPath, { autoBackup: false });
    const done = after.jobs.require(before!.id);
    expect(done.state).toBe('done');
    // The capture ran once: same start time, one image set.
    expect(done.steps[0]!.startedAt).toBe(interrupted.steps[0]!.startedAt);
    expect(after.imageSets.list()).toHaveLength(1);
    const history = after.history('KIL001');
    expect(history.cartridge.status).toBe('verified');
    expect(history.writes.map((w) => w.result)).toEqual(['ok']);
    expect(history.verifications.map((v) => v.verdict)).toEqual(['pass']);
    expect(fs.readFileSync(done.logPath!, 'utf8')).toMatch(/resuming at write/);
    after.close();
  }, 180_000);
});
