/** Turns the tape engine's write and verify results into catalog records, so callers never map fields by hand. */
import type { WriteResult } from '../tape/four-record-writer.ts';
import type { VerifiedRecord as TapeVerifiedRecord, VerifyResult } from '../tape/tape-verifier.ts';
import type { NewVerification, NewWrite, RecordResult } from './model.ts';

/** What the catalog needs besides the tape engine's result. */
export interface RecordContext {
  volser: string;
  imageSetId?: number;
  jobId?: number;
}

/** A successful four-record write as a catalog write. */
export function writeFromTapeResult(result: WriteResult, ctx: RecordContext): NewWrite {
  return {
    volser: ctx.volser,
    ...(ctx.imageSetId !== undefined ? { imageSetId: ctx.imageSetId } : {}),
    ...(ctx.jobId !== undefined ? { jobId: ctx.jobId } : {}),
    drive: result.target,
    startedAt: result.startedAt,
    endedAt: result.finishedAt,
    result: 'ok',
    records: result.records.map((r) => ({ index: r.index, blockSize: r.blockSize, blocks: r.blocks, bytes: r.bytes, sha256: r.sha256 })),
  };
}

/** A record's outcome: missing when nothing was read, else whether it matched what was expected. */
export function recordResultOf(r: TapeVerifiedRecord): RecordResult {
  if (r.blocks === 0) return 'missing';
  if (r.matches === undefined) return 'unchecked';
  return r.matches ? 'ok' : 'mismatch';
}

/** A verification result as a catalog verification (the mksysb member count comes from record 4's archive). */
export function verificationFromTapeResult(
  result: VerifyResult,
  ctx: { volser: string; writeId?: number; jobId?: number; verifiedAt: string },
): NewVerification {
  const mksysb = result.records.find((r) => r.index === 4);
  return {
    volser: ctx.volser,
    ...(ctx.writeId !== undefined ? { writeId: ctx.writeId } : {}),
    ...(ctx.jobId !== undefined ? { jobId: ctx.jobId } : {}),
    drive: result.target,
    verifiedAt: ctx.verifiedAt,
    verdict: result.ok ? 'pass' : 'fail',
    records: result.records.map((r) => ({
      index: r.index,
      blockSize: r.blockSize,
      blocks: r.blocks,
      bytes: r.bytes,
      ...(r.blocks > 0 ? { sha256: r.sha256 } : {}),
      result: recordResultOf(r),
    })),
    problems: result.problems.map((p) => ({
      code: p.code,
      message: p.message,
      ...(p.record !== undefined ? { record: p.record } : {}),
      ...(p.offset !== undefined ? { offset: p.offset } : {}),
    })),
    ...(mksysb?.archive ? { mksysbMemberCount: mksysb.archive.members } : {}),
  };
}
