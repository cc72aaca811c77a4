import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { CartridgeRepo } from '../../../electron/services/catalog/cartridges.ts';
import { systemClock } from '../../../electron/services/catalog/clock.ts';
import { deriveJobState, JobRepo } from '../../../electron/services/catalog/jobs.ts';
import { openCatalogDatabase } from '../../../electron/services/catalog/open-catalog.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();
const STEPS = ['capture', 'fetch', 'write', 'verify', 'record'];

describe('jobs', () => {
  it('derives the job state from its steps', () => {
    expect(deriveJobState(['pending', 'pending'])).toBe('pending');
    expect(deriveJobState(['done', 'pending'])).toBe('running');
    expect(deriveJobState(['done', 'running'])).toBe('running');
    expect(deriveJobState(['done', 'done'])).toBe('done');
    expect(deriveJobState(['done', 'failed', 'pending'])).toBe('failed');
    expect(deriveJobState(['done', 'interrupted'])).toBe('interrupted');
    expect(deriveJobState(['cancelled', 'pending'])).toBe('cancelled');
  });

  it("records a running step's progress without an fsync, and leaves the catalog at synchronous=FULL after, even on error", async () => {
    const db = await openCatalogDatabase(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    const cartridges = new CartridgeRepo(db, systemClock);
    const jobs = new JobRepo(db, systemClock, cartridges);
    const FULL = 2;
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    const job = jobs.create({ kind: 'backup', steps: STEPS });
    jobs.updateStep(job.id, 'fetch', { state: 'running' });
    expect(jobs.recordProgress(job.id, 'fetch', 512, 1024).steps[1]).toMatchObject({
      state: 'running',
      progressDone: 512,
      progressTotal: 1024,
    });
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(() => jobs.recordProgress(job.id, 'dance', 1, 2)).toThrow(/has no step 'dance'/);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    db.close();
  });

  it('records step progress durably and resumes at the failed step', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const cat = await openCatalog(file, { autoBackup: false });
    cat.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const job = cat.jobs.create({ kind: 'backup', steps: STEPS, volser: 'ABC123', params: { server: 'aix1' }, logPath: '/logs/1.log' });
    expect(job).toMatchObject({ state: 'pending', volser: 'ABC123', params: { server: 'aix1' } });
    cat.jobs.updateStep(job.id, 'capture', { state: 'running' });
    cat.jobs.updateStep(job.id, 'capture', { state: 'done', result: { imageSetId: 7 } });
    cat.jobs.updateStep(job.id, 'fetch', { state: 'running', progressDone: 10, progressTotal: 100 });
    const j = cat.jobs.updateStep(job.id, 'fetch', { state: 'failed', message: 'connection reset' });
    expect(j.state).toBe('failed');
    expect(j.steps[0]).toMatchObject({ state: 'done', result: { imageSetId: 7 } });
    expect(j.steps[1]).toMatchObject({ state: 'failed', progressDone: 10, progressTotal: 100, message: 'connection reset' });
    expect(j.steps[1]!.endedAt).not.toBeNull();
    expect(cat.jobs.resumePoint(job.id)?.name).toBe('fetch');
    expect(() => cat.jobs.updateStep(job.id, 'dance', { state: 'done' })).toThrow(/has no step 'dance'/);
    expect(() => cat.jobs.updateStep(job.id, 'fetch', { state: 'sleeping' } as never)).toThrow(/^job step: state /);
    expect(() => cat.jobs.create({ kind: 'backup', steps: ['a', 'a'] })).toThrow(/^job: steps must not repeat a step name/);
    cat.close();
  });

  it('after a crash, marks running work interrupted and lists it as resumable', async () => {
    const file = path.join(tempDir(), 'catalog.db');
    const first = await openCatalog(file, { autoBackup: false });
    const a = first.jobs.create({ kind: 'backup', steps: STEPS });
    first.jobs.updateStep(a.id, 'capture', { state: 'done' });
    first.jobs.updateStep(a.id, 'fetch', { state: 'running', progressDone: 5 });
    const b = first.jobs.create({ kind: 'backup', steps: STEPS });
    first.jobs.updateStep(b.id, 'capture', { state: 'done' });
    const c = first.jobs.create({ kind: 'backup', steps: STEPS });
    for (const s of STEPS) first.jobs.updateStep(c.id, s, { state: 'done' });
    // No orderly shutdown: the process "dies" with a step running; a new process opens the file.
    first.close();
    const second = await openCatalog(file, { autoBackup: false });
    expect(second.jobs.markInterrupted().sort()).toEqual([a.id, b.id].sort());
    expect(second.jobs.get(a.id)!.steps.map((s) => s.state)).toEqual(['done', 'interrupted', 'pending', 'pending', 'pending']);
    expect(second.jobs.get(b.id)!.steps.map((s) => s.state)).toEqual(['done', 'interrupted', 'pending', 'pending', 'pending']);
    expect(
      second.jobs
        .list({ states: ['interrupted'] })
        .map((j) => j.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(second.jobs.get(c.id)!.state).toBe('done');
    expect(second.jobs.resumePoint(a.id)?.name).toBe('fetch');
    expect(second.jobs.markInterrupted()).toEqual([]);
    second.close();
  });
});
