/**
 * A small, fast, seeded pseudo-random generator (mulberry32) so synthetic images are the same
 * bytes for the same seed on every machine. Not for anything security-related.
 */

/** Deterministic random numbers for a given 32-bit seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3…) give unrelated streams.
    this.state = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0x6d2b79f5) >>> 0;
  }

  /** Next unsigned 32-bit value. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /** A size drawn log-uniformly between min and max, which is how file sizes on a real system spread. */
  logSize(min: number, max: number): number {
    const lo = Math.log(min);
    const hi = Math.log(max);
    return Math.round(Math.exp(lo + this.next() * (hi - lo)));
  }

  /** Fills a buffer with random bytes, four at a time. */
  fill(buf: Uint8Array): void {
    const whole = buf.length & ~3;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let i = 0; i < whole; i += 4) view.setUint32(i, this.nextU32(), true);
    for (let i = whole; i < buf.length; i++) buf[i] = this.nextU32() & 0xff;
  }

  /** A child generator whose stream depends only on this one's next value (for independent sub-plans). */
  fork(): SeededRandom {
    return new SeededRandom(this.nextU32());
  }
}
