/** The synthetic mksysb's exclude option (what the simulated `mksysb -e` uses). */
import { describe, expect, it } from 'vitest';
import { imageSetTexts } from '../../../../electron/services/aix/synthetic/image-set.ts';
import {
  type MksysbOptions,
  type MksysbProgress,
  mksysbChunks,
  mksysbMemberCount,
} from '../../../../electron/services/aix/synthetic/mksysb-image.ts';
import { walkArchive, type WalkedRecord } from './walk-archive.ts';

const MiB = 1024 * 1024;

function options(extra: Partial<MksysbOptions> = {}): MksysbOptions {
  return { seed: 5, sizeBytes: MiB, date: 1_768_444_200, pack: true, ...imageSetTexts({ mksysbSize: MiB }), ...extra };
}

function members(opts: MksysbOptions): WalkedRecord[] {
  return walkArchive(Buffer.concat([...mksysbChunks(opts)])).records.filter((r) => r.type === 11 || r.type === 12);
}

const nameOf = (r: WalkedRecord): string => r.name!.toString('latin1');

describe('synthetic mksysb with an exclude test', () => {
  const full = members(options());
  const excludeTmp = (name: string): boolean => name.startsWith('./tmp/');
  let last: MksysbProgress | undefined;
  const cut = members(
    options({
      exclude: excludeTmp,
      onProgress: (p) => {
        last = p;
      },
    }),
  );

  it('holds files an operator would exclude when nothing is excluded', () => {
    const names = full.map(nameOf);
    expect(names).toEqual(
      expect.arrayContaining(['./tmp', './tmp/perf/vmstat.out', './tmp/ibmsupt/general/general.snap', './home/scratch/extract.sql']),
    );
  });

  it('leaves out exactly the matching members; the kept ones have the same inode, size and data as without it', () => {
    const kept = full.filter((r) => !excludeTmp(nameOf(r)));
    expect(kept.length).toBeLessThan(full.length);
    // the filler at the end is sized to the (smaller) archive; compare everything before it
    expect(cut.map(nameOf)).toEqual(kept.map(nameOf));
    for (const [i, r] of cut.slice(0, -1).entries()) {
      const k = kept[i]!;
      expect({ name: nameOf(r), ino: r.ino, size: r.size, mode: r.mode }).toEqual({
        name: nameOf(k),
        ino: k.ino,
        size: k.size,
        mode: k.mode,
      });
      expect(r.data?.equals(k.data ?? Buffer.alloc(0)) ?? k.data === undefined).toBe(true);
    }
    expect(mksysbMemberCount(options({ exclude: excludeTmp }))).toBe(cut.length);
    expect(last).toMatchObject({ membersWritten: cut.length, membersTotal: cut.length });
  });

  it('keeps ./bosinst.data and ./image.data even when a pattern matches them', () => {
    const names = members(options({ exclude: (n) => n.endsWith('.data') || n.startsWith('./usr/') })).map(nameOf);
    expect(names.slice(0, 2)).toEqual(['./bosinst.data', './image.data']);
    expect(names.filter((n) => n.startsWith('./usr/'))).toEqual([]);
    expect(names).toContain('./usr');
  });
});
