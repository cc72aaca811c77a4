import { describe, expect, it } from 'vitest';
import { HuffmanDecoder, decodePacked } from '../../../electron/services/aix/huffman-decoder.ts';
import { fixture } from './fixtures.ts';

const encoded = fixture('huffman_encoded.bin');
const decoded = fixture('huffman_decoded.bin');

describe('pack(1) Huffman decoder', () => {
  it('decodes the reference vector byte for byte', () => {
    const { result, output } = decodePacked(encoded, decoded.length);
    expect(result).toEqual({ ok: true, decodedBytes: 13892, error: null });
    expect(output.equals(decoded)).toBe(true);
  });

  it('gives the same bytes whatever the input chunking', () => {
    for (const step of [1, 2, 3, 5, 64, 1000]) {
      const parts: Buffer[] = [];
      const dec = new HuffmanDecoder(decoded.length, (c) => parts.push(c));
      for (let i = 0; i < encoded.length; i += step) dec.write(encoded.subarray(i, i + step));
      expect(dec.end().ok).toBe(true);
      expect(Buffer.concat(parts).equals(decoded)).toBe(true);
    }
  });

  it('counts without a consumer and still checks the size', () => {
    const dec = new HuffmanDecoder(decoded.length);
    dec.write(encoded);
    expect(dec.end()).toEqual({ ok: true, decodedBytes: decoded.length, error: null });
  });

  it('reports a declared size that is too small or too big', () => {
    const small = decodePacked(encoded, decoded.length - 1);
    expect(small.result.ok).toBe(false);
    expect(small.result.error).toMatch(/file size error/);
    expect(small.output.length).toBeLessThanOrEqual(decoded.length - 1);
    const big = decodePacked(encoded, decoded.length + 1);
    expect(big.result.ok).toBe(false);
    expect(big.result.error).toMatch(/decoded 13892 bytes, declared 13893/);
  });

  it('reports data cut short and a broken code table', () => {
    const cut = decodePacked(encoded.subarray(0, 3000), decoded.length);
    expect(cut.result.ok).toBe(false);
    expect(cut.result.error).toMatch(/ended before its end code/);
    expect(decodePacked(Buffer.from([0]), 10).result.error).toMatch(/maxlev 0/);
    expect(decodePacked(Buffer.from([30]), 10).result.error).toMatch(/maxlev 30/);
    // Two levels, one leaf at level 1 and (0+2) at level 2 is a full tree; three at level 1 is not.
    expect(decodePacked(Buffer.from([2, 3, 0, 65, 66, 67, 68]), 10).result.error).toMatch(/full tree/);
    expect(decodePacked(Buffer.from([2]), 10).result.error).toMatch(/inside its code table/);
  });

  it('decodes a tiny hand-made stream', () => {
    // maxlev 2; level 1: one leaf 'A' (code 1); level 2 stored 0 (+2): 'B' (code 00) and EOF (code 01).
    // Bits: A=1, B=00, A=1, EOF=01 -> 1001 01xx = 0x94.
    const { result, output } = decodePacked(Buffer.from([2, 1, 0, 0x41, 0x42, 0x94]), 3);
    expect(result.ok).toBe(true);
    expect(output.toString()).toBe('ABA');
  });

  it('never crashes on random input', () => {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 2000; n++) {
      const len = rnd() % 200;
      const data = Buffer.alloc(len);
      for (let i = 0; i < len; i++) data[i] = rnd() & 0xff;
      if (len > 0) data[0] = (data[0]! % 24) + 1;
      const r = decodePacked(data, rnd() % 1000);
      expect(r.output.length).toBe(r.result.decodedBytes);
      expect(typeof r.result.ok).toBe('boolean');
    }
  });
});

describe("pack(1) decoder against the synthetic writer's encoder", () => {
  it('round-trips many shapes of data at many chunk sizes', async () => {
    const { packEncode } = await import('../../../electron/services/aix/synthetic/pack-encoder.ts');
    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let longCodes = 0;
    for (let n = 0; n < 60; n++) {
      const alphabet = 1 + rnd(256);
      const len = 1 + rnd(70_000);
      const data = Buffer.alloc(len);
      // Skewed distributions give long codes (past the 11-bit table) as well as short ones.
      for (let i = 0; i < len; i++)
        data[i] = Math.min(alphabet - 1, Math.floor((-Math.log(1 - rnd(999_999) / 1_000_000) * alphabet) / 8)) ^ (n & 0x55);
      const packed = packEncode(data);
      if (packed === null) continue;
      if (packed[0]! > 11) longCodes++;
      const step = 1 + rnd(5000);
      const parts: Buffer[] = [];
      const dec = new HuffmanDecoder(len, (c) => parts.push(c));
      for (let i = 0; i < packed.length; i += step) dec.write(packed.subarray(i, i + step));
      expect(dec.end()).toEqual({ ok: true, decodedBytes: len, error: null });
      expect(Buffer.concat(parts).equals(data)).toBe(true);
    }
    expect(longCodes).toBeGreaterThan(0);
  });
});
