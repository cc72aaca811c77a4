/** Crash detection: a running step whose owner process is gone becomes interrupted; a live owner's job is left alone. */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { detectInterrupted, ownerAlive } from '../../../electron/services/jobs/job-owner.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

async function catalogWithRunningJob(ownerPid: number | null, betweenSteps = false): Promise<{ catalog: Catalog; jobId: number }> {
  const catalog = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
  const job = catalog.jobs.create({ kind: 'mksysb-tape', steps: ['capture', 'fetch', 'write'] });
  const owner = ownerPid === null ? {} : { owner: { pid: ownerPid, host: os.hostname() } };
  catalog.jobs.updateStep(job.id, 'capture', { state: 'running', result: owner });
  if (betweenSteps) catalog.jobs.updateStep(job.id, 'capture', { state: 'done', result: { imageSetId: 1, ...owner } });
  return { catalog, jobId: job.id };
}

function deadPid(): number {
  const r = spawnSync('true');
  return r.pid!;
}

describe('detectInterrupted', () => {
  it('marks the running step of a dead owner interrupted, naming the process', async () => {
    const pid = deadPid();
    expect(ownerAlive({ pid, host: os.hostname() })).toBe(false);
    const { catalog, jobId } = await catalogWithRunningJob(pid);
    expect(detectInterrupted(catalog)).toEqual([jobId]);
    const job = catalog.jobs.require(jobId);
    expect(job.state).toBe('interrupted');
    expect(job.steps.map((s) => s.state)).toEqual(['interrupted', 'pending', 'pending']);
    expect(job.steps[0]!.message).toContain(`process ${pid}`);
    expect(detectInterrupted(catalog)).toEqual([]);
    catalog.close();
  });

  it('marks the next step when the crash came between two steps', async () => {
    const { catalog, jobId } = await catalogWithRunningJob(deadPid(), true);
    expect(catalog.jobs.require(jobId).state).toBe('running');
    expect(detectInterrupted(catalog)).toEqual([jobId]);
    expect(catalog.jobs.require(jobId).steps.map((s) => s.state)).toEqual(['done', 'interrupted', 'pending']);
    catalog.close();
  });

  it('leaves a job alone while its owner process lives', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      const { catalog, jobId } = await catalogWithRunningJob(sleeper.pid!);
      expect(detectInterrupted(catalog)).toEqual([]);
      expect(catalog.jobs.require(jobId).state).toBe('running');
      catalog.close();
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('treats this process as gone for jobs it is not running, and spares the ones it is', async () => {
    const { catalog, jobId } = await catalogWithRunningJob(process.pid);
    expect(detectInterrupted(catalog, new Set([jobId]))).toEqual([]);
    expect(detectInterrupted(catalog)).toEqual([jobId]);
    catalog.close();
  });

  it('marks a running step without an owner stamp (an older version) interrupted', async () => {
    const { catalog, jobId } = await catalogWithRunningJob(null);
    expect(detectInterrupted(catalog)).toEqual([jobId]);
    catalog.close();
  });
});
