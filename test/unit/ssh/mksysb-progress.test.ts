import { describe, expect, it } from 'vitest';
import { MKSYSB_SUCCESS, MksysbProgressParser } from '../../../electron/services/ssh/mksysb-progress.ts';

const TRANSCRIPT =
  '\nCreating information file (/image.data) for rootvg.\n\nCreating list of files to back up.\n' +
  '\nBacking up 102488 files......\n59969 of 102488 files (58%)....\n80239 of 102488 files (78%)..\n' +
  '102488 of 102488 files backed up (100%)\n0512-038 mksysb: Backup Completed Successfully.\n';

describe('MksysbProgressParser', () => {
  it('reads counts from the whole transcript at once', () => {
    const p = new MksysbProgressParser();
    expect(p.push(TRANSCRIPT)).toEqual({ files: 102488, totalFiles: 102488, percent: 100 });
    expect(p.totalFiles).toBe(102488);
  });

  it('reads counts split at every possible byte boundary', () => {
    for (const size of [1, 2, 3, 7, 13]) {
      const p = new MksysbProgressParser();
      const seen: number[] = [];
      for (let i = 0; i < TRANSCRIPT.length; i += size) {
        const got = p.push(TRANSCRIPT.slice(i, i + size));
        if (got) seen.push(got.percent);
      }
      expect(seen).toEqual([58, 78, 100]);
    }
  });

  it('does not report the same count twice', () => {
    const p = new MksysbProgressParser();
    expect(p.push('10 of 20 files (50%)')).toBeDefined();
    expect(p.push('....')).toBeUndefined();
  });

  it('recognises the success message only when present', () => {
    expect(MKSYSB_SUCCESS.test(TRANSCRIPT)).toBe(true);
    expect(MKSYSB_SUCCESS.test('0512-005 mksysb: Backup Completed.\n The backup command completed with errors.')).toBe(false);
  });
});
