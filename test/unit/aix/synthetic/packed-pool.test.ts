import { describe, expect, it } from 'vitest';
import { contentPoolFor } from '../../../../electron/services/aix/synthetic/content-pool.ts';
import { SeededRandom } from '../../../../electron/services/aix/synthetic/seeded-random.ts';
import { unpackReference } from './unpack-reference.ts';

describe('pre-encoded content pools', () => {
  const pool = contentPoolFor(5);

  it.each(['text', 'object'] as const)('every %s member packed by copying the pool bitstream decodes to its bytes', (kind) => {
    const rng = new SeededRandom(1);
    let packedCount = 0;
    for (let i = 0; i < 60; i++) {
      const size = rng.logSize(4000, 300_000);
      const { data, packed } = pool.member(kind, size, rng, true);
      expect(data.length).toBe(size);
      if (packed) {
        packedCount++;
        expect(size - packed.length).toBeGreaterThanOrEqual(4096);
        expect(unpackReference(packed, size).equals(data)).toBe(true);
      }
    }
    expect(packedCount).toBeGreaterThan(30);
  });

  it('chooses the same contents whether packing is on or off', () => {
    const a = pool.member('text', 50_000, new SeededRandom(9), true);
    const b = pool.member('text', 50_000, new SeededRandom(9), false);
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.packed).not.toBeNull();
    expect(b.packed).toBeNull();
  });

  it('never packs random data', () => {
    expect(pool.member('random', 100_000, new SeededRandom(2), true).packed).toBeNull();
  });
});
