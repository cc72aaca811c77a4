/**
 * Streaming decoder for packed members (magic 60012): the classic pack(1) Huffman stream without
 * pack's 6-byte prefix (aix-formats.md §4.6). Input arrives in arbitrary chunks; output is emitted
 * in chunks and checked against the member's declared size, like restore's "Unpack: file size error".
 *
 * Speed: codes up to TABLE_BITS long are decoded with one table lookup (the table is filled from
 * the canonical code layout, 2^TABLE_BITS entries per member); longer codes and codes split across
 * input chunks walk the tree bit by bit, exactly as unpack.c does. The hot loops are in huffman-fast.ts.
 */
import {
  CAREFUL,
  MULTI_MAX,
  NEED_INPUT,
  OUT_FULL,
  R_BITBUF,
  R_BITCOUNT,
  R_OUTPOS,
  R_POS,
  R_PRODUCED,
  countCodes,
  decodeCodes,
} from './huffman-fast.ts';

/** pack(1) never produces codes longer than 24 bits. */
const MAX_LEVELS = 24;
const OUT_CHUNK = 64 * 1024;

/** Result of a finished decode. */
export interface HuffmanResult {
  ok: boolean;
  /** Bytes produced (never more than the declared size). */
  decodedBytes: number;
  /** What was wrong, when ok is false. */
  error: string | null;
}

type Phase = 'maxlev' | 'counts' | 'leaves' | 'bits' | 'done' | 'failed';

/** Codes up to this many bits decode with one lookup. */
const TABLE_BITS = 11;
/** Table entry flag: the code is longer than the table; walk the tree from the prefix. */
const LONG = 0x100000;

/** Incremental pack(1) decoder; feed `write(chunk)` then call `end()`. */
export class HuffmanDecoder {
  private readonly expected: number;
  private readonly onData: ((chunk: Buffer) => void) | undefined;
  private phase: Phase = 'maxlev';
  private maxlev = 0;
  private readonly counts: number[] = [];
  private leaves: Uint8Array = new Uint8Array(0);
  private leafCount = 0;
  private leavesNeeded = 0;
  private error: string | null = null;
  private produced = 0;
  // Tree in unpack.c terms: internal nodes per level and where each level's leaves start.
  private intnodes: Int32Array = new Int32Array(0);
  private leafStart: Int32Array = new Int32Array(0);
  private eofIndex = 0;
  private tableBits = 0;
  /** (length << 16) | leaf index, or LONG. */
  private table: Int32Array = new Int32Array(0);
  /** Several whole codes per window: (bits << 8) | count, 0 when the first code needs the slow path. */
  private multi: Int32Array = new Int32Array(0);
  /** The bytes of those codes, MULTI_MAX per window. */
  private multiSyms: Uint8Array = new Uint8Array(0);
  private bitbuf = 0;
  private bitcount = 0;
  // Bit-by-bit walk state (level, code so far); lev 0 = not inside a code.
  private walkLev = 0;
  private walkCode = 0;
  private out: Buffer | null = null;
  private outPos = 0;
  /** Registers handed to the hot loops. */
  private readonly regs = new Float64Array(5);

  /** `expectedSize` is the member's declared (original) size; `onData` receives decoded chunks. */
  constructor(expectedSize: number, onData?: (chunk: Buffer) => void) {
    this.expected = expectedSize;
    this.onData = onData;
  }

