import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { fixturePath } from '../aix/fixtures.ts';
import { archiveOf } from '../aix/small-archive.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const imageData =
  'image_data:\n\tUNAME_INFO= AIX aixtest 2 7 00F84C0D4C00\n\tOSLEVEL_S= 7200-05-03-2148\n\nvg_data:\n\tVGNAME= rootvg\n\tPPSIZE= 64\n\nfs_data:\n\tFS_NAME= /\n\tFS_SIZE= 1048576\n\tFS_LV= /dev/hd4\n';

describe('sysbtape inspect', () => {
  it('reports a clean mkinsttape image with tapeblksz and the image.data summary', async () => {
    const file = write(
      '2.img',
      archiveOf([
        ['./tapeblksz', '1024 NONE\n'],
        ['./image.data', imageData],
        ['./bosinst.data', 'control_flow:\n    INSTALL_METHOD = overwrite\n'],
      ]),
    );
    const r = await runCli(['inspect', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kind: +mkinsttape image \(record 2\)$/m);
    expect(r.out).toMatch(/^tapeblksz: +'1024 NONE' -> record 4 block size 1024$/m);
    expect(r.out).toMatch(/^UNAME INFO: +AIX aixtest 2 7 00F84C0D4C00$/m);
    expect(r.out).toMatch(/^result: clean$/m);
    const j = await runCli(['inspect', '--json', file]);
    const doc = JSON.parse(j.out) as {
      kind: string;
      archive: { imageData: { hostname: string }; tapeblksz: { record4BlockSize: number } };
    };
    expect(doc.kind).toBe('mkinsttape');
    expect(doc.archive.imageData.hostname).toBe('aixtest');
    expect(doc.archive.tapeblksz.record4BlockSize).toBe(1024);
  });

  it('exits 1 for a mkinsttape image with a bad tapeblksz', async () => {
    const file = write(
      'bad.img',
      archiveOf([
        ['./tapeblksz', 'big NONE\n'],
        ['./image.data', imageData],
      ]),
    );
    const r = await runCli(['inspect', file]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/problem at offset 0: tapeblksz block size 'big'.*\[BAD_TAPEBLKSZ\]/);
  });

  it('checks boot images: clean with the IPL magic; without it the file cannot be told apart, so a problem plus a hint', async () => {
    const boot = Buffer.alloc(4096);
    boot.writeUInt32BE(0xc9c2d4c1, 0);
    const ok = await runCli(['inspect', write('1.img', boot)]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^IPL magic: +present/m);
    const bare = await runCli(['inspect', write('1b.img', Buffer.alloc(4096, 1))]);
    expect(bare.code).toBe(1);
    expect(bare.out).toMatch(/warning: if this is a bosboot boot image, it lacks the IPL record magic/);
  });

  it('exits 1 with offsets for damage and 2 for usage errors', async () => {
    const r = await runCli(['inspect', fixturePath('test_acl.bff')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/problem at offset 152: member \.\/: its ACL\/PCL block/);
    expect((await runCli(['inspect', path.join(dir, 'missing')])).code).toBe(2);
    expect((await runCli(['inspect', dir])).code).toBe(2);
    expect((await runCli(['inspect'])).code).toBe(2);
  });
});
