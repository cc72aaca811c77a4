/**
 * SIMH magtape (.tap) words and record frames, exactly as ../shared/reference/linux-tape.md §3:
 * little-endian 32-bit words; a record is length, data, a pad byte when the length is odd, length.
 */

/** A tape mark (filemark). */
export const SIMH_TAPE_MARK = 0x00000000;
/** An erase gap: skipped by readers. */
export const SIMH_ERASE_GAP = 0xfffffffe;
/** End of medium: readers stop here; writers may overwrite it. */
export const SIMH_END_OF_MEDIUM = 0xffffffff;
/** The 2022 forward half-gap: skip two bytes. */
export const SIMH_HALF_GAP = 0xfffeffff;
/** Largest record length a standard length word can carry (MTR_MAXLEN). */
export const SIMH_MAX_RECORD = 0x00ffffff;
/** Bytes a record frame spends beyond its data (two length words). */
export const SIMH_FRAME_OVERHEAD = 8;

/** What a 32-bit word read in the forward direction means. */
export type SimhWord =
  | { kind: 'tape-mark' }
  | { kind: 'end-of-medium' }
  | { kind: 'gap'; skip: number }
  | { kind: 'data'; length: number }
  | { kind: 'bad-data'; length: number }
  | { kind: 'private-record'; length: number }
  | { kind: 'private-marker' }
  | { kind: 'reserved'; word: number };

/** Classifies a forward length/marker word (standard format with the 2022 extended classes). */
export function classifyWord(word: number): SimhWord {
  if (word === SIMH_TAPE_MARK) return { kind: 'tape-mark' };
  if (word === SIMH_END_OF_MEDIUM) return { kind: 'end-of-medium' };
  if (word === SIMH_ERASE_GAP) return { kind: 'gap', skip: 4 };
  if (word === SIMH_HALF_GAP) return { kind: 'gap', skip: 2 };
  const cls = word >>> 28;
  const length = word & 0x0fffffff;
  switch (cls) {
    case 0x0:
      return { kind: 'data', length };
    case 0x8:
      return { kind: 'bad-data', length };
    case 0x1:
    case 0x2:
    case 0x3:
    case 0x4:
    case 0x5:
    case 0x6:
    case 0xe:
      return { kind: 'private-record', length };
    case 0x7:
      return { kind: 'private-marker' };
    default:
      return { kind: 'reserved', word };
  }
}

/** Size on the medium of one record of `length` data bytes. */
export function frameBytes(length: number): number {
  return SIMH_FRAME_OVERHEAD + length + (length & 1);
}

/** Writes one record frame into `out` at `at`; returns the offset after it. */
export function encodeFrame(out: Buffer, at: number, data: Uint8Array, start: number, length: number): number {
  out.writeUInt32LE(length, at);
  // Buffer#copy takes offsets directly: no subarray object per block (hundreds of thousands per GiB).
  Buffer.prototype.copy.call(data, out, at + 4, start, start + length);
  let end = at + 4 + length;
  if (length & 1) out[end++] = 0;
  out.writeUInt32LE(length, end);
  return end + 4;
}
