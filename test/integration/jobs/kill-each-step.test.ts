/**
 * Issue 14: kill -9 at each step of a job (capture, fetch, write, verify, record). The CLI runs `run`
 * as a child process against the embedded simulated AIX host and freezes itself inside the chosen step
 * (SYSBTAPE_TEST_STOP_IN_STEP: at the step's first real progress, or the start of record), so the kill
 * lands there every time. Then the catalog passes integrity_check, the job is interrupted at that step,
 * and no cartridge claims more than its tape holds: a verified or written cartridge's tape verifies
 * against its last good write; a cartridge whose write was cut is `unknown`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import type { TapeJobStep } from '../../../electron/services/jobs/job-model.ts';
import { STOP_IN_STEP_ENV } from '../../../electron/services/jobs/test-stop.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';
import { type EmbeddedAixHost, startEmbeddedAixHost } from '../../../electron/sim/embedded-host.ts';
import { recordImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

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

/** The process state letter from /proc (T = stopped). */
function procState(pid: number): string | undefined {
  try {
    return /\) (\S) /.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Waits until the child has frozen itself (SIGSTOP) inside its step; fails if it exits first. */
async function untilStopped(proc: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the job ended before it stopped in its step:\n${output()}`);
    if (procState(proc.pid!) === 'T') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the cartridge's status claims no more than the tape holds. */
async function claimHolds(catalog: Catalog, volser: string, tape: string): Promise<boolean> {
  const c = catalog.cartridges.require(volser);
  if (c.status !== 'verified' && c.status !== 'written') return true;
  const w = catalog.writes.lastGood(c.id);
  if (!w) return false;
  const r = await verifyTape(new SimhTapeDrive(tape, { durable: false }), {
    expected: w.records.map((x) => ({ index: x.index as 1 | 2 | 3 | 4, bytes: x.bytes, sha256: x.sha256 })),
  });
  return r.ok;
}

const STEPS: TapeJobStep[] = ['capture', 'fetch', 'write', 'verify', 'record'];

describe('kill -9 at each step of a job', () => {
  for (const [i, step] of STEPS.entries()) {
    it(`in ${step}: sound catalog, job interrupted at ${step}, no cartridge claims more than its tape holds`, async () => {
      const dir = tempDir();
      const catalogPath = path.join(dir, 'catalog.db');
      const tape = path.join(dir, 'k.tap');
      const volser = `KIL${String(i).padStart(3, '0')}`;
      host = await startEmbeddedAixHost({ sim: { mksysbBytes: 6 * 1024 * 1024, mksysbMillis: 300 } });
      // The cartridge starts verified, holding an earlier write: the job writes it again.
      const setup = await openCatalog(catalogPath, { autoBackup: false });
      const server = setup.servers.put({
        name: 'simaix',
        host: host.host,
        port: host.port,
        user: host.user,
        auth: ['key'],
        keyPath: host.keyPath,
        workdir: host.workdir,
        hostKeys: [{ fingerprint: host.hostKeyFingerprint, keyType: host.hostKeyType, pinnedAt: new Date().toISOString() }],
      });
      const oldSet = await smallImageSet(path.join(dir, 'old-set'), { seed: 3 });
      setup.cartridges.add({ volser, mediaId: 'L6' });
      const old = setup.writes.record(
        writeFromTapeResult(await writeTape(oldSet, tape), { volser, imageSetId: recordImageSet(setup, server.id, oldSet) }),
      );
      setup.verifications.record({
        volser,
        writeId: old.id,
        drive: tape,
        verifiedAt: new Date().toISOString(),
        verdict: 'pass',
        records: [],
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
          volser,
          '--yes',
          '--staging',
          path.join(dir, 'staging'),
          '--labels',
          path.join(dir, 'labels'),
          '--transport',
          'sftp',
        ],
        {
          env: { ...process.env, [STOP_IN_STEP_ENV]: step, SYSBTAPE_KNOWN_HOSTS: path.join(dir, 'known_hosts') },
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
      await untilStopped(child, () => output);
      child.kill('SIGKILL');
      await exited;
      expect(child.signalCode).toBe('SIGKILL');

      const catalog = await openCatalog(catalogPath, { autoBackup: false });
      try {
        expect(catalog.integrityCheck()).toEqual([]);
        const [job] = catalog.jobs.list();
        expect(new JobEngine(catalog).detectInterrupted()).toEqual([job!.id]);
        const interrupted = catalog.jobs.require(job!.id);
        expect(interrupted.state).toBe('interrupted');
        expect(interrupted.steps.map((s) => [s.name, s.state])).toEqual(
          STEPS.map((s, k) => [s, k < i ? 'done' : k === i ? 'interrupted' : 'pending']),
        );
        const status = catalog.cartridges.require(volser).status;
        expect(await claimHolds(catalog, volser, tape), `${volser} is ${status}`).toBe(true);
        // What each kill leaves: untouched before the write, contents unknown during it, the new write after it.
        expect(status).toBe({ capture: 'verified', fetch: 'verified', write: 'unknown', verify: 'written', record: 'verified' }[step]);
        if (step !== 'write') return;
        // The tape really was cut half-way: the old write is gone, the new one incomplete.
        const partial = await verifyTape(new SimhTapeDrive(tape, { durable: false }));
        expect(partial.ok).toBe(false);
      } finally {
        catalog.close();
      }
    }, 120_000);
  }
});
