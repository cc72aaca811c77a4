/**
 * The bodies of the tape job's steps. Each returns the JSON result the engine stores in the catalog
 * before the next step starts; each reads what it needs from the earlier steps' stored results, so a
 * resumed job never repeats a finished step (a failed write never re-runs mksysb).
 */
import path from 'node:path';
import { indexImageSet } from '../contents/index-image-set.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { ImageInput, ImageKind } from '../catalog/model.ts';
import { toServerConfig } from '../catalog/server-store.ts';
import { verificationFromTapeResult, writeFromTapeResult } from '../catalog/tape-results.ts';
import { restoreCardFor } from '../labels/restore-card.ts';
import type { CaptureRequest, CaptureResult } from '../ssh/capture.ts';
import { stagingTimestamp } from '../ssh/fetch-image-set.ts';
import { type ImageSetManifest, readManifest } from '../ssh/image-set-manifest.ts';
import { candidateLengths, identifyTape } from './identify-tape.ts';
import { HeldTape } from './held-tape.ts';
import type { VerifyReport } from '../../../shared/model.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';
import { toVerifyReport } from '../tape/verify-report.ts';
import type { CaptureJobParams, JobParams, TapeJobStep, VerifyJobParams, WriteCheck, WriteConsent, WriteJobParams } from './job-model.ts';
import type { StepResults } from './step-results.ts';
import { reverifyCartridge } from './reverify.ts';
import type { SshSecrets } from '../ssh/ssh-secrets.ts';
import { formatReadinessReport, READINESS_LOG_PREFIX } from '../readiness/report-text.ts';
import { runStepWork, type StepWorkOptions } from './step-work.ts';
import { retentionOverrideVolsers, runWriteChecks, unsettledChecks } from './write-checks.ts';
import { recordAfterWrite, withDriveAlerts } from './drive-health-checks.ts';

/** Stored result of the capture step. */
export interface CaptureStepResult {
  capture: CaptureResult;
  osLevel: string | null;
  capturedAt: string;
}
/** Stored result of the fetch step. */
export interface FetchStepResult {
  imageSetId: number;
  dir: string;
}
/** Stored result of the write step. */
export interface WriteStepResult {
  writeId: number;
  records: { index: number; blockSize: number; bytes: number; sha256: string }[];
}
/** Stored result of the verify step. */
export interface VerifyStepResult {
  verificationId: number;
  verdict: 'pass' | 'fail';
}
/** Stored result of a verify job's step: also the per-record report the app's Verify screen shows. */
export interface ReverifyStepResult extends VerifyStepResult {
  report: VerifyReport;
}
/** Stored result of the record step. */
export interface RecordStepResult {
  labelPdf: string | null;
  labelPng: string | null;
  barcodePng: string | null;
}

/** What every step body gets; `P` is the part of the job's params the step reads. */
export interface StepContext<P extends object = JobParams> {
  catalog: Catalog;
  jobId: number;
  params: P;
  /** Stored result of an earlier step, typed per step (throws when it is missing). */
  earlier<S extends TapeJobStep>(step: S): StepResults[S];
  work: StepWorkOptions;
  secrets: SshSecrets;
  consent: WriteConsent;
  log(line: string): void;
  onChecks(checks: WriteCheck[]): void;
}

const RECORD_KIND: Record<1 | 2 | 4, ImageKind> = { 1: 'boot', 2: 'mkinsttape', 4: 'mksysb' };
// Refusals the writer makes before it touches the tape: nothing was written, so nothing to record.
export const BEFORE_TAPE = new Set([
  'IMAGE_SET_INVALID',
  'TAPE_NO_MEDIUM',
  'TAPE_WRITE_PROTECTED',
  'TAPE_TOO_SMALL',
  'NOT_FOUND',
  'TAPE_BUSY',
  'USAGE',
  'INVALID_INPUT',
]);

/** mksysb's options as recorded in the catalog. */
export function mksysbOptionsOf(req: CaptureRequest): string[] {
  return ['-i', ...(req.exclude ? ['-e'] : []), ...(req.pack ? [] : ['-p']), ...(req.expandTmp ? ['-X'] : [])];
}

