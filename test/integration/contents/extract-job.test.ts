/**
 * The app's extract (issue 18): startExtract is a job of the registry running in the job worker — from a
 * tape's record 4 into a folder the main process checked, bytes as the archive holds them; Cancel stops it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobId, JobInfo } from '../../../shared/model.ts';
import { extractMember } from '../../../electron/services/aix/archive-file.ts';
import { writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { type ApiService, createApiService } from '../../../electron/services/api.ts';
import { MemorySecretStore } from '../../../electron/services/api/secret-store.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { useTempDirs } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();
let service: ApiService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function finished(id: JobId): Promise<JobInfo> {
  for (;;) {
    const job = await service!.handlers.getJob({ id });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function setUp(size: string) {
  const dir = tempDir();
  const setDir = path.join(dir, 'set');
  await writeImageSet(setDir, { mksysbSize: size === 'big' ? 48 * 1024 * 1024 : 2 * 1024 * 1024, seed: 3 });
  const tape = path.join(dir, 'backup.tap');
  await writeFourRecordTape(new SimhTapeDrive(tape), setDir);
  service = await createApiService({
    catalogPath: path.join(dir, 'catalog.db'),
    stagingDir: path.join(dir, 'staging'),
    knownHostsPath: null,
    transport: 'harness',
    secrets: new MemorySecretStore(),
  });
  return { dir, setDir, tape };
}

describe('startExtract (the app)', () => {
  it("extracts selected members from a tape into a new folder, with the archive's bytes, as an extract job", async () => {
    const { dir, setDir, tape } = await setUp('small');
    const out = path.join(dir, 'restored', 'here');
    const started = await service!.handlers.startExtract({
      source: { target: tape, record: 4 },
      paths: ['./image.data', './etc/ssh'],
      outDir: out,
      overwrite: false,
    });
    expect(started.kind).toBe('extract');
    const job = await finished(started.id);
    expect(job.state, JSON.stringify(job.error)).toBe('done');
    if (job.result?.kind !== 'extract') throw new Error('no extract result');
    expect(job.result.outcome).toMatchObject({ ok: true, skippedCount: 0, outDir: out });
    expect(job.result.outcome.files).toBeGreaterThan(1);
    await extractMember(path.join(setDir, '4_mksysb.img'), './image.data', path.join(dir, 'reference'));
    expect(readFileSync(path.join(out, 'image.data')).equals(readFileSync(path.join(dir, 'reference')))).toBe(true);
  });

  it('Cancel stops a running extract: the job ends cancelled, not done', async () => {
    const { dir, tape } = await setUp('big');
    const started = await service!.handlers.startExtract({
      source: { target: tape, record: 4 },
      paths: [],
      outDir: path.join(dir, 'all'),
      overwrite: false,
    });
    await service!.handlers.cancelJob({ id: started.id });
    const job = await finished(started.id);
    expect(job.state).toBe('cancelled');
    expect(job.result).toBeNull();
  });

  it('refuses a tape target or a folder the window should not name, before a job exists', async () => {
    const { dir } = await setUp('small');
    await expect(
      service!.handlers.startExtract({
        source: { target: path.join(dir, 'nowhere', 'x.tap'), record: 4 },
        paths: [],
        outDir: path.join(dir, 'o'),
        overwrite: false,
      }),
    ).rejects.toThrow(/not an existing directory/);
    await expect(
      service!.handlers.startExtract({ source: { imageSetId: '42' }, paths: [], outDir: path.join(dir, 'o'), overwrite: false }),
    ).rejects.toThrow(/no image set 42/);
    await expect(
      service!.handlers.startExtract({ source: { imageSetId: '1' }, paths: [], outDir: '/usr', overwrite: false }),
    ).rejects.toThrow(/system directory/);
    expect(await service!.handlers.listJobs({})).toEqual([]);
  });
});
