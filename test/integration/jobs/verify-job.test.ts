/**
 * The app's cartridge verification as a durable job, through the same API the renderer calls: it joins
 * the cartridge's history with its job, a failing tape is a result (not a job error), a read without a
 * VOLSER records nothing, and a verification whose process died resumes from the Jobs list.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../shared/api.ts';
import type { JobInfo } from '../../../shared/model.ts';
import { harnessServiceOptions } from '../../../electron/harness.ts';
import { createApiService } from '../../../electron/services/api.ts';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { VERIFY_JOB_KIND } from '../../../electron/services/jobs/job-model.ts';
import { leaveStepCrashed } from '../../helpers/crashed-step.ts';
import { flipByteInRecordFour } from '../../helpers/tap-damage.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

/** Waits until the job that `start` began is no longer running. */
async function settled(h: ApiHandlers, start: Promise<JobInfo>): Promise<JobInfo> {
  const { id } = await start;
  for (;;) {
    const job = await h.getJob({ id });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A data dir whose catalog holds cartridge ABC123 with one good write on `<dir>/good.tap`. */
async function writtenCartridge(dir: string): Promise<{ tape: string; imageSetId: number }> {
  const { catalog, imageSetId } = await catalogWithImageSet(dir);
  try {
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const engine = new JobEngine(catalog);
    const tape = path.join(dir, 'good.tap');
    const job = engine.createWriteJob({ imageSetId, volser: 'ABC123', target: tape, labelDir: path.join(dir, 'labels') });
    expect((await engine.run(job.id)).job.state).toBe('done');
    return { tape, imageSetId };
  } finally {
    catalog.close();
  }
}

describe('verify job', () => {
  it('refuses an unknown cartridge or image set, or a cartridge with nothing to compare with, before creating a job', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L6' });
    const engine = new JobEngine(catalog);
    const target = path.join(dir, 't.tap');
    expect(() => engine.createVerifyJob({ volser: 'NOPE01', target })).toThrow(/NOPE01/);
    expect(() => engine.createVerifyJob({ volser: 'NEW001', target, imageSetId: 999 })).toThrow(/no image set 999/);
    expect(() => engine.createVerifyJob({ volser: 'NEW001', target })).toThrow(/NEW001 has no successful write/);
    expect(catalog.jobs.list({})).toEqual([]);
    // With an image set to compare with, a cartridge never written through the catalog can be verified.
    expect(engine.createVerifyJob({ volser: 'NEW001', target, imageSetId })).toMatchObject({
      kind: VERIFY_JOB_KIND,
      volser: 'NEW001',
      imageSetId,
    });
    catalog.close();
  });

  it('records pass and fail in the cartridge history with their job; a read without a VOLSER records nothing', async () => {
    const dir = tempDir();
    const { tape } = await writtenCartridge(dir);
    const service = await createApiService(harnessServiceOptions(dir));
    try {
      const h = service.handlers;
      await expect(h.startVerify({ target: tape, imageSetId: null, volser: 'ZZZ999' })).rejects.toThrow(/ZZZ999/);

      const started = await h.startVerify({ target: tape, imageSetId: null, volser: 'ABC123' });
      expect(started).toMatchObject({ kind: 'verify', title: 'Verify ABC123' });
      expect(started).toMatchObject({ durable: true, id: expect.any(Number) });
      const good = await settled(h, Promise.resolve(started));
      expect(good.state).toBe('done');
      if (good.result?.kind !== 'verify') throw new Error(`no verify result: ${JSON.stringify(good)}`);
      expect(good.result.report.ok).toBe(true);
      expect(good.result.report.records.map((r) => r.matches)).toEqual([true, true, true, true]);

      const bad = path.join(dir, 'bad.tap');
      copyFileSync(tape, bad);
      flipByteInRecordFour(bad);
      const failing = await settled(h, h.startVerify({ target: bad, imageSetId: null, volser: 'ABC123' }));
      // A bad tape is what the operator came to learn: the job is done, the report says failed and where.
      expect(failing.state).toBe('done');
      if (failing.result?.kind !== 'verify') throw new Error(`no verify result: ${JSON.stringify(failing)}`);
      expect(failing.result.report.ok).toBe(false);
      expect(failing.result.report.problems.some((p) => p.record === 4)).toBe(true);

      const plain = await settled(h, h.startVerify({ target: tape, imageSetId: null, volser: null }));
      expect(plain.durable).toBe(false);
      expect(typeof plain.id).toBe('string');
      expect(plain.result?.kind === 'verify' && plain.result.report.ok).toBe(true);

      const history = await h.getCartridge({ volser: 'ABC123' });
      expect(history.verifications.map((v) => v.verdict)).toEqual(['failed', 'ok']);
      expect((await h.listJobs({})).filter((j) => j.title === 'Verify ABC123')).toHaveLength(2);
    } finally {
      await service.close();
    }
    const catalog = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    try {
      const jobIds = catalog.jobs
        .list({})
        .filter((j) => j.kind === VERIFY_JOB_KIND)
        .map((j) => j.id)
        .sort();
      const recorded = catalog.verifications
        .listFor(catalog.cartridges.require('ABC123').id)
        .map((v) => v.jobId)
        .sort();
      expect(recorded).toEqual(jobIds);
    } finally {
      catalog.close();
    }
  });

  it('a verification whose process died is listed as interrupted and resumes to a recorded verdict', async () => {
    const dir = tempDir();
    const { tape } = await writtenCartridge(dir);
    const catalog = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    let jobId: number;
    try {
      jobId = new JobEngine(catalog).createVerifyJob({ volser: 'ABC123', target: tape }).id;
      leaveStepCrashed(catalog, jobId, 'verify');
    } finally {
      catalog.close();
    }
    const service = await createApiService(harnessServiceOptions(dir));
    try {
      const h = service.handlers;
      const listed = (await h.listJobs({})).find((j) => j.id === jobId);
      expect(listed).toMatchObject({ kind: 'verify', title: 'Verify ABC123', state: 'interrupted', error: { code: 'INTERRUPTED' } });
      const resumed = await settled(h, h.resumeJob({ id: jobId, confirmed: [], overrideReason: null }));
      expect(resumed.state).toBe('done');
      expect(resumed.result?.kind === 'verify' && resumed.result.report.ok).toBe(true);
      const history = await h.getCartridge({ volser: 'ABC123' });
      expect(history.verifications.map((v) => v.verdict)).toEqual(['ok']);
    } finally {
      await service.close();
    }
  });
});
