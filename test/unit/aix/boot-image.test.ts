import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBootImage, checkBootImageFile } from '../../../electron/services/aix/boot-image.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function image(blocks: number, magic: boolean): Buffer {
  const b = Buffer.alloc(blocks * 512);
  if (magic) b.writeUInt32BE(0xc9c2d4c1, 0);
  return b;
}

describe('boot image check', () => {
  it('accepts an image with the IPL magic and whole 512-byte records', async () => {
    const file = path.join(dir, 'ok.img');
    writeFileSync(file, image(40, true));
    expect(await checkBootImageFile(file)).toEqual({ length: 20480, records: 40, iplMagic: true, errors: [], warnings: [] });
  });

  it('warns, without failing, when the magic is missing or the length is odd', () => {
    const r = checkBootImage(image(4, false), 2048);
    expect(r.errors).toEqual([]);
    expect(r.iplMagic).toBe(false);
    expect(r.warnings.join()).toMatch(/no IPL record magic 0xC9C2D4C1/);
    const odd = checkBootImage(image(3, true), 1500);
    expect(odd.records).toBe(3);
    expect(odd.warnings.join()).toMatch(/not a multiple of 512/);
  });

  it('fails an empty or tiny image', () => {
    expect(checkBootImage(Buffer.alloc(0), 0).errors.join()).toMatch(/empty/);
    expect(checkBootImage(image(1, true), 512).errors.join()).toMatch(/only 512 bytes/);
  });
});
