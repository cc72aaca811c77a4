/**
 * pack(1) Huffman encoder producing the payload of a packed backup member (magic 60012): the classic
 * pack stream WITHOUT its 6-byte prefix (aix-formats.md §4.6). Layout written here, as restorx.c and
 * unpack read it:
 *   u8 maxlev; maxlev bytes of leaf counts per level (the deepest one stored minus 2);
 *   the leaf byte values level by level (Σ stored counts + 1 of them; the EOF leaf is implicit);
 *   an MSB-first bitstream in which, at every level, the internal nodes take the lowest codes and the
 *   leaves follow in the stored order; the code after the last leaf of the deepest level is EOF.
 */

/** Deepest code pack(1) produces; unpack's tables stop there, so deeper trees are not packed at all. */
export const PACK_MAX_LEVEL = 24;

/** backup packs a member only when that saves at least one 4 KB block. */
export const PACK_MIN_SAVING = 4096;

/** Symbol number used for the end-of-data leaf (after the 256 byte values). */
const EOF_SYMBOL = 256;

/** Code lengths for the 257 symbols (0 = symbol absent), computed like pack(1): byte counts doubled, EOF weight 1. */
function codeLengths(counts: Uint32Array): Uint8Array | null {
  // Node arrays: leaves 0..256, internal nodes after. weight/parent kept in plain arrays for speed.
  const weight: number[] = [];
  const parent: number[] = [];
  const heap: number[] = [];
  for (let s = 0; s <= EOF_SYMBOL; s++) {
    const w = s === EOF_SYMBOL ? 1 : counts[s]! * 2;
    weight.push(w);
    parent.push(-1);
    if (w > 0) heap.push(s);
  }
  // An input with no bytes at all still needs a second leaf so the tree has a level 1;
  // a dummy 0x00 leaf that never occurs costs one header byte.
  if (heap.length === 1) {
    weight[0] = 1;
    heap.push(0);
  }
  // Ties are broken by node number, so the same input always gives the same tree.
  const less = (a: number, b: number): boolean => weight[a]! < weight[b]! || (weight[a] === weight[b] && a < b);
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const siftUp = (i: number): void => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      siftDown(0);
    }
    return top;
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  while (heap.length > 1) {
    const a = pop();
    const b = pop();
    const node = weight.length;
    weight.push(weight[a]! + weight[b]!);
    parent.push(-1);
    parent[a] = node;
    parent[b] = node;
    heap.push(node);
    siftUp(heap.length - 1);
  }
  // Depth of a node = depth of its parent + 1; parents always have higher numbers, so walk downwards.
  const depth = new Array<number>(weight.length).fill(0);
  for (let n = weight.length - 2; n >= 0; n--) {
    const p = parent[n]!;
    if (p >= 0) depth[n] = depth[p]! + 1;
  }
  const lengths = new Uint8Array(EOF_SYMBOL + 1);
  let maxlev = 0;
  for (let s = 0; s <= EOF_SYMBOL; s++) {
    if (parent[s] === -1) continue;
    const d = depth[s]!;
    if (d > PACK_MAX_LEVEL) return null;
    lengths[s] = d;
    if (d > maxlev) maxlev = d;
  }
  // The format requires EOF to be the last leaf of the deepest level. With ties it can land one level
  // higher; swapping its length with a deepest byte keeps the same multiset of lengths (still a full tree).
  if (lengths[EOF_SYMBOL] !== maxlev) {
    for (let s = 0; s < EOF_SYMBOL; s++) {
      if (lengths[s] === maxlev) {
        lengths[s] = lengths[EOF_SYMBOL]!;
        lengths[EOF_SYMBOL] = maxlev;
        break;
      }
    }
  }
  return lengths;
}

/** Counts byte occurrences. */
export function byteCounts(data: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  const n = data.length;
  for (let i = 0; i < n; i++) counts[data[i]!] = counts[data[i]!]! + 1;
  return counts;
}

/** A Huffman code in pack(1) form: the stream header and, per byte value, its code and length. */
export interface PackCode {
  /** maxlev, per-level leaf counts (deepest minus 2), leaf bytes: what precedes the bitstream. */
  header: Buffer;
  /** code << 5 | length for each byte value (length 0 = no code). */
  table: Int32Array;
  /** The EOF code and its length. */
  eofCode: number;
  eofLength: number;
}

