import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractMember, readMember, scanArchiveFile } from '../../../electron/services/aix/archive-file.ts';
import { SysbError } from '../../../shared/errors.ts';
import { fixturePath } from './fixtures.ts';
import { archiveOf } from './small-archive.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-archive-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const big = Buffer.alloc(3 * 1024 * 1024 + 5);
for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
const inst = archiveOf([
  ['./tapeblksz', '1024 NONE\n'],
  ['./tmp', null],
  ['./usr/bin/big', big],
  ['./bin', { link: 'usr/bin' }],
  ['./image.data', 'image_data:\n'],
]);
const instFile = path.join(dir, 'inst.img');
writeFileSync(instFile, inst);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof SysbError ? err.code : String(err);
  }
  return 'no error';
}

describe('scanArchiveFile', () => {
  it('lists test.bff from disk', async () => {
    const names: string[] = [];
    const s = await scanArchiveFile(fixturePath('test.bff'), { onMember: (m) => names.push(m.displayName) });
    expect(names).toEqual(['backup', 'backup/file.txt', 'backup/folder', 'backup/folder/file_in_folder.txt']);
    expect(s).toMatchObject({ memberCount: 4, totalBytes: 6, complete: true, fileBytes: 1024, endOffset: 592 });
  });

  it('gives the same summary when seeking past data and when reading every byte', async () => {
    const a = await scanArchiveFile(instFile);
    const b = await scanArchiveFile(instFile, { readAll: true });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ memberCount: 5, complete: true, totalBytes: big.length + 10 + 7 + 12 });
  });

  it('reports a truncated file as problems, not an exception', async () => {
    const cut = path.join(dir, 'cut.img');
    writeFileSync(cut, inst.subarray(0, 2 * 1024 * 1024));
    const s = await scanArchiveFile(cut);
    expect(s.complete).toBe(false);
    expect(s.problems.map((p) => p.code)).toEqual(['TRUNCATED']);
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await codeOf(scanArchiveFile(instFile, { signal: ac.signal }))).toBe('CANCELLED');
    expect(await codeOf(scanArchiveFile(path.join(dir, 'missing.img')))).toBe('NOT_FOUND');
  });
});

describe('readMember', () => {
  it('reads ./tapeblksz, with or without the leading ./', async () => {
    const r = await readMember(instFile, './tapeblksz', 4096);
    expect(r?.data.toString()).toBe('1024 NONE\n');
    expect(r?.result.ok).toBe(true);
    expect((await readMember(instFile, 'tapeblksz', 4096))?.member.displayName).toBe('./tapeblksz');
    expect((await readMember(instFile, './image.data', 4096))?.data.toString()).toBe('image_data:\n');
    expect(await readMember(instFile, './nothing', 4096)).toBeNull();
    expect(await codeOf(readMember(instFile, './usr/bin/big', 4096))).toBe('INVALID_INPUT');
  });
});

describe('extractMember', () => {
  it('extracts a file byte for byte and a symlink as a symlink', async () => {
    const dest = path.join(dir, 'big.out');
    const r = await extractMember(instFile, './usr/bin/big', dest);
    expect(r.bytes).toBe(big.length);
    expect(readFileSync(dest).equals(big)).toBe(true);
    const link = path.join(dir, 'bin.out');
    await extractMember(instFile, 'bin', link);
    expect(readlinkSync(link)).toBe('usr/bin');
  });

  it('refuses missing members, directories and damaged data, leaving no partial file', async () => {
    expect(await codeOf(extractMember(instFile, './nope', path.join(dir, 'nope')))).toBe('NOT_FOUND');
    expect(await codeOf(extractMember(instFile, './tmp', path.join(dir, 'tmp.out')))).toBe('INVALID_INPUT');
    const cut = path.join(dir, 'cut2.img');
    writeFileSync(cut, inst.subarray(0, 2 * 1024 * 1024));
    const dest = path.join(dir, 'partial.out');
    expect(await codeOf(extractMember(cut, './usr/bin/big', dest))).toBe('ARCHIVE_DAMAGED');
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.part-'))).toEqual([]);
  });
});
