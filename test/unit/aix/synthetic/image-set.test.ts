import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IMAGE_SET_FILES,
  imageSetTexts,
  resolveImageSetOptions,
  writeImageSet,
} from '../../../../electron/services/aix/synthetic/image-set.ts';
import { buildMkinsttapeImage } from '../../../../electron/services/aix/synthetic/mkinsttape-image.ts';
import { runCli } from '../../../helpers/run-cli.ts';
import { unpackReference } from './unpack-reference.ts';
import { walkArchive } from './walk-archive.ts';

const MiB = 1024 * 1024;
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sysbtape-images-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** name → content of each member (decoded when packed). */
function contents(archive: Buffer): Map<string, Buffer> {
  const map = new Map<string, Buffer>();
  for (const r of walkArchive(archive).records) {
    if (r.type !== 11 && r.type !== 12) continue;
    map.set(r.name!.toString('latin1'), r.magic === 60012 ? unpackReference(r.data!, r.size!) : r.data!);
  }
  return map;
}

describe('mkinsttape image', () => {
  const texts = imageSetTexts({ hostname: 'lpar7', oslevel: '7300-02-01-2346' });
  const base = { seed: 3, date: 1_768_444_200, pack: true, ...texts };

  it('holds ./tapeblksz first, then drivers, ./image.data, ./bosinst.data and tools, on whole clusters', () => {
    const image = buildMkinsttapeImage({ ...base, tapeblksz: '1024 NONE' });
    expect(image.length % 51200).toBe(0);
    const members = contents(image);
    const names = [...members.keys()];
    expect(names[0]).toBe('./tapeblksz');
    expect(members.get('./tapeblksz')!.toString()).toBe('1024 NONE\n');
    expect(names.indexOf('./image.data')).toBeLessThan(names.indexOf('./bosinst.data'));
    expect(names).toContain('./usr/lib/drivers/tape');
    expect(names).toContain('./usr/sbin/restbyname');
    expect(members.get('./image.data')!.toString()).toBe(texts.imageData);
    expect(members.get('./bosinst.data')!.toString()).toBe(texts.bosinstData);
  });

  it('leaves ./tapeblksz out when there is none (standalone mkinsttape)', () => {
    const names = [...contents(buildMkinsttapeImage({ ...base, tapeblksz: null })).keys()];
    expect(names).not.toContain('./tapeblksz');
    expect(names).toContain('./bosinst.data');
  });
});

describe('stanza texts', () => {
  it('image.data carries host, level, date, rootvg, LVs and file systems with sizes', () => {
    const { imageData, bosinstData } = imageSetTexts({ hostname: 'lpar7', oslevel: '7300-02-01-2346', mksysbSize: 512 * MiB });
    expect(imageData).toMatch(/^image_data:\n\tIMAGE_TYPE= bff\n\tDATE_TIME= Thu Jan 15 02:30:00 UTC 2026\n\tUNAME_INFO= AIX lpar7 3 7 /m);
    expect(imageData).toContain('\tOSLEVEL= 7.3.0.0\n');
    expect(imageData).toContain('\tOSLEVEL_S= 7300-02-01-2346\n');
    expect(imageData).toContain('\tVGNAME= rootvg\n');
    expect(imageData.match(/^lv_data:$/gm)!.length).toBe(10);
    const fsNames = [...imageData.matchAll(/\tFS_NAME= (\S+)/g)].map((m) => m[1]);
    expect(fsNames).toEqual(['/', '/usr', '/var', '/tmp', '/home', '/opt']);
    const usrSize = Number(/FS_NAME= \/usr\n\tFS_SIZE= (\d+)/.exec(imageData)![1]);
    expect(usrSize * 512).toBeGreaterThan(0.55 * 512 * MiB);
    // no blank line inside a stanza, one between stanzas
    expect(imageData).not.toMatch(/\n\n\n/);
    expect(bosinstData).toMatch(/^control_flow:\n {4}CONSOLE = Default$/m);
    expect(bosinstData).toMatch(/^target_disk_data:\n {4}PVID = /m);
  });
});

