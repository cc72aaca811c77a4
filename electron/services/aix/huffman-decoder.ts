/**
 * Streaming decoder for packed members (magic 60012): the classic pack(1) Huffman stream without
 * pack's 6-byte prefix (aix-formats.md §4.6). Input arrives in arbitrary chunks; output is emitted
 * in chunks and checked against the member's declared size, like restore's "Unpack: file size error".
 *
 * Speed: decoding walks a byte-at-a-time state machine (one table lookup per input byte emits up to
 * eight symbols). Rows of that table are built lazily, so a small member only pays for the states
 * it visits.
 */

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
  // Tree description in unpack.c terms: for each level, the number of internal nodes and where
  // its leaves start in `leaves`.
  private intnodes: Int32Array = new Int32Array(0);
  private leafStart: Int32Array = new Int32Array(0);
  private stateBase: Int32Array = new Int32Array(0);
  private stateCount = 0;
  private eofIndex = 0;
  // Lazily built state machine: per (state, byte) the symbols emitted, their count (0x10 = EOF
  // reached after them, 0x20 = invalid code) and the next state.
  private rowBuilt: Uint8Array = new Uint8Array(0);
  private fsmSyms: Uint8Array = new Uint8Array(0);
  private fsmInfo: Uint8Array = new Uint8Array(0);
  private fsmNext: Uint16Array = new Uint16Array(0);
  private state = 0;
  private out: Buffer | null = null;
  private outPos = 0;

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
    if (this.phase !== 'done' && this.phase !== 'failed') {
      this.flush();
      this.fail(this.phase === 'bits'
        ? `packed data ended before its end code after ${this.produced} of ${this.expected} bytes`
        : 'packed data ended inside its code table');
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
    for (let i = 1; i <= L; i++) { this.leafStart[i] = at; at += leavesPerLevel[i]!; }
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
    // States: the root, then every internal node of levels 1..L-1 (a bit read from a node of level
    // l lands on level l+1).
    this.stateBase = new Int32Array(L + 1);
    let states = 1;
    for (let l = 1; l < L; l++) { this.stateBase[l] = states; states += this.intnodes[l]!; }
    if (states > 0xffff) return this.fail('code table too large');
    this.stateCount = states;
    this.rowBuilt = new Uint8Array(states);
    this.fsmSyms = new Uint8Array(states * 256 * 8);
    this.fsmInfo = new Uint8Array(states * 256);
    this.fsmNext = new Uint16Array(states * 256);
    this.state = 0;
    this.phase = 'bits';
    if (this.onData) this.out = Buffer.allocUnsafe(Math.min(OUT_CHUNK, Math.max(this.expected, 1)));
  }

  private buildRow(s: number): void {
    // Recover (level, index) of state s; levels without internal nodes share their base with the
    // level below, so search from the deepest level up.
    let lev = 0;
    let idx = 0;
    if (s !== 0) {
      for (let l = this.maxlev - 1; l >= 1; l--) {
        if (s >= this.stateBase[l]!) { lev = l; idx = s - this.stateBase[l]!; break; }
      }
    }
    const intnodes = this.intnodes;
    for (let b = 0; b < 256; b++) {
      let l = lev;
      let i = idx;
      let n = 0;
      let info = 0;
      const base = (s * 256 + b) * 8;
      for (let bit = 7; bit >= 0; bit--) {
        l++;
        i = i * 2 + ((b >> bit) & 1);
        const j = i - intnodes[l]!;
        if (j >= 0) {
          const leaf = this.leafStart[l]! + j;
          if (leaf === this.eofIndex) { info = 0x10; break; }
          if (l === this.maxlev && leaf > this.eofIndex) { info = 0x20; break; }
          this.fsmSyms[base + n++] = this.leaves[leaf]!;
          l = 0;
          i = 0;
        } else if (l >= this.maxlev) {
          info = 0x20;
          break;
        }
      }
      this.fsmInfo[s * 256 + b] = info | n;
      this.fsmNext[s * 256 + b] = l === 0 ? 0 : this.stateBase[l]! + i;
    }
    this.rowBuilt[s] = 1;
  }

  private decodeBits(chunk: Uint8Array, start: number): void {
    const info = this.fsmInfo;
    const next = this.fsmNext;
    const syms = this.fsmSyms;
    const built = this.rowBuilt;
    const expected = this.expected;
    let state = this.state;
    let produced = this.produced;
    const out = this.out;
    for (let p = start; p < chunk.length; p++) {
      if (built[state] === 0) this.buildRow(state);
      const k = state * 256 + chunk[p]!;
      const inf = info[k]!;
      const n = inf & 0x0f;
      if (produced + n > expected) {
        this.produced = produced;
        this.flush();
        return this.fail(`unpack: file size error (decodes to more than the declared ${expected} bytes)`);
      }
      if (out !== null && n > 0) {
        const base = k * 8;
        for (let q = 0; q < n; q++) {
          out[this.outPos++] = syms[base + q]!;
          if (this.outPos === out.length) this.flush();
        }
      }
      produced += n;
      if (inf >= 0x10) {
        this.produced = produced;
        this.flush();
        if (inf & 0x20) return this.fail('invalid code in packed data');
        if (produced !== expected) return this.fail(`unpack: file size error (decoded ${produced} bytes, declared ${expected})`);
        this.phase = 'done';
        return;
      }
      state = next[k]!;
    }
    this.state = state;
    this.produced = produced;
  }

  private flush(): void {
    if (this.out === null || this.outPos === 0 || !this.onData) return;
    this.onData(Buffer.from(this.out.subarray(0, this.outPos)));
    this.outPos = 0;
  }

  /** Number of states of the decoding machine (for tests and diagnostics). */
  get states(): number {
    return this.stateCount;
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
