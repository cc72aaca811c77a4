/**
 * End to end through the real `sysbtape` executable: make a small synthetic image set, then inspect
 * and list it the way an operator would, and check exit codes on a damaged copy.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, readSync, closeSync, rmSync, writeSync, fstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../unit/aix/fixtures.ts';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin/sysbtape.js');
const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-inspect-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sysbtape(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  const made = await sysbtape('make-images', '--out', dir, '--mksysb-size', '4MiB', '--seed', '7', '--tapeblksz', '1024 NONE');
  expect(made.code).toBe(0);
}, 120_000);

describe('sysbtape inspect and list on a synthetic image set', () => {
  it('identifies each image and finds it clean', async () => {
    const boot = await sysbtape('inspect', path.join(dir, '1_bosboot.img'));
    expect(boot.code).toBe(0);
    expect(boot.out).toMatch(/^kind: +bosboot tape boot image \(record 1\)$/m);
    const inst = await sysbtape('inspect', path.join(dir, '2_mkinsttape.img'));
    expect(inst.code).toBe(0);
    expect(inst.out).toMatch(/^tapeblksz: +'1024 NONE' -> record 4 block size 1024$/m);
    const mksysb = await sysbtape('inspect', '--json', path.join(dir, '4_mksysb.img'));
    expect(mksysb.code).toBe(0);
    const report = JSON.parse(mksysb.out) as {
      kind: string;
      problems: unknown[];
      archive: { summary: { memberCount: number; complete: boolean }; imageData: { volumeGroup: string; fileSystems: unknown[] } };
    };
    expect(report.kind).toBe('mksysb');
    expect(report.problems).toEqual([]);
    expect(report.archive.summary.complete).toBe(true);
    expect(report.archive.imageData.volumeGroup).toBe('rootvg');
    expect(report.archive.imageData.fileSystems.length).toBeGreaterThan(0);
    const list = await sysbtape('list', '--check-data', path.join(dir, '4_mksysb.img'));
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^files archived: ${report.archive.summary.memberCount}$`, 'm'));
    expect(list.out.split('\n')[0]).toMatch(/^ +\d+ \.\/bosinst\.data$/);
  }, 120_000);

  it('exits 1 with offsets for a damaged copy', async () => {
    const bad = path.join(dir, 'damaged.img');
    copyFileSync(path.join(dir, '4_mksysb.img'), bad);
    // Flip one bit in the third member's header (found by reading the first headers).
    const fd = openSync(bad, 'r+');
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    readSync(fd, head, 0, head.length, 0);
    let at = 72;
    for (let i = 0; i < 2; i++) {
      const len = head[at]! * 8;
      const dataLen = head.readInt32LE(at + (head.readUInt16LE(at + 2) === 60012 ? 56 : 24));
      const acl = (head.readUInt32LE(at + len) + head.readUInt32LE(at + len + 4)) * 8;
      at += len + 8 + acl + ((dataLen + 7) & ~7);
    }
    writeSync(fd, Buffer.from([head[at + 12]! ^ 0x04]), 0, 1, at + 12);
    closeSync(fd);
    const r = await sysbtape('inspect', bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`problem at offset ${at}: checksum error`);
    expect(r.out).toMatch(/resynchronised at offset \d+/);
  }, 120_000);
});
