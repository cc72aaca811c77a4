/**
 * Tape methods of the contract: detect drives, run the checks, write, verify, identify. The bytes
 * move in a worker thread (tape-worker.ts); this side records each outcome in the catalog.
 */
import { readdir } from 'node:fs/promises';
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { DriveInfo, JobProgress, VerifyReport } from '../../../shared/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import type { VerifyResult } from '../tape/tape-verifier.ts';
import type { JobRegistry } from './job-registry.ts';
import { assertChecksPass, requireImageSet, tapeChecks } from './tape-checks.ts';
import { runTapeWork } from './tape-work.ts';

type TapeHandlers = Pick<ApiHandlers, 'listDrives' | 'checkTape' | 'startWrite' | 'startVerify' | 'identifyTape'>;

/** TapeProgress → the contract's JobProgress fields. */
export function toJobProgress(p: TapeProgress): Omit<JobProgress, 'jobId'> {
  return { step: p.phase, record: p.record || null, bytes: p.bytes, totalBytes: p.totalBytes ?? null, bytesPerSecond: p.mbPerSecond * 1e6, etaSeconds: p.etaSeconds ?? null };
}

/** The verifier's result → the contract's VerifyReport. */
export function toVerifyReport(r: VerifyResult): VerifyReport {
  return {
    ok: r.ok,
    records: r.records.map((x) => ({ index: x.index, kind: x.kind, blockSize: x.blockSize || null, blocks: x.blocks, bytes: x.bytes, sha256: x.sha256, matches: x.matches ?? null })),
    problems: r.problems.map((p) => ({ code: p.code, message: p.message, record: p.record ?? null, offset: p.offset ?? null })),
  };
}

const probeTape = (target: string) => runTapeWork({ op: 'probe', target });

