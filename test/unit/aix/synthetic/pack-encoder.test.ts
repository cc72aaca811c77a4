import { describe, expect, it } from 'vitest';
import { PACK_MAX_LEVEL, PACK_MIN_SAVING, packEncode, packIfWorthwhile } from '../../../../electron/services/aix/synthetic/pack-encoder.ts';
import { SeededRandom } from '../../../../electron/services/aix/synthetic/seeded-random.ts';
import { fixture } from '../fixtures.ts';
import { unpackReference } from './unpack-reference.ts';

function randomBytes(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  new SeededRandom(seed).fill(b);
  return b;
}

function roundTrip(data: Uint8Array): Buffer {
  const packed = packEncode(data);
  expect(packed).not.toBeNull();
  return unpackReference(packed!, data.length);
}

describe('pack(1) encoder', () => {
  it('the reference decoder decodes the real vector (so it is a fair judge of the encoder)', () => {
    const decoded = fixture('huffman_decoded.bin');
    expect(unpackReference(fixture('huffman_encoded.bin'), decoded.length).equals(decoded)).toBe(true);
  });

  it('re-encoding the real vector reproduces the bytes AIX backup wrote, exactly', () => {
    const packed = packEncode(fixture('huffman_decoded.bin'))!;
    expect(packed.equals(fixture('huffman_encoded.bin'))).toBe(true);
  });

  it.each([
    ['empty input', Buffer.alloc(0)],
    ['one byte', Buffer.from([0x41])],
    ['a single distinct byte repeated', Buffer.alloc(5000, 0x7a)],
    ['two distinct bytes', Buffer.from('abababababbbbbba')],
    ['all 256 byte values once', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ['all 256 byte values, uneven counts', Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * i) % 256))],
    ['random bytes', randomBytes(7, 100_000)],
    ['text', Buffer.from('The quick brown fox jumps over the lazy dog.\n'.repeat(500))],
  ])('round-trips %s', (_label, data) => {
    expect(roundTrip(data).equals(data)).toBe(true);
  });

  it('round-trips many random inputs with random alphabets and lengths', () => {
    const rng = new SeededRandom(99);
    for (let n = 0; n < 200; n++) {
      const alphabet = rng.int(1, 256);
      const data = Buffer.alloc(rng.int(0, 3000));
      for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.next() ** 3 * alphabet);
      expect(roundTrip(data).equals(data)).toBe(true);
    }
  });

  it('puts the EOF leaf last on the deepest level (stored count minus 2)', () => {
    const packed = packEncode(Buffer.from('aab'))!;
    const maxlev = packed[0]!;
    // "a" ×2 (weight 4), "b" (2), EOF (1): a on level 1, b and EOF on level 2.
    expect(maxlev).toBe(2);
    expect([...packed.subarray(1, 3)]).toEqual([1, 0]);
    expect([...packed.subarray(3, 5)]).toEqual([0x61, 0x62]);
  });

  it('refuses trees deeper than pack allows instead of writing what unpack cannot read', () => {
    // Fibonacci-like counts force one level per symbol.
    const parts: Buffer[] = [];
    let a = 1;
    let b = 1;
    for (let s = 0; s < 30; s++) {
      parts.push(Buffer.alloc(a, s));
      [a, b] = [b, a + b];
    }
    const data = Buffer.concat(parts);
    expect(packEncode(data)).toBeNull();
    expect(PACK_MAX_LEVEL).toBe(24);
  });
});

describe('packIfWorthwhile (what backup -p stores)', () => {
  it('packs text that saves at least 4 KB and the result decodes', () => {
    const text = Buffer.from('errpt -a | grep LABEL; lsdev -Cc tape\n'.repeat(800));
    const packed = packIfWorthwhile(text);
    expect(packed).not.toBeNull();
    expect(text.length - packed!.length).toBeGreaterThanOrEqual(PACK_MIN_SAVING);
    expect(unpackReference(packed!, text.length).equals(text)).toBe(true);
  });

  it('stores random data, small files and already packed files plain', () => {
    expect(packIfWorthwhile(randomBytes(3, 200_000))).toBeNull();
    expect(packIfWorthwhile(Buffer.alloc(3000, 0x20))).toBeNull();
    const alreadyPacked = Buffer.alloc(100_000, 0x20);
    alreadyPacked[0] = 0x1f;
    alreadyPacked[1] = 0x1e;
    expect(packIfWorthwhile(alreadyPacked)).toBeNull();
  });

  it('draws the 4 KB line exactly: saving 4095 bytes is not enough', () => {
    // A single distinct byte costs 1 bit per byte plus a 3-byte header and the EOF bit.
    const justUnder = Buffer.alloc(4680, 0x41); // packed: 3 + ceil(4681/8) = 589 → saves 4091
    const over = Buffer.alloc(4800, 0x41); // packed: 3 + 601 = 604 → saves 4196
    expect(packIfWorthwhile(justUnder)).toBeNull();
    const packed = packIfWorthwhile(over);
    expect(packed?.length).toBe(604);
  });
});
