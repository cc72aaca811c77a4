/** Stored job params are validated when read back: a bad row is a clear CATALOG error naming the job and field. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { engineJobOf, jobParamsToStore } from '../../../electron/services/jobs/job-params.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

describe('job params', () => {
  it('reads a stored row back as its kind with typed params', async () => {
    const catalog = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    try {
      const params = jobParamsToStore('tape-verify', { target: '/t/a.tap', volser: 'ABC001', imageSet: { imageSetId: 3, dir: '/s/3' } });
      const job = catalog.jobs.create({ kind: 'tape-verify', steps: ['verify'], params });
      const spec = engineJobOf(catalog.jobs.require(job.id));
      expect(spec).toEqual({
        kind: 'tape-verify',
        params: { target: '/t/a.tap', volser: 'ABC001', imageSet: { imageSetId: 3, dir: '/s/3' } },
      });
    } finally {
      catalog.close();
    }
  });

  it('a bad stored row: running the job fails with CATALOG naming the job and the field, and nothing runs', async () => {
    const catalog = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
    try {
      const job = catalog.jobs.create({
        kind: 'tape-write',
        steps: ['write'],
        params: { server: 'aix1', target: '/t/a.tap', volser: 'ABC001', labelDir: '/l' },
      });
      const run = new JobEngine(catalog).run(job.id);
      await expect(run).rejects.toMatchObject({
        code: 'CATALOG',
        message: expect.stringMatching(new RegExp(`^job ${job.id} \\('tape-write'\\) has bad params in the catalog — imageSet: `)),
      });
      expect(catalog.jobs.require(job.id).steps.map((s) => s.state)).toEqual(['pending']);
    } finally {
      catalog.close();
    }
  });

  it('refuses to store params that do not fit the kind (a bug must not reach the catalog)', () => {
    expect(() => jobParamsToStore('tape-verify', { target: '', volser: 'ABC001' })).toThrow(
      /new 'tape-verify' job are not valid — target:/,
    );
  });
});