  /** Feeds packed bytes; bytes after the EOF code are ignored. */
  write(chunk: Uint8Array): void {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.phase) {
        case 'maxlev': {
          this.maxlev = chunk[pos++]!;
          if (this.maxlev < 1 || this.maxlev > MAX_LEVELS) return this.fail(`bad code length table (maxlev ${this.maxlev})`);
          this.phase = 'counts';
          break;
        }
        case 'counts': {
          this.counts.push(chunk[pos++]!);
          if (this.counts.length === this.maxlev) this.prepareLeaves();
          break;
        }
        case 'leaves': {
          const n = Math.min(this.leavesNeeded - this.leafCount, chunk.length - pos);
          this.leaves.set(chunk.subarray(pos, pos + n), this.leafCount);
          this.leafCount += n;
          pos += n;
          if (this.leafCount === this.leavesNeeded) this.buildTree();
          break;
        }
        case 'bits':
          this.decodeBits(chunk, pos);
          return;
        case 'done':
        case 'failed':
          return;
      }
    }
  }

  /** Finishes the member: checks that the EOF code was seen and that the size matches. */
  end(): HuffmanResult {
    if (this.phase === 'bits') this.drain();
    if (this.phase !== 'done' && this.phase !== 'failed') {
      this.flush();
      this.fail(
        this.phase === 'bits'
          ? `packed data ended before its end code after ${this.produced} of ${this.expected} bytes`
          : 'packed data ended inside its code table',
      );
    }
    return { ok: this.phase === 'done', decodedBytes: this.produced, error: this.error };
  }

  private fail(message: string): void {
    if (this.phase === 'failed') return;
    this.phase = 'failed';
    this.error = message;
  }

  private prepareLeaves(): void {
    // pack stores the deepest level's leaf count minus 2; the bytes present are Σcounts + 1
    // (the EOF leaf is implicit).
    let total = 0;
    for (const c of this.counts) total += c;
    this.leavesNeeded = total + 1;
    this.leaves = new Uint8Array(total + 2);
    this.phase = 'leaves';
  }

  private buildTree(): void {
    const L = this.maxlev;
    const leavesPerLevel = new Int32Array(L + 1);
    for (let i = 1; i <= L; i++) leavesPerLevel[i] = this.counts[i - 1]!;
    leavesPerLevel[L] = leavesPerLevel[L]! + 2;
    this.leafStart = new Int32Array(L + 2);
    let at = 0;
    for (let i = 1; i <= L; i++) {
      this.leafStart[i] = at;
      at += leavesPerLevel[i]!;
    }
    this.eofIndex = at - 1;
    // Internal nodes per level, from the bottom up (unpack.c); a valid tree has exactly one root.
    this.intnodes = new Int32Array(L + 1);
    let nchildren = 0;
    for (let i = L; i >= 1; i--) {
      if (nchildren % 2 !== 0) return this.fail('code length table does not describe a full tree');
      nchildren /= 2;
      this.intnodes[i] = nchildren;
      nchildren += leavesPerLevel[i]!;
    }
    if (nchildren !== 2) return this.fail('code length table does not describe a full tree');
    // At level l, leaf j has the l-bit code intnodes[l] + j; codes below intnodes[l] are prefixes.
    // A window wider than the longest code still works (codes fill ranges) and holds more codes.
    const K = TABLE_BITS;
    this.tableBits = K;
    this.table = new Int32Array(1 << K).fill(LONG);
    for (let l = 1; l <= Math.min(K, L); l++) {
      const first = this.intnodes[l]!;
      for (let j = 0; j < leavesPerLevel[l]!; j++) {
        const from = (first + j) << (K - l);
        this.table.fill((l << 16) | (this.leafStart[l]! + j), from, from + (1 << (K - l)));
      }
    }
    this.buildMulti(K);
    this.phase = 'bits';
    if (this.onData) this.out = Buffer.allocUnsafe(Math.max(2 * MULTI_MAX, Math.min(OUT_CHUNK, this.expected)));
  }

  /**
   * For each K-bit window, the whole codes it holds (up to MULTI_MAX, stopping before EOF or a
   * long code). A code after the first is valid only if it fits in the window's remaining bits.
   */
  private buildMulti(K: number): void {
    const size = 1 << K;
    const mask = size - 1;
    const table = this.table;
    const leaves = this.leaves;
    const eof = this.eofIndex;
    const multi = new Int32Array(size);
    const syms = new Uint8Array(size * MULTI_MAX);
    for (let w = 0; w < size; w++) {
      let bits = 0;
      let n = 0;
      while (n < MULTI_MAX) {
        const e = table[(w << bits) & mask]!;
        if (e === LONG) break;
        const len = e >>> 16;
        const leaf = e & 0xffff;
        if (bits + len > K || leaf === eof) break;
        syms[w * MULTI_MAX + n] = leaves[leaf]!;
        n++;
        bits += len;
      }
      multi[w] = n === 0 ? 0 : (bits << 8) | n;
    }
    this.multi = multi;
    this.multiSyms = syms;
  }

  /** Emits leaf `leaf`; returns false when decoding has ended (EOF or error). */
  private emit(leaf: number): boolean {
    if (leaf === this.eofIndex) {
      this.flush();
      if (this.produced !== this.expected) this.fail(`unpack: file size error (decoded ${this.produced} bytes, declared ${this.expected})`);
      else this.phase = 'done';
      return false;
    }
    if (this.produced === this.expected) {
      this.flush();
      this.fail(`unpack: file size error (decodes to more than the declared ${this.expected} bytes)`);
      return false;
    }
    this.produced++;
    const out = this.out;
    if (out !== null) {
      if (this.outPos >= out.length) this.flush();
      out[this.outPos++] = this.leaves[leaf]!;
    }
    return true;
  }

  /** Walks the tree with the bits in hand; returns false when decoding has ended. */
  private walk(): boolean {
    const intnodes = this.intnodes;
    while (this.bitcount > 0) {
      this.bitcount--;
      const bit = (this.bitbuf >>> this.bitcount) & 1;
      this.bitbuf &= (1 << this.bitcount) - 1;
      this.walkLev++;
      this.walkCode = this.walkCode * 2 + bit;
      const j = this.walkCode - intnodes[this.walkLev]!;
      if (j >= 0) {
        const lev = this.walkLev;
        this.walkLev = 0;
        this.walkCode = 0;
        if (!this.emit(this.leafStart[lev]! + j)) return false;
        return true;
      }
      if (this.walkLev >= this.maxlev) {
        this.fail('invalid code in packed data');
        return false;
      }
    }
    return true;
  }

  private decodeBits(chunk: Uint8Array, start: number): void {
    const K = this.tableBits;
    const r = this.regs;
    let pos = start;
    for (;;) {
      while (this.bitcount <= 16 && pos < chunk.length) {
        this.bitbuf = (this.bitbuf << 8) | chunk[pos++]!;
        this.bitcount += 8;
      }
      if (this.walkLev > 0 || this.bitcount < K) {
        // Inside a long code, or the last bits of the chunk: go bit by bit.
        if (this.bitcount === 0) return;
        if (!this.walk()) return;
        continue;
      }
      r[R_BITBUF] = this.bitbuf;
      r[R_BITCOUNT] = this.bitcount;
      r[R_PRODUCED] = this.produced;
      r[R_OUTPOS] = this.outPos;
      r[R_POS] = pos;
      const why =
        this.out === null
          ? countCodes(chunk, r, K, this.multi, this.expected)
          : decodeCodes(chunk, r, K, this.multi, this.multiSyms, this.expected, this.out);
      this.bitbuf = r[R_BITBUF]!;
      this.bitcount = r[R_BITCOUNT]!;
      this.produced = r[R_PRODUCED]!;
      this.outPos = r[R_OUTPOS]!;
      pos = r[R_POS]!;
      switch (why) {
        case NEED_INPUT:
          break;
        case OUT_FULL:
          this.flush();
          break;
        case CAREFUL: {
          // A long code, the end code, or a code past the declared size.
          const prefix = (this.bitbuf >>> (this.bitcount - K)) & ((1 << K) - 1);
          const e = this.table[prefix]!;
          if (e === LONG) {
            this.walkLev = K;
            this.walkCode = prefix;
            this.bitcount -= K;
          } else {
            this.bitcount -= e >>> 16;
          }
          this.bitbuf &= (1 << this.bitcount) - 1;
          if (e !== LONG && !this.emit(e & 0xffff)) return;
          break;
        }
      }
    }
  }

  /** At the end of input: decode what the remaining bits still hold. */
  private drain(): void {
    while (this.phase === 'bits' && this.bitcount > 0) {
      if (!this.walk()) return;
    }
  }

  private flush(): void {
    if (this.out === null || this.outPos === 0 || !this.onData) return;
    this.onData(Buffer.from(this.out.subarray(0, this.outPos)));
    this.outPos = 0;
  }
}

/** Decodes a whole packed member held in memory (tests, small members). */
export function decodePacked(data: Uint8Array, expectedSize: number): { result: HuffmanResult; output: Buffer } {
  const parts: Buffer[] = [];
  const dec = new HuffmanDecoder(expectedSize, (c) => parts.push(c));
  dec.write(data);
  const result = dec.end();
  return { result, output: Buffer.concat(parts) };
}