/** Builds the pack(1) code for a byte histogram; null if the tree would be deeper than PACK_MAX_LEVEL. */
export function buildPackCode(counts: Uint32Array): PackCode | null {
  const lengths = codeLengths(counts);
  if (!lengths) return null;
  let maxlev = 0;
  for (let s = 0; s <= EOF_SYMBOL; s++) if (lengths[s]! > maxlev) maxlev = lengths[s]!;
  // Leaves per level in stored order: byte values ascending, EOF last on the deepest level.
  const levels: number[][] = Array.from({ length: maxlev + 1 }, () => []);
  for (let s = 0; s < EOF_SYMBOL; s++) if (lengths[s]! > 0) levels[lengths[s]!]!.push(s);
  levels[maxlev]!.push(EOF_SYMBOL);
  // Internal nodes at level L = (nodes at level L+1) / 2; they take the lowest codes of their level.
  const codes = new Uint32Array(EOF_SYMBOL + 1);
  let nodesBelow = 0;
  for (let level = maxlev; level >= 1; level--) {
    const internal = nodesBelow / 2;
    const leaves = levels[level]!;
    for (let k = 0; k < leaves.length; k++) codes[leaves[k]!] = internal + k;
    nodesBelow = internal + leaves.length;
  }
  const leafCount = levels.reduce((sum, l) => sum + l.length, 0);
  const header = Buffer.alloc(1 + maxlev + leafCount - 1);
  let o = 0;
  header[o++] = maxlev;
  for (let level = 1; level <= maxlev; level++) header[o++] = levels[level]!.length - (level === maxlev ? 2 : 0);
  for (let level = 1; level <= maxlev; level++) {
    for (const s of levels[level]!) if (s !== EOF_SYMBOL) header[o++] = s;
  }
  const table = new Int32Array(256);
  for (let b = 0; b < 256; b++) table[b] = (codes[b]! << 5) | lengths[b]!;
  return { header, table, eofCode: codes[EOF_SYMBOL]!, eofLength: lengths[EOF_SYMBOL]! };
}

/** Bits the data takes under a code (without header and EOF). */
export function codedBits(counts: Uint32Array, code: PackCode): number {
  let bits = 0;
  for (let b = 0; b < 256; b++) if (counts[b]! > 0) bits += counts[b]! * (code.table[b]! & 31);
  return bits;
}

/** Length of the whole packed stream for data with these counts. */
function packedLength(counts: Uint32Array, code: PackCode): number {
  return code.header.length + Math.ceil((codedBits(counts, code) + code.eofLength) / 8);
}

/** Encodes data (every byte of which must have a code) as header, bitstream and EOF. */
export function encodeWithCode(data: Uint8Array, code: PackCode, length: number): Buffer {
  const out = Buffer.alloc(length);
  code.header.copy(out, 0);
  let o = code.header.length;
  // Bit accumulator: fewer than 8 pending bits plus a code of at most 24 bits fits in 31 bits.
  const table = code.table;
  let acc = 0;
  let nbits = 0;
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const entry = table[data[i]!]!;
    const len = entry & 31;
    acc = (acc << len) | (entry >>> 5);
    nbits += len;
    while (nbits >= 8) {
      nbits -= 8;
      out[o++] = acc >>> nbits;
    }
    acc &= (1 << nbits) - 1;
  }
  acc = (acc << code.eofLength) | code.eofCode;
  nbits += code.eofLength;
  while (nbits >= 8) {
    nbits -= 8;
    out[o++] = acc >>> nbits;
  }
  if (nbits > 0) out[o++] = acc << (8 - nbits);
  if (o !== out.length) throw new Error(`pack encoder size mismatch: wrote ${o}, planned ${out.length}`);
  return out;
}

/**
 * Encodes any input (empty, one distinct byte, all 256 values) as a pack(1) stream without prefix.
 * Returns null only when the tree would be deeper than pack allows (PACK_MAX_LEVEL).
 */
export function packEncode(data: Uint8Array): Buffer | null {
  const counts = byteCounts(data);
  const code = buildPackCode(counts);
  return code ? encodeWithCode(data, code, packedLength(counts, code)) : null;
}

/** True when backup would consider packing this data at all (not tiny, not already packed). */
export function mayPack(data: Uint8Array): boolean {
  return data.length >= PACK_MIN_SAVING + 16 && !(data[0] === 0x1f && data[1] === 0x1e);
}

/**
 * What backup -p does with a member: the packed stream if it saves at least PACK_MIN_SAVING bytes,
 * otherwise null (store plain). Data already in pack format (0x1F1E) is never packed again.
 */
export function packIfWorthwhile(data: Uint8Array): Buffer | null {
  if (!mayPack(data)) return null;
  const counts = byteCounts(data);
  const code = buildPackCode(counts);
  if (!code) return null;
  // Size first: encoding costs more than counting, and most binaries do not shrink enough.
  const length = packedLength(counts, code);
  if (data.length - length < PACK_MIN_SAVING) return null;
  return encodeWithCode(data, code, length);
}
