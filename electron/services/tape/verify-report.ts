/** The verifier's result as the contract's VerifyReport: what the UI's per-record table shows. */
import type { VerifyReport } from '../../../shared/model.ts';
import type { VerifyResult } from './tape-verifier.ts';

export function toVerifyReport(r: VerifyResult): VerifyReport {
  return {
    ok: r.ok,
    records: r.records.map((x) => ({
      index: x.index,
      kind: x.kind,
      blockSize: x.blockSize || null,
      blocks: x.blocks,
      bytes: x.bytes,
      sha256: x.sha256,
      matches: x.matches ?? null,
    })),
    problems: r.problems.map((p) => ({
      code: p.code,
      message: p.message,
      ...(p.record !== undefined ? { record: p.record } : {}),
      ...(p.offset !== undefined ? { offset: p.offset } : {}),
    })),
  };
}
