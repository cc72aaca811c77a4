/** Parsers of the AIX fact commands (real AIX layouts) and the media-fit check. */
import { describe, expect, it } from 'vitest';
import { mediaFit, suggestedExcludes } from '../../../electron/services/readiness/readiness-checks.ts';
import {
  excludePatternPath,
  parseDuSk,
  parseKernelBits,
  parseLsps,
  parseLsvgL,
  parseLsvgO,
  parseMount,
  parsePsArgs,
} from '../../../electron/services/readiness/server-facts.ts';

describe('AIX fact parsers', () => {
  it('lsvg -l rootvg: LV name, type, LPs, PPs, PVs, state and mount point (N/A is none)', () => {
    const lvs = parseLsvgL(`rootvg:
LV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT
hd5                 boot       1       1       1    closed/syncd  N/A
hd4                 jfs2       4       4       1    open/syncd    /
fslv00              jfs2       16      16      1    closed/syncd  /data
oraraw01            raw        32      64      2    open/syncd    N/A
`);
    expect(lvs).toEqual([
      { name: 'hd5', type: 'boot', lps: 1, pps: 1, pvs: 1, state: 'closed/syncd', mountPoint: null },
      { name: 'hd4', type: 'jfs2', lps: 4, pps: 4, pvs: 1, state: 'open/syncd', mountPoint: '/' },
      { name: 'fslv00', type: 'jfs2', lps: 16, pps: 16, pvs: 1, state: 'closed/syncd', mountPoint: '/data' },
      { name: 'oraraw01', type: 'raw', lps: 32, pps: 64, pvs: 2, state: 'open/syncd', mountPoint: null },
    ]);
    expect(() => parseLsvgL('hd5 boot 1\n')).toThrow(/unexpected lsvg -l line/);
  });

  it('mount: local lines have no node; NFS lines start with the node', () => {
    const m = parseMount(`  node       mounted        mounted over    vfs       date        options
-------- ---------------  ---------------  ------ ------------ ---------------
         /dev/hd4         /                jfs2   Nov 21 02:14 rw,log=/dev/hd8
         /proc            /proc            procfs Nov 21 02:14 rw
nimsrv   /export/mksysb   /mnt             nfs3   Nov 21 03:00 rw,hard
`);
    expect(m).toEqual([
      { node: null, device: '/dev/hd4', mountPoint: '/', vfs: 'jfs2' },
      { node: null, device: '/proc', mountPoint: '/proc', vfs: 'procfs' },
      { node: 'nimsrv', device: '/export/mksysb', mountPoint: '/mnt', vfs: 'nfs3' },
    ]);
  });

  it('lsvg -o, lsps -a, ps -e -o args, bootinfo -K, du -sk', () => {
    expect(parseLsvgO('datavg\nrootvg\n')).toEqual(['datavg', 'rootvg']);
    expect(
      parseLsps(
        'Page Space      Physical Volume   Volume Group    Size %Used   Active    Auto    Type   Chksum\nhd6             hdisk0            rootvg         512MB     3     yes     yes      lv       0\n',
      ),
    ).toEqual([{ name: 'hd6', pv: 'hdisk0', vg: 'rootvg', size: '512MB', active: true }]);
    expect(parsePsArgs('COMMAND\n/etc/init\nora_pmon_PROD\n')).toEqual(['/etc/init', 'ora_pmon_PROD']);
    expect(parseKernelBits('64\n')).toBe(64);
    expect(parseKernelBits('garbage')).toBeNull();
    expect(parseDuSk('1234\t/home/dbadmin\n')).toBe(1234);
  });

  it('exclude patterns: the literal directory du can measure, or null when the pattern is narrower', () => {
    expect(excludePatternPath('^./tmp/')).toBe('/tmp');
    expect(excludePatternPath('^./opt/app/data/.*')).toBe('/opt/app/data');
    expect(excludePatternPath('^./a\\.b/')).toBe('/a.b');
    expect(excludePatternPath('^./var/log/.*\\.gz$')).toBeNull();
    expect(excludePatternPath('\\.log$')).toBeNull();
  });
});

describe('TOO_BIG_FOR_MEDIA', () => {
  const dirs = [
    { path: '/usr/lib', bytes: 9e11 },
    { path: '/data/oracle', bytes: 8e11 },
    { path: '/home/bulk', bytes: 1e11 },
  ];
  it('is an error for a cartridge too small, ok for a bigger one, and suggests only non-system directories', () => {
    const input = { tapeBytes: 1.8e12, largestDirectories: dirs, server: 'aix1' };
    const l5 = mediaFit(input, 'L5');
    expect(l5.level).toBe('error');
    expect(l5.detail).toMatch(/more than the native capacity of an L5 \(1\.5 TB\)/);
    expect(l5.detail).toMatch(/\/usr\/lib 900 GB, \/data\/oracle 800 GB/);
    expect(l5.fix).toContain("sysbtape server exclude aix1 --add '^./data/oracle/' --yes");
    expect(l5.fix).not.toContain('usr/lib');
    expect(mediaFit(input, 'L6').level).toBe('ok');
    expect(mediaFit(input, null)).toMatchObject({ level: 'warning' });
    expect(mediaFit(input, null).detail).toContain('L5, LV');
    expect(suggestedExcludes(dirs)).toEqual(['^./data/oracle/', '^./home/bulk/']);
  });
});
