/**
 * A wizard write checks the tape once in its write step, in the worker, under the lock the write holds:
 * counted through the same API the renderer calls (tape reads and main-thread image set parses), and
 * the lock gap closed (at the moment the checks are done, no other process can take the tape).
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../../shared/api.ts';
import type { JobInfo } from '../../../shared/model.ts';
import type * as ImageSetModule from '../../../electron/services/tape/image-set.ts';
import { harnessServiceOptions } from '../../../electron/harness.ts';
import { createApiService } from '../../../electron/services/api.ts';
import { JobEngine } from '../../../electron/services/jobs/job-engine.ts';
import { lockTapeFile } from '../../../electron/services/tape/tape-file-lock.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

// What this process asks of job workers: each worker's op, and each command to a worker holding a tape.
const seen = vi.hoisted(() => ({ work: [] as string[], mainThreadParses: 0 }));
vi.mock('node:worker_threads', async (original) => {
  const m = await original<typeof WorkerThreads>();
  class CountingWorker extends m.Worker {
    constructor(url: string | URL, opts?: WorkerThreads.WorkerOptions) {
      super(url, opts);
      const op = (opts?.workerData as { op?: unknown } | undefined)?.op;
      if (typeof op === 'string') seen.work.push(op);
    }

    override postMessage(message: unknown, transfer?: readonly WorkerThreads.Transferable[]): void {
      const cmd = (message as { type?: string; command?: { cmd?: string } }).command?.cmd;
      if (cmd) seen.work.push(`hold:${cmd}`);
      super.postMessage(message, transfer);
    }
  }
  return { ...m, Worker: CountingWorker, default: { ...m, Worker: CountingWorker } };
});
// The image set parser, counted where it runs on this (the main) thread; workers load their own copy.
vi.mock('../../../electron/services/tape/image-set.ts', async (original) => {
  const m = await original<typeof ImageSetModule>();
  return {
    ...m,
    checkImageSet: (...args: Parameters<typeof m.checkImageSet>) => {
      seen.mainThreadParses++;
      return m.checkImageSet(...args);
    },
  };
});

const tempDir = useTempDirs();

async function settled(h: ApiHandlers, start: Promise<JobInfo>): Promise<JobInfo> {
  const { id } = await start;
  for (;;) {
    const job = await h.getJob({ id });
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads of the tape's records: a worker of its own ('read'), or the write step's hold reading under its lock. */
const tapeReads = (): number => seen.work.filter((w) => w === 'read' || w === 'hold:read').length;

describe('a wizard write checks once', () => {
  it('Check this tape, then Write: the tape is read once to show the checks and once in the write step, the image set never parsed on the main thread', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    // A tape the catalog does not know: the checks read it and ask UNKNOWN_CONTENTS.
    const tape = path.join(dir, 'foreign.tap');
    await writeTape(await smallImageSet(path.join(dir, 'other'), { seed: 9, hostname: 'elsewhere' }), tape);
    catalog.close();
    const service = await createApiService(harnessServiceOptions(dir));
    try {
      const h = service.handlers;
      seen.work.length = 0;
      seen.mainThreadParses = 0;
      const request = { target: tape, volser: 'NEW001', mediaId: 'L8' as const, imageSetId: String(imageSetId) };
      const shown = await h.checkTape(request);
      expect(shown.checks.map((c) => c.code)).toEqual(['UNKNOWN_CONTENTS']);
      expect(tapeReads()).toBe(1);
      const written = await settled(h, h.startWrite({ ...request, confirmed: ['UNKNOWN_CONTENTS'], overrideReason: null }));
      expect(written.state, JSON.stringify(written.error)).toBe('done');
      // Before: checkTape, startWrite and the write step each read the tape (3) and parsed the set on the main thread (3).
      expect(tapeReads()).toBe(2);
      expect(seen.work.filter((w) => w === 'hold:read')).toHaveLength(1);
      expect(seen.mainThreadParses).toBe(0);
      // The write went through the hold that read the tape, not a worker of its own.
      expect(seen.work.filter((w) => w === 'write')).toEqual([]);
      expect(seen.work.filter((w) => w === 'hold:write')).toHaveLength(1);
    } finally {
      await service.close();
    }
  });

  it('an unanswered check fails the job before a byte is written, and the tape is not read again at start', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    const tape = path.join(dir, 'foreign.tap');
    await writeTape(await smallImageSet(path.join(dir, 'other'), { seed: 9, hostname: 'elsewhere' }), tape);
    catalog.close();
    const before = fs.readFileSync(tape);
    const service = await createApiService(harnessServiceOptions(dir));
    try {
      const h = service.handlers;
      seen.work.length = 0;
      const job = await settled(
        h,
        h.startWrite({
          target: tape,
          volser: 'NEW001',
          mediaId: 'L8',
          imageSetId: String(imageSetId),
          confirmed: [],
          overrideReason: null,
        }),
      );
      expect(job).toMatchObject({ durable: true, state: 'failed', error: { code: 'NEEDS_CONFIRMATION' } });
      expect(job.error?.message).toMatch(/UNKNOWN_CONTENTS/);
      expect(tapeReads()).toBe(1);
      expect(fs.readFileSync(tape).equals(before)).toBe(true);
    } finally {
      await service.close();
    }
  });

  it('when the checks are done, the write step already holds the tape: no other process can take it before the write', async () => {
    const dir = tempDir();
    const { catalog, imageSetId } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L8' });
    const tape = path.join(dir, 'foreign.tap');
    await writeTape(await smallImageSet(path.join(dir, 'other'), { seed: 9, hostname: 'elsewhere' }), tape);
    const engine = new JobEngine(catalog);
    const job = engine.createWriteJob({ imageSetId, volser: 'NEW001', target: tape, labelDir: path.join(dir, 'labels') });
    // At the checks event (after the checks, before the first byte), another writer tries to take the tape.
    const taken: string[] = [];
    engine.subscribe((e) => {
      if (e.type !== 'checks') return;
      const fd = fs.openSync(tape, 'r');
      try {
        lockTapeFile(fd, tape, 'exclusive');
        taken.push('another process took the tape between the checks and the write');
      } catch (err) {
        taken.push(err instanceof Error && /in use/.test(err.message) ? 'busy' : String(err));
      } finally {
        fs.closeSync(fd);
      }
    });
    try {
      const out = await engine.run(job.id, { confirmed: ['UNKNOWN_CONTENTS'] });
      expect(out.job.state).toBe('done');
      expect(taken).toEqual(['busy']);
    } finally {
      catalog.close();
    }
  });
});
