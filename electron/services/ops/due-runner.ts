/**
 * `sysbtape due [--run]`: which scheduled captures are due and, unattended, running them: capture +
 * fetch (the image set and its readiness report land in the catalog). The write waits for a tape: it is
 * reported as "tape needed". One capture per server at a time; failures back off, then stop. A capture
 * that failed, was interrupted or cancelled is resumed by the next run (at its unfinished step: a fetch
 * continues its partial files) rather than started over.
 */
import { SysbError, toErrorInfo } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Job } from '../catalog/model.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { IMAGE_SET_JOB_KIND } from '../jobs/job-model.ts';
import { DEFAULT_CAPTURE } from '../ssh/capture.ts';
import type { OpsEvent } from './ops-events.ts';
import { backoffMs, type DueItem, judgeSchedule, MAX_FAILURES } from './schedule-rule.ts';
import { lockServer } from './server-lock.ts';

/** Every schedule judged at `now`. */
export function listDue(catalog: Catalog, now: Date): DueItem[] {
  const facts = catalog.fleetFacts();
  const running = catalog.jobs.list({ states: ['running'], limit: 10_000 });
  return catalog.schedules.list().map((s) => ({
    ...judgeSchedule(
      s,
      facts.servers.find((f) => f.id === s.serverId)?.lastCaptureAt ?? null,
      now,
      running.find((j) => j.serverId === s.serverId)?.id,
    ),
    unfinishedJobId: unfinishedCapture(catalog, s.serverId)?.id ?? null,
  }));
}

/** What happened to one due schedule. */
export interface DueRunResult {
  server: string;
  outcome: 'captured' | 'failed' | 'waiting';
  jobId: number | null;
  /** The job was an earlier unfinished capture of the server, resumed (not a new one). */
  resumed: boolean;
  imageSetId: number | null;
  /** Readiness of the new image set (null: not assessed). */
  ready: boolean | null;
  /** What the operator must do next, e.g. load a cartridge for the write. */
  message: string;
  /** The cartridge written unattended from the library, or null. */
  volser?: string | null;
}

/** The unattended write from a library (issue 20), given by the caller when the settings name one. */
export type LibraryWriter = (
  imageSetId: number,
  signal?: AbortSignal,
) => Promise<{ written: boolean; failed: boolean; volser: string | null; jobId: number | null; message: string }>;

/** How to run the due captures. */
export interface DueRunOptions {
  stagingRoot: string;
  knownHostsPath: string | null;
  lockDir: string;
  signal?: AbortSignal;
  now?: () => Date;
  /** Called for each event worth telling the operator (tape needed, job failed). */
  notify?: (event: OpsEvent) => Promise<void>;
  /** With a library: writes and verifies the new image set on a reusable cartridge it picks. */
  writeToLibrary?: LibraryWriter;
}

/** Runs every due schedule's capture, one server after the other. */
export async function runDue(engine: JobEngine, opts: DueRunOptions): Promise<DueRunResult[]> {
  const catalog = engine.catalog;
  const now = opts.now ?? (() => new Date());
  engine.detectInterrupted();
  const results: DueRunResult[] = [];
  for (const item of listDue(catalog, now())) {
    if (opts.signal?.aborted) break;
    if (item.state === 'waiting') {
      results.push({
        server: item.server,
        outcome: 'waiting',
        jobId: null,
        resumed: false,
        imageSetId: null,
        ready: null,
        message: item.reason,
      });
      continue;
    }
    if (item.state !== 'due') continue;
    const lock = lockServer(opts.lockDir, item.server);
    if (!('release' in lock)) {
      results.push({
        server: item.server,
        outcome: 'waiting',
        jobId: null,
        resumed: false,
        imageSetId: null,
        ready: null,
        message: `waits: another capture of ${item.server} is running (process ${lock.heldBy})`,
      });
      continue;
    }
    try {
      results.push(await captureOne(engine, item, opts, now));
    } finally {
      lock.release();
    }
  }
  return results;
}

/** States of a capture job that the next run resumes. */
const RESUMABLE_STATES: readonly string[] = ['interrupted', 'failed', 'cancelled'];

/**
 * The server's unfinished capture, to resume instead of starting over: its newest capture job, when that
 * one did not finish and is newer than the server's last good capture (an older one is superseded).
 */
export function unfinishedCapture(catalog: Catalog, serverId: number): Job | undefined {
  const newest = catalog.jobs.list({ limit: 10_000 }).find((j) => j.kind === IMAGE_SET_JOB_KIND && j.serverId === serverId);
  if (!newest || !RESUMABLE_STATES.includes(newest.state)) return undefined;
  const schedule = catalog.schedules.list().find((s) => s.serverId === serverId);
  const lastCapture = catalog.fleetFacts().servers.find((f) => f.id === serverId)?.lastCaptureAt ?? null;
  const since = [schedule?.lastSuccessAt ?? null, lastCapture].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return since.some((t) => Date.parse(newest.createdAt) <= t) ? undefined : newest;
}

