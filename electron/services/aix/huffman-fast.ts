/**
 * The hot loops of the pack(1) decoder, kept apart from the decoder class so that they stay small,
 * monomorphic and free of rarely taken branches (V8 otherwise deoptimises them on every member's
 * end code). They decode only the plain case — whole codes found in the multi-symbol table, within
 * the declared size — and hand everything else back to the decoder.
 */

/** Slots of the register array shared with the decoder. */
export const R_BITBUF = 0;
export const R_BITCOUNT = 1;
export const R_PRODUCED = 2;
export const R_OUTPOS = 3;
export const R_POS = 4;

/** Why a hot loop stopped. */
export const NEED_INPUT = 0;
export const CAREFUL = 1;
export const OUT_FULL = 2;

/** At most this many symbols are decoded per table lookup. */
export const MULTI_MAX = 4;

/** Counts decoded symbols without producing them (the size check of a member nobody reads). */
export function countCodes(chunk: Uint8Array, r: Float64Array, K: number, multi: Int32Array, expected: number): number {
  let bitbuf = r[R_BITBUF]! | 0;
  let bitcount = r[R_BITCOUNT]! | 0;
  let produced = r[R_PRODUCED]!;
  let p = r[R_POS]! | 0;
  const mask = (1 << K) - 1;
  const n = chunk.length;
  let why = NEED_INPUT;
  for (;;) {
    while (bitcount <= 16 && p < n) {
      bitbuf = (bitbuf << 8) | chunk[p++]!;
      bitcount += 8;
    }
    if (bitcount < K) break;
    const m = multi[(bitbuf >>> (bitcount - K)) & mask]!;
    if (m === 0 || produced + (m & 0xff) > expected) {
      why = CAREFUL;
      break;
    }
    produced += m & 0xff;
    bitcount -= m >>> 8;
    bitbuf &= (1 << bitcount) - 1;
  }
  r[R_BITBUF] = bitbuf;
  r[R_BITCOUNT] = bitcount;
  r[R_PRODUCED] = produced;
  r[R_POS] = p;
  return why;
}

/** Decodes symbols into `out` from R_OUTPOS on. */
export function decodeCodes(
  chunk: Uint8Array,
  r: Float64Array,
  K: number,
  multi: Int32Array,
  multiSyms: Uint8Array,
  expected: number,
  out: Uint8Array,
): number {
  let bitbuf = r[R_BITBUF]! | 0;
  let bitcount = r[R_BITCOUNT]! | 0;
  let produced = r[R_PRODUCED]!;
  let outPos = r[R_OUTPOS]! | 0;
  let p = r[R_POS]! | 0;
  const mask = (1 << K) - 1;
  const n = chunk.length;
  const room = out.length - MULTI_MAX;
  let why = NEED_INPUT;
  for (;;) {
    while (bitcount <= 16 && p < n) {
      bitbuf = (bitbuf << 8) | chunk[p++]!;
      bitcount += 8;
    }
    if (bitcount < K) break;
    if (outPos > room) {
      why = OUT_FULL;
      break;
    }
    const w = (bitbuf >>> (bitcount - K)) & mask;
    const m = multi[w]!;
    const count = m & 0xff;
    if (m === 0 || produced + count > expected) {
      why = CAREFUL;
      break;
    }
    const base = w * MULTI_MAX;
    out[outPos] = multiSyms[base]!;
    if (count > 1) {
      out[outPos + 1] = multiSyms[base + 1]!;
      if (count > 2) {
        out[outPos + 2] = multiSyms[base + 2]!;
        if (count > 3) out[outPos + 3] = multiSyms[base + 3]!;
      }
    }
    outPos += count;
    produced += count;
    bitcount -= m >>> 8;
    bitbuf &= (1 << bitcount) - 1;
  }
  r[R_BITBUF] = bitbuf;
  r[R_BITCOUNT] = bitcount;
  r[R_PRODUCED] = produced;
  r[R_OUTPOS] = outPos;
  r[R_POS] = p;
  return why;
}