/** Builds the tape handlers. */
export function tapeHandlers(catalog: Catalog, jobs: JobRegistry): TapeHandlers {
  const recordVerification = (volser: string, target: string, r: VerifyResult, writeId: number | undefined): void => {
    catalog.verifications.record({
      volser, drive: target, verifiedAt: new Date().toISOString(), verdict: r.ok ? 'pass' : 'fail',
      ...(writeId === undefined ? {} : { writeId }),
      records: r.records.map((x) => ({
        recordNo: x.index, blockSize: x.blockSize, blocks: x.blocks, bytes: x.bytes, sha256: x.sha256,
        result: x.matches === false ? 'mismatch' : x.matches === true ? 'ok' : r.problems.some((p) => p.record === x.index) ? 'unreadable' : 'unchecked',
      })),
      problems: r.problems.map((p) => ({ code: p.code, message: p.message, ...(p.record !== undefined && p.record <= 4 ? { recordNo: p.record } : {}) })),
      ...(r.records[3]?.archive ? { mksysbMemberCount: r.records[3].archive.members } : {}),
    });
  };

  return {
    listDrives: async ({ extraTargets }) => {
      const devices = (await readdir('/dev').catch(() => [] as string[])).filter((n) => /^nst\d+$/.test(n)).map((n) => `/dev/${n}`);
      const out: DriveInfo[] = [];
      for (const target of [...devices, ...extraTargets]) {
        const kind = target.startsWith('/dev/') ? 'st' : 'virtual';
        try {
          const p = await probeTape(target);
          const s = p.status;
          const status = !s.online || s.noTape ? 'no tape' : `ready${s.beginningOfTape ? ', at BOT' : ''}${p.hasData ? ', holds data' : ', blank'}`;
          out.push({ target, kind, online: s.online && !s.noTape, writeProtected: s.writeProtected, status });
        } catch (err) {
          out.push({ target, kind, online: false, writeProtected: false, status: err instanceof Error ? err.message : String(err) });
        }
      }
      return out;
    },

    checkTape: (req) => tapeChecks(catalog, req, probeTape),

    startWrite: async (req) => {
      const set = requireImageSet(catalog, req.imageSetId);
      assertChecksPass(await tapeChecks(catalog, req, probeTape), req.confirmed, req.overrideReason);
      if (!catalog.cartridges.get(req.volser)) catalog.cartridges.add({ volser: req.volser, mediaId: req.mediaId });
      // The override is recorded (with its reason) before anything touches the tape.
      if (req.overrideReason) catalog.cartridges.guardRetention(req.volser, 'write', { reason: req.overrideReason });
      return jobs.start('write', `Write ${req.volser}`, ['write', 'record'], async (ctx) => {
        const startedAt = new Date().toISOString();
        ctx.step('write', 'running');
        ctx.log(`writing image set ${set.id} from ${set.stagingPath} to ${req.target}`);
        try {
          const w = await runTapeWork({ op: 'write', target: req.target, images: set.stagingPath }, { onProgress: (p) => ctx.progress(toJobProgress(p)), signal: ctx.signal });
          ctx.step('write', 'done');
          ctx.step('record', 'running');
          catalog.writes.record({
            volser: req.volser, imageSetId: set.id, drive: req.target, startedAt: w.startedAt, endedAt: w.finishedAt, result: 'ok',
            records: w.records.map((r) => ({ recordNo: r.index, blockSize: r.blockSize, blocks: r.blocks, bytes: r.bytes, sha256: r.sha256 })),
          });
          for (const warning of w.warnings) ctx.log(`warning: ${warning}`);
          ctx.step('record', 'done');
          return { kind: 'write', target: req.target, volser: req.volser, records: w.records.map((r) => ({ index: r.index, blockSize: r.blockSize, bytes: r.bytes, sha256: r.sha256 })) };
        } catch (err) {
          const cancelled = ctx.signal.aborted;
          catalog.writes.record({
            volser: req.volser, imageSetId: set.id, drive: req.target, startedAt, endedAt: new Date().toISOString(),
            result: cancelled ? 'cancelled' : 'failed', error: err instanceof Error ? err.message : String(err), records: [],
          });
          throw err;
        }
      });
    },

    startVerify: async ({ target, imageSetId, volser }) => {
      const set = imageSetId === null ? undefined : requireImageSet(catalog, imageSetId);
      const cartridge = volser === null ? undefined : catalog.cartridges.get(volser);
      const lastGood = cartridge ? catalog.writes.lastGood(cartridge.id) : undefined;
      if (volser !== null && !cartridge) throw new SysbError('NOT_FOUND', `cartridge ${volser} is not in the catalog; verify without a VOLSER or write it first`);
      const expected = !set && lastGood
        ? lastGood.records.map((r) => ({ index: r.recordNo as 1 | 2 | 3 | 4, bytes: r.bytes, sha256: r.sha256 }))
        : undefined;
      return jobs.start('verify', `Verify ${volser ?? target}`, ['read back', 'record'], async (ctx) => {
        ctx.step('read back', 'running');
        const r = await runTapeWork({ op: 'verify', target, ...(set ? { images: set.stagingPath } : {}), ...(expected ? { expected } : {}) },
          { onProgress: (p) => ctx.progress(toJobProgress(p)), signal: ctx.signal });
        ctx.step('read back', 'done');
        ctx.step('record', 'running');
        if (volser !== null) recordVerification(volser, target, r, lastGood?.id);
        ctx.log(`verdict: ${r.ok ? 'ok' : `failed, ${r.problems.length} problem(s)`}`);
        ctx.step('record', 'done');
        return { kind: 'verify', target, report: toVerifyReport(r) };
      });
    },

    identifyTape: async ({ target }) => jobs.start('identify', `Identify ${target}`, ['read back', 'match'], async (ctx) => {
      ctx.step('read back', 'running');
      const r = await runTapeWork({ op: 'verify', target }, { onProgress: (p) => ctx.progress(toJobProgress(p)), signal: ctx.signal });
      ctx.step('read back', 'done');
      ctx.step('match', 'running');
      const hashes = [1, 2, 3, 4].map((i) => r.records.find((x) => x.index === i)?.sha256 ?? null);
      const match = catalog.identify(hashes)[0];
      const summary = match
        ? `This is ${match.volser} (${match.barcode}), written ${match.writtenAt}${match.serverName ? ` from ${match.serverName}` : ''}`
          + `${match.capturedAt ? `, image set captured ${match.capturedAt}` : ''}; records matched: ${match.matchedRecords.join(', ')}${match.complete ? '' : ' (not all)'}.`
        : `Not in the catalog. ${r.records.length} tape file(s), ${r.ok ? 'a structurally sound bootable mksysb tape' : `${r.problems.length} problem(s)`}`
          + `${r.tapeblksz ? `, tapeblksz ${r.tapeblksz.blockSize}` : ''}.`;
      ctx.step('match', 'done');
      return { kind: 'identify', target, summary };
    }),
  };
}
