import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PosixCksum } from '../../../electron/services/ssh/posix-cksum.ts';

describe('PosixCksum', () => {
  it.each([0, 1, 255, 256, 65537, 300_000])('matches the cksum command for %i random bytes', (n) => {
    const data = randomBytes(n);
    const expected = execFileSync('cksum', { input: data, encoding: 'utf8' }).trim().split(/\s+/);
    const ck = new PosixCksum();
    // feed in uneven pieces to exercise the incremental path
    for (let i = 0; i < data.length; i += 4093) ck.update(data.subarray(i, i + 4093));
    expect(`${ck.digest()} ${n}`).toBe(`${expected[0]} ${expected[1]}`);
  });
});
