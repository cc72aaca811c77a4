/** The wizard's durable write job: created for an image set in the catalog, refused with clear errors otherwise, run and checked by the engine. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { WRITE_JOB_KIND } from '../../../electron/services/jobs/job-model.ts';
import { runStepWork } from '../../../electron/services/jobs/step-work.ts';
import { DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

describe('write job', () => {
  it('refuses an unknown image set, cartridge or target before creating anything', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const engine = new JobEngine(catalog);
    const base = { imageSetId, volser: 'ABC123', target: path.join(dir, 't.tap'), labelDir: path.join(dir, 'labels') };
    expect(() => engine.createWriteJob({ ...base, imageSetId: 999 })).toThrow(/no image set 999/);
    expect(() => engine.createWriteJob({ ...base, volser: 'NOPE01' })).toThrow(/NOPE01/);
    expect(() => engine.createWriteJob({ ...base, target: '/dev/sda' })).toThrow(/sda/);
    expect(() => engine.createImageSetJob({ server: 'ghost', stagingRoot: dir, capture: DEFAULT_CAPTURE, knownHostsPath: null })).toThrow(
      /no server named 'ghost'/,
    );
    expect(catalog.jobs.list({})).toEqual([]);
    catalog.close();
  });

  it('writes the image set as one durable step, recorded with its job, and the tape verifies', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const engine = new JobEngine(catalog);
    const target = path.join(dir, 'w.tap');
    const job = engine.createWriteJob({ imageSetId, volser: 'ABC123', target, labelDir: path.join(dir, 'labels') });
    expect(job).toMatchObject({ kind: WRITE_JOB_KIND, state: 'pending', imageSetId, volser: 'ABC123' });
    expect(job.steps.map((s) => s.name)).toEqual(['write']);
    expect((await engine.writeChecks(job.id)).checks).toEqual([]);

    const out = await engine.run(job.id);
    expect(out.job.state).toBe('done');
    expect(out.imageSetDir).toBe(setDir);
    const writes = catalog.writes.listFor(catalog.cartridges.require('ABC123').id);
    expect(writes.map((w) => [w.result, w.jobId, w.imageSetId])).toEqual([['ok', job.id, imageSetId]]);
    expect((await runStepWork({ op: 'verify', target, images: setDir })).ok).toBe(true);
    expect(fs.readFileSync(out.job.logPath!, 'utf8')).toMatch(/write image set \d+ of aix1/);
    // Done is done: running it again does nothing (it does not write the tape twice).
    await expect(engine.run(job.id)).resolves.toMatchObject({ job: { state: 'done' } });
    expect(catalog.writes.listFor(catalog.cartridges.require('ABC123').id)).toHaveLength(1);
    catalog.close();
  });
});