describe('writeImageSet', () => {
  it('writes the three files, deterministic for a seed', async () => {
    const a = await writeImageSet(join(dir, 'a'), { seed: 9, mksysbSize: MiB, bootBlocks: 64 });
    const b = await writeImageSet(join(dir, 'b'), { seed: 9, mksysbSize: MiB, bootBlocks: 64 });
    const c = await writeImageSet(join(dir, 'c'), { seed: 10, mksysbSize: MiB, bootBlocks: 64 });
    expect((await readdir(join(dir, 'a'))).sort()).toEqual([IMAGE_SET_FILES.boot, IMAGE_SET_FILES.mkinsttape, IMAGE_SET_FILES.mksysb]);
    expect(a.bytes).toEqual({ boot: 64 * 512, mkinsttape: a.bytes.mkinsttape, mksysb: 1_075_200 });
    for (const key of ['boot', 'mkinsttape', 'mksysb'] as const) {
      const [x, y, z] = await Promise.all([readFile(a.files[key]), readFile(b.files[key]), readFile(c.files[key])]);
      expect(x.length).toBe(a.bytes[key]);
      expect(x.equals(y)).toBe(true);
      expect(x.equals(z)).toBe(false);
    }
    expect(a.mksysbMembers).toBe(walkArchive(await readFile(a.files.mksysb)).records.length - 2);
  });

  it('writes the fault cases: empty mkinsttape, boot image without magic, no tapeblksz, no packing', async () => {
    const r = await writeImageSet(dir, {
      mksysbSize: 512 * 1024,
      bootBlocks: 8,
      tapeblksz: null,
      pack: false,
      faults: { emptyMkinsttape: true, noBootMagic: true },
    });
    expect((await readFile(r.files.mkinsttape)).length).toBe(0);
    expect((await readFile(r.files.boot)).readUInt32BE(0)).toBe(0);
    expect(r.packedMembers).toBe(0);
  });

  it('rejects bad options with INVALID_INPUT and a message naming the value', () => {
    expect(() => resolveImageSetOptions({ tapeblksz: '512' })).toThrow(/tapeblksz '512'/);
    expect(() => resolveImageSetOptions({ oslevel: '7.2' })).toThrow(/oslevel '7.2'/);
    expect(() => resolveImageSetOptions({ hostname: 'bad host' })).toThrow(/host name 'bad host'/);
    expect(() => resolveImageSetOptions({ seed: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('checks every option before writing anything', async () => {
    await expect(writeImageSet(dir, { mksysbSize: 1000 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/at least 256KiB/),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the partial mksysb and reports CANCELLED when aborted', async () => {
    const controller = new AbortController();
    const run = writeImageSet(dir, {
      mksysbSize: 4 * MiB,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.membersWritten === 10) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    const left = await readdir(dir);
    expect(left).not.toContain(IMAGE_SET_FILES.mksysb);
    expect(left.some((f) => f.endsWith('.partial'))).toBe(false);
  });
});

describe('sysbtape make-images', () => {
  it('writes an image set and prints the files', async () => {
    const run = await runCli([
      'make-images',
      '--out',
      dir,
      '--mksysb-size',
      '512KiB',
      '--seed',
      '4',
      '--boot-blocks',
      '16',
      '--tapeblksz',
      '1024 NONE',
      '--hostname',
      'lpar9',
    ]);
    expect(run.err).toContain('files (100%)');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`${IMAGE_SET_FILES.mksysb}  563200 bytes`);
    const mkinsttape = contents(await readFile(join(dir, IMAGE_SET_FILES.mkinsttape)));
    expect(mkinsttape.get('./tapeblksz')!.toString()).toBe('1024 NONE\n');
    expect(mkinsttape.get('./image.data')!.toString()).toContain('UNAME_INFO= AIX lpar9 ');
  });

  it('--json, --no-tapeblksz and --no-pack', async () => {
    const run = await runCli(['make-images', '--out', dir, '--mksysb-size', '300k', '--no-tapeblksz', '--no-pack', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out) as { packedMembers: number; bytes: { mksysb: number } };
    expect(result.packedMembers).toBe(0);
    expect(result.bytes.mksysb).toBe(307_200);
    expect([...contents(await readFile(join(dir, IMAGE_SET_FILES.mkinsttape))).keys()]).not.toContain('./tapeblksz');
  });

  it('exits 2 on bad input', async () => {
    for (const args of [
      ['--mksysb-size', 'lots'],
      ['--seed', 'x'],
      ['--tapeblksz', '512'],
      ['--mksysb-size', '1k'],
    ]) {
      const run = await runCli(['make-images', '--out', dir, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toMatch(/sysbtape: /);
    }
    expect((await runCli(['make-images'])).code).toBe(2);
  });
});
