/**
 * A `sysbtape write` killed with SIGKILL mid-write (outside any job) leaves its cartridges `writing`; the
 * writer (pid, host) is recorded with that status, so the next catalog use that looks — `tape list`,
 * `tape show`, `write`, `jobs`, `run`, the app's start — sees the writer is gone and says `unknown`.
 * While the writer lives (here: frozen inside its write), nobody marks it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { STOP_IN_STEP_ENV } from '../../../electron/services/jobs/test-stop.ts';
import { WRITE_RATE_ENV } from '../../../electron/services/jobs/rate-limited-drive.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, useTempDirs, writeTape } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();
const ROOT = path.resolve(import.meta.dirname, '../../..');
const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** The process state letter from /proc (T = stopped). */
function procState(pid: number): string | undefined {
  try {
    return /\) (\S) /.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Waits until the child has frozen itself (SIGSTOP) at its first bytes on tape; fails if it exits first. */
async function untilStopped(proc: ChildProcess, output: () => string): Promise<void> {
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the write ended before it stopped:\n${output()}`);
    if (procState(proc.pid!) === 'T') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function statuses(catalogPath: string): Promise<Record<string, string>> {
  const listed = await runCli(['--catalog', catalogPath, 'tape', 'list', '--json']);
  expect(listed.code, listed.err).toBe(0);
  return Object.fromEntries(
    (JSON.parse(listed.out) as { cartridges: { volser: string; status: string }[] }).cartridges.map((c) => [c.volser, c.status]),
  );
}

describe('sysbtape write killed with SIGKILL', () => {
  it('leaves its cartridges writing while it lives, and unknown on the next catalog use once it is dead', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    const catalogPath = path.join(dir, 'catalog.db');
    // DEMO01 holds a verified write on the tape; the killed write records onto NEW001 over it.
    catalog.cartridges.add({ volser: 'DEMO01', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
    const tape = path.join(dir, 'DEMO01.tap');
    const w = catalog.writes.record(writeFromTapeResult(await writeTape(setDir, tape), { volser: 'DEMO01', imageSetId }));
    catalog.verifications.record({
      volser: 'DEMO01',
      writeId: w.id,
      drive: tape,
      verifiedAt: new Date().toISOString(),
      verdict: 'pass',
      records: [],
    });
    catalog.close();

    let output = '';
    child = spawn(
      NODE,
      [
        path.join(ROOT, 'bin', 'sysbtape.js'),
        '--catalog',
        catalogPath,
        'write',
        '--images',
        setDir,
        '--tape',
        tape,
        '--volser',
        'NEW001',
        '--yes',
      ],
      {
        // Frozen at its first bytes on tape; slowed so the tape is really cut half-way.
        env: { ...process.env, [STOP_IN_STEP_ENV]: 'write', [WRITE_RATE_ENV]: String(64 * 1024) },
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

    // A live writer on this host is never marked unknown, whoever looks.
    expect(await statuses(catalogPath)).toEqual({ DEMO01: 'writing', NEW001: 'writing' });

    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');

    // The next `tape show` (like `tape list`) sees the writer gone: both tapes' contents are unknown.
    const shown = await runCli(['--catalog', catalogPath, 'tape', 'show', 'NEW001', '--json']);
    expect(shown.code, shown.err).toBe(0);
    expect((JSON.parse(shown.out) as { cartridge: { status: string } }).cartridge.status).toBe('unknown');
    expect(await statuses(catalogPath)).toEqual({ DEMO01: 'unknown', NEW001: 'unknown' });
    const after = await openCatalog(catalogPath, { autoBackup: false });
    try {
      expect(after.integrityCheck()).toEqual([]);
    } finally {
      after.close();
    }
  }, 120_000);

  it('the job engine start-up detection (app start, jobs, run) settles a dead direct writer too', async () => {
    const dir = tempDir();
    const { catalog, setDir } = await catalogWithImageSet(dir);
    const catalogPath = path.join(dir, 'catalog.db');
    catalog.cartridges.add({ volser: 'NEW002', mediaId: 'L6' });
    catalog.close();
    const tape = path.join(dir, 'new.tap');
    let output = '';
    child = spawn(
      NODE,
      [path.join(ROOT, 'bin', 'sysbtape.js'), '--catalog', catalogPath, 'write', '--images', setDir, '--tape', tape, '--volser', 'NEW002'],
      {
        env: { ...process.env, [STOP_IN_STEP_ENV]: 'write', [WRITE_RATE_ENV]: String(64 * 1024) },
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

    const cat = await openCatalog(catalogPath, { autoBackup: false });
    try {
      expect(cat.cartridges.require('NEW002').status).toBe('writing');
      expect(new JobEngine(cat).detectInterrupted()).toEqual([]);
      expect(cat.cartridges.require('NEW002').status).toBe('unknown');
    } finally {
      cat.close();
    }
  }, 120_000);
});
