import { describe, expect, it } from 'vitest';
import { parseSize, exitCodeFor } from '../../../electron/cli/command-kit.ts';
import { SysbError } from '../../../shared/errors.ts';

describe('parseSize', () => {
  it('reads binary units', () => {
    expect(parseSize('64MiB')).toBe(64 * 1024 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1048576')).toBe(1048576);
  });
  it('names what was wrong', () => {
    expect(() => parseSize('lots')).toThrow(/not a size: 'lots'/);
    expect(() => parseSize('0')).toThrow(/out of range/);
  });
});

describe('exitCodeFor', () => {
  it('gives 2 for usage errors and 1 for the rest', () => {
    expect(exitCodeFor(new SysbError('USAGE', 'x'))).toBe(2);
    expect(exitCodeFor(new SysbError('TAPE_IO', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('x'))).toBe(1);
  });
});
