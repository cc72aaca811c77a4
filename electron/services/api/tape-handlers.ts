/**
 * Tape methods of the contract, on the job engine: writes are its durable jobs (checks, worker thread,
 * the write recorded either way); verify, re-verify and identify use its worker for the byte work.
 */
import { readdir } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { DriveInfo, TapeChecks } from '../../../shared/model.ts';
import type { JobEngine } from '../jobs/job-engine.ts';
import { identifyTape, type TapeIdentity } from '../jobs/identify-tape.ts';
import { tapeContentsOf } from '../jobs/tape-contents.ts';
import { runStepWork } from '../jobs/step-work.ts';
import { runWriteChecks, toTapeCheck } from '../jobs/write-checks.ts';
import { tapeDriveFor } from '../tape/open-tape-drive.ts';
import { toVerifyReport } from '../tape/verify-report.ts';
import { startEngineJob } from './engine-jobs.ts';
import type { JobRegistry } from './job-registry.ts';
import { checkTapeTarget } from './tape-target-guard.ts';
import { type JobAround, NOTHING_AROUND } from './job-around.ts';
import { linkToLibrary } from './library-handlers.ts';
import { toJobProgress } from './work-progress.ts';

type TapeHandlers = Pick<ApiHandlers, 'listDrives' | 'checkTape' | 'startWrite' | 'startVerify' | 'identifyTape'>;

function imageSetIdOf(id: string): number {
  if (!/^\d+$/.test(id)) throw new SysbError('INVALID_INPUT', `image set id '${id}' is not a number`);
  return Number(id);
}

/** Builds the tape handlers; writes are durable jobs of `engine`, labels of the record step go to `labelDir`. */
export function tapeHandlers(
  engine: JobEngine,
  jobs: JobRegistry,
  labelDir: string,
  library: { around: JobAround; settingsFile: string | null } = { around: NOTHING_AROUND, settingsFile: null },
): TapeHandlers {
  const catalog = engine.catalog;
  // A job on the library's drive remembers its cartridge: resumed, it loads that VOLSER again; verified, it goes back.
  const linked = (job: { id: number }, target: string): void => {
    if (library.settingsFile) linkToLibrary(catalog, library.settingsFile, catalog.jobs.require(job.id), target);
  };
  const checksFor = async (req: { target: string; volser: string; mediaId: string; imageSetId: string }): Promise<TapeChecks> => {
    await checkTapeTarget(req.target);
    // Checking never registers the cartridge: typos and tries must not leave blank cartridges behind.
    const inCatalog = catalog.cartridges.get(req.volser) !== undefined;
    let identity: TapeIdentity | undefined;
    const identify = async (t: string): Promise<TapeIdentity> => (identity = await identifyTape(catalog, t));
    const checks = await runWriteChecks({
      catalog,
      volser: req.volser,
      imageSetId: imageSetIdOf(req.imageSetId),
      target: req.target,
      identify,
    });
    // The card says what is on the tape even when another check stopped the checks before reading it.
    if (!identity && !checks.some((c) => c.code === 'NO_TAPE')) await identify(req.target).catch(() => undefined);
    return {
      target: req.target,
      volser: req.volser,
      checks: checks.map(toTapeCheck),
      contents: tapeContentsOf(req.target, identity, 'no tape to read'),
      inCatalog,
    };
  };

  return {
    listDrives: async ({ extraTargets }) => {
      const devices = (await readdir('/dev').catch(() => [] as string[])).filter((n) => /^nst\d+$/.test(n)).map((n) => `/dev/${n}`);
      const out: DriveInfo[] = [];
      for (const target of [...devices, ...extraTargets]) {
        const kind = target.startsWith('/dev/') ? 'st' : 'virtual';
        try {
          // A target the window named is checked before any drive opens it; a bad one shows why.
          await checkTapeTarget(target);
          const s = await tapeDriveFor(target).status();
          const online = s.online && !s.noTape;
          out.push({
            target,
            kind,
            online,
            writeProtected: s.writeProtected,
            status: online ? `ready${s.beginningOfTape ? ', at BOT' : ''}` : 'no tape',
          });
        } catch (err) {
          out.push({ target, kind, online: false, writeProtected: false, status: err instanceof Error ? err.message : String(err) });
        }
      }
      return out;
    },

    checkTape: (req) => checksFor(req),

    startWrite: async (req) => {
      const imageSetId = imageSetIdOf(req.imageSetId);
      if (!catalog.imageSets.get(imageSetId)) throw new SysbError('NOT_FOUND', `no image set ${req.imageSetId} in the catalog`);
      await checkTapeTarget(req.target);
      // The checks run once, in the write step, on the tape it holds for the write: a check the operator's
      // answers do not settle fails the job with CHECK_BLOCKED or NEEDS_CONFIRMATION before a byte is written.
      const consent = { confirmed: req.confirmed, ...(req.overrideReason ? { retentionOverrideReason: req.overrideReason } : {}) };
      // The cartridge joins the catalog when its write starts (the write job and its history need it).
      if (!catalog.cartridges.get(req.volser)) catalog.cartridges.add({ volser: req.volser, mediaId: req.mediaId });
      // A durable job: a crash mid-write leaves it interrupted in the Jobs view. The write step records
      // the retention override (with its reason and this job) before anything touches the tape.
      const job = engine.createWriteJob({ imageSetId, volser: req.volser, target: req.target, labelDir });
      linked(job, req.target);
      return startEngineJob(engine, jobs, job.id, consent, library.around);
    },

    startVerify: async ({ target, imageSetId, volser }) => {
      await checkTapeTarget(target);
      const set = imageSetId === null ? undefined : catalog.imageSets.get(imageSetIdOf(imageSetId));
      if (imageSetId !== null && !set) throw new SysbError('NOT_FOUND', `no image set ${imageSetId} in the catalog`);
      // With a VOLSER the verification joins the cartridge's history: a durable job, so a crash or a closed
      // window mid-read leaves a job the Jobs view can resume instead of a silently missing verification.
      if (volser !== null) {
        const job = engine.createVerifyJob({ volser, target, ...(set ? { imageSetId: set.id } : {}) });
        linked(job, target);
        return startEngineJob(engine, jobs, job.id, {}, library.around);
      }
      // Without one the tape is only read: nothing is recorded, so there is nothing to resume.
      return jobs.start('verify', `Verify ${target}`, ['read back'], async (ctx) => {
        ctx.step('read back', 'running');
        const r = await runStepWork(
          { op: 'verify', target, ...(set ? { images: set.stagingPath } : {}) },
          {
            onProgress: (p) => ctx.progress(toJobProgress(p)),
            onLog: ctx.log,
            signal: ctx.signal,
          },
        );
        ctx.step('read back', 'done', 'not recorded (no VOLSER)');
        ctx.log(`verdict: ${r.ok ? 'ok' : `failed, ${r.problems.length} problem(s)`}`);
        return { kind: 'verify', target, volser: null, report: toVerifyReport(r) };
      });
    },

    identifyTape: async ({ target }) => {
      await checkTapeTarget(target);
      return jobs.start('identify', `Identify ${target}`, ['read back'], async (ctx) => {
        ctx.step('read back', 'running');
        const id = await identifyTape(catalog, target, {
          onProgress: (p) => ctx.progress(toJobProgress(p)),
          onLog: ctx.log,
          signal: ctx.signal,
        });
        ctx.step('read back', 'done');
        return { kind: 'identify', target, summary: id.summary, contents: tapeContentsOf(target, id) };
      });
    },
  };
}