function serverOf(ctx: StepContext<CaptureJobParams>) {
  const server = ctx.catalog.servers.getByName(ctx.params.server);
  if (!server)
    throw new SysbError('NOT_FOUND', `server '${ctx.params.server}' is no longer in the catalog; add it again with 'sysbtape server add'`);
  return server;
}

/** capture: bosboot, mkinsttape and mksysb on the server (in the worker). */
export async function captureStep(ctx: StepContext<CaptureJobParams>): Promise<CaptureStepResult> {
  const server = serverOf(ctx);
  const capturedAt = new Date().toISOString();
  const r = await runStepWork(
    {
      op: 'capture',
      ssh: { server: toServerConfig(server), secrets: ctx.secrets, knownHostsPath: ctx.params.knownHostsPath },
      request: ctx.params.capture,
    },
    ctx.work,
  );
  ctx.log(`captured on ${server.name}: ${r.capture.images.map((i) => `${i.name} ${i.size} bytes`).join(', ')}`);
  return { capture: r.capture, osLevel: r.osLevel, capturedAt };
}

/** fetch: bring the images home (resuming a partial fetch), check them, and record the image set. */
export async function fetchStep(ctx: StepContext<CaptureJobParams>): Promise<FetchStepResult> {
  const server = serverOf(ctx);
  const cap = ctx.earlier('capture');
  const dir = path.join(ctx.params.stagingRoot, server.name, stagingTimestamp(new Date(cap.capturedAt)));
  let manifest: ImageSetManifest;
  try {
    manifest = await readManifest(dir);
    ctx.log(`${dir} already holds a complete image set (manifest.json); not fetching again`);
  } catch {
    const fetched = await runStepWork(
      {
        op: 'fetch',
        ssh: { server: toServerConfig(server), secrets: ctx.secrets, knownHostsPath: ctx.params.knownHostsPath },
        capture: cap.capture,
        request: ctx.params.capture,
        osLevel: cap.osLevel,
        stagingRoot: ctx.params.stagingRoot,
        dir,
        capturedAt: cap.capturedAt,
        ...(ctx.params.transport ? { transport: ctx.params.transport } : {}),
      },
      ctx.work,
    );
    manifest = fetched.manifest;
  }
  // Idempotent: a crash after recording but before the step was marked done must not record it twice.
  const existing = ctx.catalog.imageSets.list({ serverId: server.id, limit: 100_000 }).find((s) => s.stagingPath === dir);
  const images: ImageInput[] = manifest.images.map((i) => ({
    kind: RECORD_KIND[i.record],
    fileName: i.file,
    size: i.size,
    sha256: i.sha256,
    ...(i.remoteChecksum ? { remoteChecksum: i.remoteChecksum } : {}),
  }));
  const set =
    existing ??
    ctx.catalog.imageSets.add({
      serverId: server.id,
      capturedAt: manifest.capturedAt,
      ...(manifest.osLevel ? { osLevel: manifest.osLevel } : {}),
      mksysbOptions: mksysbOptionsOf(ctx.params.capture),
      tapeblksz: manifest.record4BlockSize,
      stagingPath: dir,
      // The manifest exists only when every image matched the server's own checksum.
      state: 'verified',
      images,
    });
  ctx.log(`image set ${set.id} in ${dir}: ${images.map((i) => `${i.fileName} sha256 ${i.sha256}`).join(', ')}`);
  if (manifest.readiness && !set.readiness) {
    ctx.catalog.imageSets.setReadiness(set.id, manifest.readiness);
    for (const line of formatReadinessReport(manifest.readiness.report, `image set ${set.id}`).trimEnd().split('\n'))
      ctx.log(`${READINESS_LOG_PREFIX}${line}`);
  }
  // The member index serves find/diff/contents; a backup is no less good when indexing fails, so it only warns.
  try {
    const idx = await indexImageSet(ctx.catalog, set.id);
    ctx.log(`indexed ${idx.members} members of image set ${set.id}`);
  } catch (err) {
    ctx.log(`warning: could not index the members of image set ${set.id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { imageSetId: set.id, dir };
}

/** The image set a write, verify or record step works on: the fetch step's, or the one the job was created for. */
export function imageSetOf(ctx: StepContext<WriteJobParams>): FetchStepResult {
  return ctx.params.imageSet ?? ctx.earlier('fetch');
}

/**
 * write: the pre-write checks, then the four records; the write is recorded either way. The checks run
 * once, here: one worker holds the tape open for writing from the first record the checks read to the
 * last record written (no other process can change it in between), and parses the image set once.
 */
export async function writeStep(ctx: StepContext<WriteJobParams>): Promise<WriteStepResult> {
  const f = imageSetOf(ctx);
  const capacity = ctx.params.capacityBytes === undefined ? {} : { capacityBytes: ctx.params.capacityBytes };
  const tape = new HeldTape(
    { target: ctx.params.target, images: f.dir, ...capacity, candidateLengths: candidateLengths(ctx.catalog) },
    ctx.work,
  );
  try {
    const checks = await runWriteChecks({
      catalog: ctx.catalog,
      volser: ctx.params.volser,
      imageSetId: f.imageSetId,
      target: ctx.params.target,
      ...capacity,
      driveFacts: () => tape.facts(),
      // Records 1 and 2 first (record 4 may be hundreds of gigabytes); record 4 only when record 2 matches the catalog.
      identify: (t) => identifyTape(ctx.catalog, t, { ...ctx.work, maxRecords: 2, read: (n) => tape.read(n) }),
    });
    return await writeChecked(ctx, f, checks, tape);
  } finally {
    await tape.release();
  }
}

/** The write once the checks ran on the held tape: refused unless the operator's answers settle every check. */
async function writeChecked(
  ctx: StepContext<WriteJobParams>,
  f: FetchStepResult,
  checks: WriteCheck[],
  tape: HeldTape,
): Promise<WriteStepResult> {
  const { catalog, params } = ctx;
  ctx.onChecks(checks);
  for (const c of checks) ctx.log(`check ${c.kind} ${c.code}: ${c.message}`);
  const open = unsettledChecks(checks, ctx.consent);
  const blocking = open.filter((c) => c.kind === 'blocking');
  if (blocking.length > 0) {
    throw new SysbError('CHECK_BLOCKED', `cannot write ${params.volser}: ${blocking.map((c) => c.message).join('; ')}`, { checks: open });
  }
  if (open.length > 0) {
    throw new SysbError(
      'NEEDS_CONFIRMATION',
      `writing ${params.volser} needs confirmation: ${open.map((c) => `[${c.code}] ${c.message}`).join('; ')}. Confirm with --yes (or --confirm ${open.map((c) => c.code).join(',')})`,
      { checks: open },
    );
  }
  const reason = ctx.consent.retentionOverrideReason?.trim();
  // Each overridden retention is recorded in its own cartridge's history: the one written, and the one the
  // tape in the drive was identified as when that is another.
  for (const v of reason ? retentionOverrideVolsers(checks, params.volser) : []) {
    catalog.cartridges.guardRetention(v, 'write', { reason: reason!, jobId: ctx.jobId });
    ctx.log(`retention override recorded${v === params.volser.toUpperCase() ? '' : ` for ${v}`}: ${reason!}`);
  }
  const startedAt = new Date().toISOString();
  // From here the tape may change: the cartridge stops claiming its old contents before the first byte.
  const before = catalog.cartridges.startWrite(params.volser);
  try {
    const w = await tape.write();
    const rec = catalog.writes.record(writeFromTapeResult(w, { volser: params.volser, imageSetId: f.imageSetId, jobId: ctx.jobId }));
    const flags = await recordAfterWrite(catalog, params.volser, params.target, rec.id, true);
    if (flags?.length) ctx.log(`TapeAlert after the write: ${flags.map((t) => `${t.flag} ${t.name} (${t.severity})`).join(', ')}`);
    return {
      writeId: rec.id,
      records: rec.records.map((r) => ({ index: r.index, blockSize: r.blockSize, bytes: r.bytes, sha256: r.sha256 })),
    };
  } catch (err) {
    const code = err instanceof SysbError ? err.code : 'INTERNAL';
    if (BEFORE_TAPE.has(code)) catalog.cartridges.writeNotStarted(params.volser, before);
    else {
      // Recording the failed or cancelled write leaves the cartridge `unknown`.
      const failed = catalog.writes.record({
        volser: params.volser,
        imageSetId: f.imageSetId,
        jobId: ctx.jobId,
        drive: params.target,
        startedAt,
        endedAt: new Date().toISOString(),
        result: code === 'CANCELLED' ? 'cancelled' : 'failed',
        error: err instanceof Error ? err.message.slice(0, 4000) : String(err),
        records: [],
      });
      await recordAfterWrite(catalog, params.volser, params.target, failed.id, false);
    }
    throw err;
  }
}

/** One log line per problem the read-back found, with its record and offset. */
function logProblems(ctx: Pick<StepContext, 'log'>, problems: VerifyResult['problems']): void {
  for (const p of problems)
    ctx.log(
      `problem ${p.code}${p.record ? ` record ${p.record}` : ''}${p.offset !== undefined ? ` offset ${p.offset}` : ''}: ${p.message}`,
    );
}

/** verify: read the tape back against the image set; the verification is recorded, pass or fail. */
export async function verifyStep(ctx: StepContext<WriteJobParams>): Promise<VerifyStepResult> {
  const f = imageSetOf(ctx);
  const w = ctx.earlier('write');
  const { result: v, flags } = await withDriveAlerts(
    await runStepWork({ op: 'verify', target: ctx.params.target, images: f.dir }, ctx.work),
    ctx.params.target,
  );
  const rec = ctx.catalog.verifications.record(
    verificationFromTapeResult(v, {
      volser: ctx.params.volser,
      writeId: w.writeId,
      jobId: ctx.jobId,
      verifiedAt: new Date().toISOString(),
    }),
  );
  if (flags) ctx.catalog.driveHealth.recordTapeAlert({ verificationId: rec.id }, ctx.params.target, flags);
  logProblems(ctx, v.problems);
  if (!v.ok) {
    throw new SysbError(
      'TAPE_NOT_VERIFIED',
      `the tape failed verification (${v.problems.length} problem(s): ${v.problems
        .slice(0, 3)
        .map((p) => p.code)
        .join(', ')}); verification ${rec.id} is recorded. Resume to read it again, or write a new tape`,
    );
  }
  return { verificationId: rec.id, verdict: rec.verdict };
}

/**
 * verify, in a verify job: read the cartridge back against the image set (or the hashes of its last good
 * write) and record the verification. A failing tape is a result, not a job failure: the verdict and the
 * per-record report are what the operator came for.
 */
export async function reverifyStep(ctx: StepContext<VerifyJobParams>): Promise<ReverifyStepResult> {
  const { params } = ctx;
  const { result, verification } = await reverifyCartridge(ctx.catalog, params.volser, params.target, {
    ...ctx.work,
    jobId: ctx.jobId,
    ...(params.imageSet ? { images: params.imageSet.dir } : {}),
  });
  logProblems(ctx, result.problems);
  return { verificationId: verification.id, verdict: verification.verdict, report: toVerifyReport(result) };
}

/** record: the cartridge's label and restore card (PDF + PNG) from what the catalog now holds. */
export async function recordStep(ctx: StepContext<WriteJobParams>): Promise<RecordStepResult> {
  const card = restoreCardFor(ctx.catalog, ctx.params.volser);
  // Rendering barcodes and PDFs is CPU work: the worker does it, the main loop stays free.
  const files = await runStepWork({ op: 'labels', card, dir: ctx.params.labelDir }, ctx.work);
  ctx.log(`label: ${files.pdf ?? '-'}, ${files.png ?? '-'}`);
  return { labelPdf: files.pdf ?? null, labelPng: files.png ?? null, barcodePng: files.barcodePng ?? null };
}
