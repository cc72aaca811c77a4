/**
 * Fast packing for members cut from a content pool. The whole pool is pack(1)-encoded once with one
 * code built from the pool's own byte counts; a member that starts where the pool's bitstream is on a
 * byte boundary is then packed by copying that stretch of the bitstream and adding EOF. The result is
 * a valid pack stream for exactly the member's bytes (unused leaves are allowed), at memcpy speed,
 * where encoding every member would cap a 1 GiB mksysb at a few tens of MB/s.
 */
import type { SeededRandom } from './seeded-random.ts';
import { type PackCode, PACK_MIN_SAVING, buildPackCode, byteCounts, mayPack } from './pack-encoder.ts';

/** Positions between stored bit offsets. */
const CHECKPOINT_EVERY = 64;

/** A member cut from the pool, with its packed form when backup -p would pack it. */
export interface PoolSlice {
  data: Buffer;
  /** The pack(1) stream of `data`, or null when packing would not save PACK_MIN_SAVING bytes. */
  packed: Buffer | null;
}

/** A pool with its pre-encoded bitstream. */
export class PackedPool {
  private readonly pool: Buffer;
  private readonly code: PackCode;
  private readonly bits: Buffer;
  /** Bit offset of every CHECKPOINT_EVERY-th position. */
  private readonly checkpoints: Float64Array;
  /** Positions whose bit offset is a multiple of 8, ascending. */
  private readonly alignedStarts: Uint32Array;

  /** Null when the pool's code would be deeper than pack allows. */
  static create(pool: Buffer): PackedPool | null {
    const code = buildPackCode(byteCounts(pool));
    return code ? new PackedPool(pool, code) : null;
  }

  private constructor(pool: Buffer, code: PackCode) {
    this.pool = pool;
    this.code = code;
    const table = code.table;
    let totalBits = 0;
    for (let i = 0; i < pool.length; i++) totalBits += table[pool[i]!]! & 31;
    this.bits = Buffer.alloc(Math.ceil(totalBits / 8) + 1);
    this.checkpoints = new Float64Array(Math.floor(pool.length / CHECKPOINT_EVERY) + 1);
    const aligned: number[] = [];
    let acc = 0;
    let nbits = 0;
    let bitPos = 0;
    let o = 0;
    for (let i = 0; i < pool.length; i++) {
      if (i % CHECKPOINT_EVERY === 0) this.checkpoints[i / CHECKPOINT_EVERY] = bitPos;
      if ((bitPos & 7) === 0) aligned.push(i);
      const entry = table[pool[i]!]!;
      const len = entry & 31;
      acc = (acc << len) | (entry >>> 5);
      nbits += len;
      bitPos += len;
      while (nbits >= 8) {
        nbits -= 8;
        this.bits[o++] = acc >>> nbits;
      }
      acc &= (1 << nbits) - 1;
    }
    if (nbits > 0) this.bits[o] = acc << (8 - nbits);
    this.alignedStarts = Uint32Array.from(aligned);
  }

  /** Bit offset of a pool position in the pre-encoded stream. */
  private bitOffset(pos: number): number {
    const base = pos - (pos % CHECKPOINT_EVERY);
    let bits = this.checkpoints[base / CHECKPOINT_EVERY]!;
    for (let i = base; i < pos; i++) bits += this.code.table[this.pool[i]!]! & 31;
    return bits;
  }

  /** `size` bytes (≤ pool length) from a random byte-aligned start, packed (if `pack`) when that saves enough. */
  slice(size: number, rng: SeededRandom, pack = true): PoolSlice {
    if (size > this.pool.length) throw new RangeError(`slice of ${size} bytes from a pool of ${this.pool.length}`);
    // Last aligned start that still leaves room for `size` bytes (binary search).
    let lo = 0;
    let hi = this.alignedStarts.length - 1;
    const limit = this.pool.length - size;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.alignedStarts[mid]! <= limit) lo = mid;
      else hi = mid - 1;
    }
    const start = this.alignedStarts[rng.int(0, lo)]!;
    const data = this.pool.subarray(start, start + size);
    if (!pack || !mayPack(data)) return { data, packed: null };
    const from = this.bitOffset(start);
    const to = this.bitOffset(start + size);
    const length = this.code.header.length + Math.ceil((to - from + this.code.eofLength) / 8);
    if (size - length < PACK_MIN_SAVING) return { data, packed: null };
    const out = Buffer.alloc(length);
    let o = this.code.header.copy(out, 0);
    o += this.bits.copy(out, o, from / 8, Math.floor(to / 8));
    // The last partial byte of the member, then EOF, then zero padding.
    const rest = to & 7;
    let acc = rest > 0 ? this.bits[to >> 3]! >> (8 - rest) : 0;
    let nbits = rest;
    acc = (acc << this.code.eofLength) | this.code.eofCode;
    nbits += this.code.eofLength;
    while (nbits >= 8) {
      nbits -= 8;
      out[o++] = acc >>> nbits;
    }
    if (nbits > 0) out[o++] = acc << (8 - nbits);
    if (o !== length) throw new Error(`packed pool slice size mismatch: wrote ${o}, planned ${length}`);
    return { data, packed: out };
  }
}
