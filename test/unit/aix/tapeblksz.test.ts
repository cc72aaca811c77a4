import { describe, expect, it } from 'vitest';
import { SysbError } from '../../../shared/errors.ts';
import {
  formatTapeblksz,
  parseTapeblksz,
  record4BlockSize,
  restoreReadBytes,
  tapeblkszError,
  tapeblkszWarnings,
} from '../../../electron/services/aix/tapeblksz.ts';

describe('tapeblksz', () => {
  it('parses the usual forms', () => {
    expect(parseTapeblksz('512 NONE\n')).toEqual({ blockSize: 512, blocks: null });
    expect(parseTapeblksz('  1024   NONE  ')).toEqual({ blockSize: 1024, blocks: null });
    expect(parseTapeblksz('262144 512\n')).toEqual({ blockSize: 262144, blocks: 512 });
    expect(parseTapeblksz('0 none')).toEqual({ blockSize: 0, blocks: null });
  });

  it('gives record 4 block size: field 1 when above 512, else 512', () => {
    expect(record4BlockSize(parseTapeblksz('512 NONE'))).toBe(512);
    expect(record4BlockSize(parseTapeblksz('0 NONE'))).toBe(512);
    expect(record4BlockSize(parseTapeblksz('256 NONE'))).toBe(512);
    expect(record4BlockSize(parseTapeblksz('1024 NONE'))).toBe(1024);
    expect(restoreReadBytes(parseTapeblksz('1024 NONE'))).toBe(51200);
    expect(restoreReadBytes(parseTapeblksz('262144 512'))).toBe(262144);
  });

  it('names what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['512', /two fields/],
      ['512 NONE extra', /two fields/],
      ['abc NONE', /block size 'abc'/],
      ['512 0', /second field '0'/],
      ['512 lots', /second field 'lots'/],
      ['512 NONE\n1024 NONE', /2 lines/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        parseTapeblksz(text);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SysbError);
      expect((caught as SysbError).code).toBe('IMAGE_SET_INVALID');
      expect((caught as SysbError).message).toMatch(message);
    }
  });

  it('warns about read sizes restore cannot use', () => {
    expect(tapeblkszWarnings(parseTapeblksz('512 NONE'))).toEqual([]);
    expect(tapeblkszWarnings(parseTapeblksz('1024 NONE'))).toEqual([]);
    expect(tapeblkszWarnings(parseTapeblksz('262144 NONE')).join()).toMatch(/not a multiple of the 262144-byte block size/);
    // A size that breaks the rule is an error (tapeblkszError), not also a warning.
    expect(tapeblkszWarnings(parseTapeblksz('1000 NONE'))).toEqual([]);
    expect(tapeblkszError(parseTapeblksz('1000 NONE'))).toMatch(/not a multiple of 512/);
    expect(formatTapeblksz({ blockSize: 1024, blocks: null })).toBe('1024 NONE\n');
  });
});
