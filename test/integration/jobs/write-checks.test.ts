/** The checks before a write (blocking and needing confirmation), and the engine resuming a job at a blocked write. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { identifyTape } from '../../../electron/services/jobs/identify-tape.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { runWriteChecks, unsettledChecks } from '../../../electron/services/jobs/write-checks.ts';
import { DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { WRITE_RATE_ENV } from '../../../electron/services/jobs/rate-limited-drive.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

const tempDir = useTempDirs();

describe('write checks', () => {
  it('passes a blank tape for a fresh cartridge with a verified image set', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const checks = await runWriteChecks({
      catalog,
      volser: 'ABC123',
      imageSetId,
      target: path.join(dir, 'blank.tap'),
      identify: (t) => identifyTape(catalog, t),
    });
    catalog.close();
    expect(checks).toEqual([]);
  });

  it('blocks a cartridge under retention unless overridden with a reason', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'KEEP01', mediaId: 'L7', retentionUntil: '2999-12-31' });
    const checks = await runWriteChecks({
      catalog,
      volser: 'KEEP01',
      imageSetId,
      target: path.join(dir, 't.tap'),
      identify: (t) => identifyTape(catalog, t),
    });
    catalog.close();
    expect(checks.map((c) => [c.code, c.kind])).toEqual([['RETENTION', 'blocking']]);
    expect(unsettledChecks(checks, { confirmed: ['*'] }).map((c) => c.code)).toEqual(['RETENTION']);
    expect(unsettledChecks(checks, { retentionOverrideReason: '  ' }).map((c) => c.code)).toEqual(['RETENTION']);
    expect(unsettledChecks(checks, { retentionOverrideReason: 'tape recalled by audit' })).toEqual([]);
  });

  it('blocks an image set that is not verified, or whose file changed since the fetch', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const target = path.join(dir, 't.tap');
    catalog.imageSets.setState(imageSetId, 'staged');
    const staged = await runWriteChecks({ catalog, volser: 'ABC123', imageSetId, target, identify: (t) => identifyTape(catalog, t) });
    expect(staged.map((c) => c.code)).toEqual(['IMAGE_SET_NOT_VERIFIED']);
    catalog.imageSets.setState(imageSetId, 'verified');
    fs.appendFileSync(path.join(setDir, '4_mksysb.img'), Buffer.alloc(512));
    const changed = await runWriteChecks({ catalog, volser: 'ABC123', imageSetId, target, identify: (t) => identifyTape(catalog, t) });
    catalog.close();
    expect(changed).toHaveLength(1);
    expect(changed[0]!.message).toMatch(/4_mksysb\.img is \d+ bytes, not the \d+ verified after the fetch/);
  });

  it('blocks media too small for the image set', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const checks = await runWriteChecks({
      catalog,
      volser: 'ABC123',
      imageSetId,
      target: path.join(dir, 't.tap'),
      capacityBytes: 100_000,
      identify: (t) => identifyTape(catalog, t),
    });
    catalog.close();
    expect(checks.map((c) => [c.code, c.kind])).toEqual([['MEDIA_TOO_SMALL', 'blocking']]);
  });

  it('asks for confirmation on a tape the catalog does not know, naming what it holds', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const foreign = await smallImageSet(path.join(dir, 'foreign'), { seed: 7, hostname: 'payroll9', oslevel: '7100-04-02-1614' });
    const target = path.join(dir, 'foreign.tap');
    await writeTape(foreign, target);
    // As the engine does: only records 1 and 2 are read.
    const checks = await runWriteChecks({
      catalog,
      volser: 'ABC123',
      imageSetId,
      target,
      identify: (t) => identifyTape(catalog, t, { maxRecords: 2 }),
    });
    catalog.close();
    expect(checks.map((c) => [c.code, c.kind])).toEqual([['UNKNOWN_CONTENTS', 'confirm']]);
    expect(checks[0]!.message).toContain('payroll9');
    expect(unsettledChecks(checks, {})).toHaveLength(1);
    expect(unsettledChecks(checks, { confirmed: ['UNKNOWN_CONTENTS'] })).toEqual([]);
  });

  it("asks for confirmation when the tape holds another cartridge's write, and when the cartridge failed before", async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'OTHER1', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const target = path.join(dir, 'other.tap');
    const other = await smallImageSet(path.join(dir, 'other-set'), { seed: 3 });
    catalog.writes.record(writeFromTapeResult(await writeTape(other, target), { volser: 'OTHER1' }));
    catalog.writes.record({
      volser: 'ABC123',
      drive: '/dev/nst0',
      startedAt: '2026-11-01T10:00:00Z',
      endedAt: '2026-11-01T10:05:00Z',
      result: 'failed',
      error: 'EIO',
      records: [],
    });
    const checks = await runWriteChecks({
      catalog,
      volser: 'ABC123',
      imageSetId,
      target,
      identify: (t) => identifyTape(catalog, t, { maxRecords: 2 }),
    });
    expect(setDir).not.toBe(other);
    catalog.close();
    expect(checks.map((c) => [c.code, c.kind])).toEqual([
      ['FAILED_BEFORE', 'confirm'],
      ['KNOWN_CONTENTS', 'confirm'],
    ]);
    expect(checks[1]!.message).toContain('OTHER1');
  });
});

describe('job engine at the write step', () => {
  it('fails a write blocked by retention, then resumes at the write (never re-capturing) with a recorded override', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'KEEP01', mediaId: 'L7', retentionUntil: '2999-12-31' });
    const engine = new JobEngine(catalog);
    const events: string[] = [];
    engine.subscribe((e) => {
      if (e.type === 'step') events.push(`${e.step}:${e.state}`);
    });
    const job = engine.createTapeJob({
      server: 'aix1',
      target: path.join(dir, 'keep.tap'),
      volser: 'KEEP01',
      stagingRoot: path.join(dir, 'staging'),
      labelDir: path.join(dir, 'labels'),
      capture: DEFAULT_CAPTURE,
      knownHostsPath: null,
    });
    // Capture and fetch already happened (their results are durable); the server is unreachable, so re-running them would fail.
    catalog.jobs.updateStep(job.id, 'capture', { state: 'done', result: { capturedAt: '2026-11-20T10:00:00Z' } });
    catalog.jobs.updateStep(job.id, 'fetch', { state: 'done', result: { imageSetId, dir: setDir } });

    await expect(engine.run(job.id)).rejects.toMatchObject({ code: 'CHECK_BLOCKED' });
    const blocked = catalog.jobs.require(job.id);
    expect(blocked.state).toBe('failed');
    expect(blocked.steps.map((s) => s.state)).toEqual(['done', 'done', 'failed', 'pending', 'pending']);
    expect(blocked.steps[2]!.message).toContain('under retention until 2999-12-31');
    expect(fs.existsSync(path.join(dir, 'keep.tap'))).toBe(false);
    expect(catalog.writes.listFor(catalog.cartridges.require('KEEP01').id)).toEqual([]);
    expect((await engine.writeChecks(job.id)).checks.map((c) => c.code)).toEqual(['RETENTION']);

    const outcome = await engine.run(job.id, { retentionOverrideReason: 'replacing the 2024 tape on request #4711' });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.job.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(outcome.job.steps[0]!.result).toEqual({ capturedAt: '2026-11-20T10:00:00Z' });
    const history = catalog.history('KEEP01');
    expect(history.retentionOverrides.map((o) => [o.action, o.reason, o.jobId])).toEqual([
      ['write', 'replacing the 2024 tape on request #4711', job.id],
    ]);
    expect(history.writes.map((w) => [w.result, w.jobId, w.imageSetId])).toEqual([['ok', job.id, imageSetId]]);
    expect(history.verifications.map((v) => [v.verdict, v.jobId])).toEqual([['pass', job.id]]);
    expect(fs.existsSync(outcome.labelPdf!)).toBe(true);
    expect(events).toEqual([
      'write:running',
      'write:failed',
      'write:running',
      'write:done',
      'verify:running',
      'verify:done',
      'record:running',
      'record:done',
    ]);
    const log = fs.readFileSync(outcome.job.logPath!, 'utf8');
    expect(log).toMatch(/check blocking RETENTION/);
    expect(log).toMatch(/retention override recorded: replacing the 2024 tape/);
    catalog.close();
  });

  it('cancels a write half-way: the step and job are cancelled, the write is recorded as cancelled, and resume asks about the failure', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'CAN001', mediaId: 'L6' });
    const engine = new JobEngine(catalog);
    const job = engine.createTapeJob({
      server: 'aix1',
      target: path.join(dir, 'cancel.tap'),
      volser: 'CAN001',
      stagingRoot: path.join(dir, 'staging'),
      labelDir: path.join(dir, 'labels'),
      capture: DEFAULT_CAPTURE,
      knownHostsPath: null,
    });
    catalog.jobs.updateStep(job.id, 'capture', { state: 'done', result: { capturedAt: '2026-11-20T10:00:00Z' } });
    catalog.jobs.updateStep(job.id, 'fetch', { state: 'done', result: { imageSetId, dir: setDir } });
    const controller = new AbortController();
    engine.subscribe((e) => {
      if (e.type === 'progress' && e.progress.step === 'write' && e.progress.detail.startsWith('write') && e.progress.bytes > 0)
        controller.abort();
    });
    // Slow the worker's tape writes so the cancel lands mid-write.
    process.env[WRITE_RATE_ENV] = '100000';
    try {
      await expect(engine.run(job.id, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      Reflect.deleteProperty(process.env, WRITE_RATE_ENV);
    }
    const cancelled = catalog.jobs.require(job.id);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.steps[2]!.state).toBe('cancelled');
    const history = catalog.history('CAN001');
    expect(history.writes.map((w) => w.result)).toEqual(['cancelled']);
    expect(history.cartridge.status).toBe('unknown');

    // Half a write is not this cartridge's recorded contents (records 2 and 4 are not both there): unknown, asked for.
    expect((await engine.writeChecks(job.id)).checks.map((c) => c.code)).toEqual(['FAILED_BEFORE', 'UNKNOWN_CONTENTS']);
    await expect(engine.run(job.id)).rejects.toMatchObject({ code: 'NEEDS_CONFIRMATION' });
    const outcome = await engine.run(job.id, { confirmed: ['FAILED_BEFORE', 'UNKNOWN_CONTENTS'] });
    expect(outcome.verdict).toBe('pass');
    expect(catalog.history('CAN001').writes.map((w) => w.result)).toEqual(['ok', 'cancelled']);
    // Running it again from the write (e.g. after a failed verification) keeps capture and fetch.
    expect(() => engine.rerunFrom(job.id, 'capture')).not.toThrow();
    expect(catalog.jobs.require(job.id).steps.map((s) => s.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    catalog.jobs.updateStep(job.id, 'capture', { state: 'done', result: { capturedAt: '2026-11-20T10:00:00Z' } });
    expect(() => engine.rerunFrom(job.id, 'write')).toThrow(/step fetch before it is pending/);
    catalog.close();
  });
});