async function captureOne(engine: JobEngine, item: DueItem, opts: DueRunOptions, now: () => Date): Promise<DueRunResult> {
  const catalog = engine.catalog;
  let jobId: number | null = null;
  let resumed = false;
  try {
    const server = catalog.servers.get(item.serverId);
    if (!server) throw new SysbError('NOT_FOUND', `server ${item.server} is no longer in the catalog`);
    if (!server.auth.some((a) => a === 'key' || a === 'agent')) {
      throw new SysbError(
        'USAGE',
        `${item.server} authenticates by password only; unattended captures need a key or the SSH agent (sysbtape server add ${item.server} ... --key FILE)`,
      );
    }
    const earlier = unfinishedCapture(catalog, server.id);
    const job =
      earlier ??
      engine.createImageSetJob({
        server: server.name,
        stagingRoot: opts.stagingRoot,
        capture: DEFAULT_CAPTURE,
        knownHostsPath: opts.knownHostsPath,
      });
    jobId = job.id;
    resumed = earlier !== undefined;
    const outcome = await engine.run(job.id, opts.signal ? { signal: opts.signal } : {});
    const set = outcome.imageSetDir ? catalog.imageSets.findByStagingPath(outcome.imageSetDir) : undefined;
    catalog.schedules.noteSuccess(item.serverId, now());
    const ready = set?.readiness?.report.ready ?? null;
    // A library with a reusable cartridge: the write happens now, unattended; otherwise it waits for a tape.
    const library = set && opts.writeToLibrary ? await opts.writeToLibrary(set.id, opts.signal) : undefined;
    if (library?.written || library?.failed) {
      if (library.failed) {
        await opts.notify?.({
          kind: 'job-failed',
          server: item.server,
          volser: library.volser,
          subject: `SysbTape: unattended write for ${item.server} failed`,
          summary: library.message,
          fix:
            library.jobId === null
              ? 'Look at the library (sysbtape library status)'
              : `Read the job log (sysbtape jobs show ${library.jobId}), fix the cause, then: sysbtape jobs resume ${library.jobId}`,
          key: `library-write-failed:${library.jobId ?? set?.id ?? job.id}`,
        });
      }
      return {
        server: item.server,
        outcome: 'captured',
        jobId,
        resumed,
        imageSetId: set?.id ?? null,
        ready,
        message: library.message,
        volser: library.volser,
      };
    }
    const message =
      `tape needed: load a blank or reusable cartridge for ${item.server}` +
      ` (then: sysbtape write --images ${outcome.imageSetDir ?? '?'} --tape TARGET --volser VOLSER)${library ? `; library: ${library.message}` : ''}`;
    await opts.notify?.({
      kind: 'tape-needed',
      server: item.server,
      volser: null,
      subject: `SysbTape: tape needed for ${item.server}`,
      summary: `A scheduled capture of ${item.server} finished (image set ${set?.id ?? '?'}${ready === false ? ', NOT restore-ready' : ''}); it waits to be written.`,
      fix: `Load a blank or reusable cartridge for ${item.server} and write image set ${set?.id ?? '?'}.`,
      key: `tape-needed:${set?.id ?? outcome.imageSetDir ?? job.id}`,
    });
    return { server: item.server, outcome: 'captured', jobId, resumed, imageSetId: set?.id ?? null, ready, message };
  } catch (err) {
    const info = toErrorInfo(err);
    const failures = item.failures + 1;
    const retryAt = new Date(now().getTime() + backoffMs(failures));
    catalog.schedules.noteFailure(item.serverId, now(), info.message, retryAt);
    const next = failures >= MAX_FAILURES ? `stopped after ${failures} failures in a row` : `retry after ${retryAt.toISOString()}`;
    await opts.notify?.({
      kind: 'job-failed',
      server: item.server,
      volser: null,
      subject: `SysbTape: scheduled capture of ${item.server} failed`,
      summary: `${jobId === null ? 'The capture' : `Job ${jobId}`} failed: ${info.message} (${next}).`,
      fix:
        jobId === null
          ? `Fix the cause, then: sysbtape due --run`
          : `Read the job log (sysbtape jobs show ${jobId}), fix the cause, then: sysbtape jobs resume ${jobId}`,
      // A resumed job failing again is news again: its key names the attempt.
      key: jobId === null ? `capture-failed:${item.server}:${now().toISOString()}` : `job-failed:${jobId}${resumed ? `:${failures}` : ''}`,
    });
    return { server: item.server, outcome: 'failed', jobId, resumed, imageSetId: null, ready: null, message: `${info.message}; ${next}` };
  }
}
