/**
 * Finding 1 of issue 14: the catalog never claims more than the tape holds. A verified cartridge that is
 * written again is `writing` from before the first byte, and `unknown` when that write does not finish
 * (cancelled here; killed: see kill-each-step.test.ts), or when its job is found interrupted at start-up.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { WRITE_RATE_ENV } from '../../../electron/services/jobs/rate-limited-drive.ts';
import type { Catalog } from '../../../electron/services/catalog/catalog.ts';
import type { CartridgeStatus } from '../../../electron/services/catalog/model.ts';
import { leaveStepCrashed } from '../../helpers/crashed-step.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

/** A write job for `volser` on `tape`; run once to the end so the cartridge starts out verified. */
async function verifiedCartridge(
  catalog: Catalog,
  imageSetId: number,
  dir: string,
  volser: string,
): Promise<{ engine: JobEngine; tape: string }> {
  catalog.cartridges.add({ volser, mediaId: 'L6' });
  const engine = new JobEngine(catalog);
  const tape = path.join(dir, `${volser}.tap`);
  const first = engine.createWriteJob({ imageSetId, volser, target: tape, labelDir: path.join(dir, 'labels') });
  await engine.run(first.id);
  const verify = engine.createVerifyJob({ volser, target: tape });
  await engine.run(verify.id);
  expect(catalog.cartridges.require(volser).status).toBe('verified');
  return { engine, tape };
}

describe('cartridge status during and after a write', () => {
  it('is writing from the first byte, and unknown after a cancelled write (tape list and show say so)', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    const { engine, tape } = await verifiedCartridge(catalog, imageSetId, dir, 'TRU001');
    const job = engine.createWriteJob({ imageSetId, volser: 'TRU001', target: tape, labelDir: path.join(dir, 'labels') });
    const controller = new AbortController();
    let seenWhileWriting: CartridgeStatus | undefined;
    engine.subscribe((e) => {
      if (
        e.type === 'progress' &&
        e.progress.step === 'write' &&
        e.progress.detail.startsWith('write') &&
        e.progress.bytes > 0 &&
        !seenWhileWriting
      ) {
        seenWhileWriting = catalog.cartridges.require('TRU001').status;
        controller.abort();
      }
    });
    process.env[WRITE_RATE_ENV] = '100000';
    try {
      await expect(engine.run(job.id, { signal: controller.signal, confirmed: ['*'] })).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      Reflect.deleteProperty(process.env, WRITE_RATE_ENV);
    }
    expect(seenWhileWriting).toBe('writing');
    expect(catalog.cartridges.require('TRU001').status).toBe('unknown');
    catalog.close();

    const catalogPath = path.join(dir, 'catalog.db');
    const list = await runCli(['--catalog', catalogPath, 'tape', 'list', '--status', 'unknown']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/TRU001\s+L6\s+unknown/);
    const show = await runCli(['--catalog', catalogPath, 'tape', 'show', 'TRU001']);
    expect(show.out).toMatch(/status unknown — a write did not finish/);
  });

  it('a job found interrupted in its write step leaves its cartridge unknown, not verified', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    const { engine, tape } = await verifiedCartridge(catalog, imageSetId, dir, 'TRU002');
    const job = engine.createWriteJob({ imageSetId, volser: 'TRU002', target: tape, labelDir: path.join(dir, 'labels') });
    // What a kill -9 half-way through the write leaves: the step running (owner gone), the cartridge writing.
    catalog.cartridges.startWrite('TRU002');
    leaveStepCrashed(catalog, job.id, 'write');
    expect(new JobEngine(catalog).detectInterrupted()).toEqual([job.id]);
    expect(catalog.jobs.require(job.id).state).toBe('interrupted');
    expect(catalog.cartridges.require('TRU002').status).toBe('unknown');
    catalog.close();
  });

  it('a write refused before the tape is touched gives the cartridge its status back', async () => {
    const dir = tempDir();
    const { catalog } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'TRU003', mediaId: 'L6' });
    const before = catalog.cartridges.startWrite('TRU003');
    expect(catalog.cartridges.require('TRU003').status).toBe('writing');
    expect(catalog.cartridges.writeNotStarted('TRU003', before).status).toBe('blank');
    catalog.close();
  });
});
