/** The problems a tape verification can report: a stable code, a message, the record and a byte offset. */

/** Stable problem codes of the verifier; scripts and the catalog switch on these. */
export type VerifyProblemCode =
  | 'MISSING_RECORD'
  | 'EMPTY_RECORD'
  | 'NO_FILEMARK'
  | 'EXTRA_FILES'
  | 'BLOCK_SIZE'
  | 'MIXED_BLOCK_SIZES'
  | 'TOC_SIZE'
  | 'TOC_CONTENT'
  | 'SHORT_RECORD'
  | 'LONG_RECORD'
  | 'PADDING_NOT_ZERO'
  | 'CONTENT_MISMATCH'
  | 'HASH_MISMATCH'
  | 'ARCHIVE_PROBLEM'
  | 'TAPEBLKSZ_MISSING'
  | 'TAPEBLKSZ_INVALID'
  | 'TAPEBLKSZ_MISMATCH'
  | 'TAPE_DAMAGED'
  | 'READ_ERROR'
  /** The drive's TapeAlert said the read-back is not to be trusted (issue 17). */
  | 'DRIVE_ALERT';

/** One problem. `offset` is bytes from the start of the record unless the message says otherwise. */
export interface VerifyProblem {
  code: VerifyProblemCode;
  message: string;
  record?: number;
  offset?: number;
}

/** Builds a problem, leaving out absent fields so the JSON stays clean. */
export function problem(code: VerifyProblemCode, message: string, record?: number, offset?: number): VerifyProblem {
  const p: VerifyProblem = { code, message };
  if (record !== undefined) p.record = record;
  if (offset !== undefined) p.offset = offset;
  return p;
}
