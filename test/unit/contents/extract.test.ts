import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanArchiveFile } from '../../../electron/services/aix/archive-file.ts';
import { buildArchive, type ArchiveMember } from '../../../electron/services/aix/synthetic/archive-writer.ts';
import { extractFromFile } from '../../../electron/services/contents/extract.ts';
import { fixturePath } from '../aix/fixtures.ts';

const DATE = 1_760_000_000;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sysbtape-extract-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Text that packs well (pack(1) is only used when it saves ≥ 4 KB). */
function compressible(n: number, seed: number): Buffer {
  const words = ['aix', 'rootvg', 'mksysb', 'tape', 'hdisk0', 'jfs2', 'lv', 'paging'];
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${words[(i * seed) % words.length]} ${i % 97}\n`;
  return Buffer.from(s.slice(0, n));
}

const ODD_NAME = Buffer.concat([Buffer.from('./etc/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]);

function members(): ArchiveMember[] {
  return [
    { name: '.', type: 'directory', perm: 0o755 },
    { name: './etc', type: 'directory', perm: 0o755, mtime: DATE - 100 },
    {
      name: './etc/hosts',
      type: 'file',
      perm: 0o644,
      uid: 0,
      gid: 0,
      mtime: DATE - 5000,
      data: Buffer.from('127.0.0.1 loopback localhost\n'),
    },
    { name: './etc/motd', type: 'file', perm: 0o600, mtime: DATE - 4000, data: compressible(40_000, 3), pack: true },
    { name: ODD_NAME, type: 'file', perm: 0o640, mtime: DATE - 3000, data: Buffer.from('bytes, not UTF-8') },
    { name: './etc/empty', type: 'file', perm: 0o644, mtime: DATE - 10, data: Buffer.alloc(0) },
    { name: './etc/hosts.link', type: 'symlink', target: 'hosts', mtime: DATE - 20 },
    { name: './usr', type: 'directory', perm: 0o750, mtime: DATE - 200 },
    { name: './usr/bin', type: 'directory', perm: 0o755, mtime: DATE - 300 },
    { name: './usr/bin/ls', type: 'file', perm: 0o755, ino: 9001, nlink: 2, mtime: DATE - 6000, data: compressible(20_000, 5), pack: true },
    {
      name: './usr/bin/dir',
      type: 'file',
      perm: 0o755,
      ino: 9001,
      nlink: 2,
      mtime: DATE - 6000,
      data: compressible(20_000, 5),
      pack: true,
    },
    { name: './usr/bin/big', type: 'file', perm: 0o644, mtime: DATE - 7000, data: Buffer.alloc(300_000, 7), largeFile: true, pack: false },
    { name: './bin', type: 'symlink', target: '/usr/bin', mtime: DATE - 30 },
  ];
}

async function archiveFile(list: ArchiveMember[]): Promise<string> {
  const file = path.join(dir, 'archive.img');
  await writeFile(file, buildArchive(list, { date: DATE, pack: true }));
  return file;
}

describe('extract from an archive file', () => {
  it('gives back every member byte-identical, packed ones included, with modes, times, symlinks and hard links', async () => {
    const list = members();
    const out = path.join(dir, 'out');
    const s = await extractFromFile(await archiveFile(list), { outDir: out, paths: [], linksOutside: true });
    expect(s.skipped).toEqual([]);
    expect(s.ok).toBe(true);
    expect(s).toMatchObject({ files: 6, directories: 3, symlinks: 2, hardLinks: 1 });
    for (const m of list) {
      const name = typeof m.name === 'string' ? Buffer.from(m.name) : Buffer.from(m.name);
      const dest = Buffer.concat([Buffer.from(out), Buffer.from('/'), name.subarray(2)]);
      if (m.name === '.') continue;
      const st = await lstat(dest);
      if (m.type === 'file') {
        expect(await readFile(dest)).toEqual(Buffer.from(m.data!));
        expect(st.mode & 0o7777).toBe(m.perm);
        expect(Math.round(st.mtimeMs / 1000)).toBe(m.mtime);
      } else if (m.type === 'symlink') {
        expect(st.isSymbolicLink()).toBe(true);
        expect(await readlink(dest)).toBe(m.target);
      } else {
        expect(st.isDirectory()).toBe(true);
        expect(st.mode & 0o7777).toBe(m.perm);
      }
    }
    const [a, b] = await Promise.all([stat(path.join(out, 'usr/bin/ls')), stat(path.join(out, 'usr/bin/dir'))]);
    expect(a.ino).toBe(b.ino);
    // The round trip went through pack(1) decoding: the writer really packed these members.
    const packed: string[] = [];
    await scanArchiveFile(path.join(dir, 'archive.img'), {
      onMember: (m) => {
        if (m.packed) packed.push(m.displayName);
      },
    });
    expect(packed.sort()).toEqual(['./etc/motd', './usr/bin/dir', './usr/bin/ls']);
  });

  it('extracts only the PATHs asked for: a directory name selects its subtree, patterns match like the shell', async () => {
    const file = await archiveFile(members());
    const one = await extractFromFile(file, { outDir: path.join(dir, 'a'), paths: ['./etc/hosts'] });
    expect(one.files).toBe(1);
    expect(await readdir(path.join(dir, 'a/etc'))).toEqual(['hosts']);
    const sub = await extractFromFile(file, { outDir: path.join(dir, 'b'), paths: ['usr/bin'] });
    expect(sub.files + sub.hardLinks).toBe(3);
    expect((await readdir(path.join(dir, 'b/usr/bin'))).sort()).toEqual(['big', 'dir', 'ls']);
    const glob = await extractFromFile(file, { outDir: path.join(dir, 'c'), paths: ['./etc/h*'] });
    expect(glob.files + glob.symlinks).toBe(2);
  });

  it('refuses hostile names and never writes outside DIR', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    const list: ArchiveMember[] = [
      { name: '../escape', type: 'file', data: Buffer.from('x') },
      { name: './a/../../escape2', type: 'file', data: Buffer.from('x') },
      { name: `/${outside.slice(1)}/abs`, type: 'file', data: Buffer.from('x') },
      { name: './root', type: 'symlink', target: '/' },
      { name: `./root${outside}/via-link`, type: 'file', data: Buffer.from('x') },
      { name: './up', type: 'symlink', target: '..' },
      { name: './up/outside/via-up', type: 'file', data: Buffer.from('x') },
      { name: './ok', type: 'file', data: Buffer.from('fine') },
    ];
    const out = path.join(dir, 'out');
    // --links-outside creates the links, yet nothing may be written through them.
    const s = await extractFromFile(await archiveFile(list), { outDir: out, paths: [], linksOutside: true });
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(dir)).toEqual(expect.not.arrayContaining(['escape', 'escape2']));
    expect(s.ok).toBe(false);
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.name, k.reason]));
    expect(reasons['../escape']).toMatch(/'\.\.'/);
    expect(reasons['./a/../../escape2']).toMatch(/'\.\.'/);
    expect(reasons[`/${outside.slice(1)}/abs`]).toMatch(/absolute/);
    expect(reasons[`./root${outside}/via-link`]).toMatch(/symlink .*not followed/);
    expect(reasons['./up/outside/via-up']).toMatch(/symlink .*not followed/);
    expect(await readFile(path.join(out, 'ok'), 'utf8')).toBe('fine');
  });

  it('does not create symlinks that point outside DIR unless asked', async () => {
    const s = await extractFromFile(await archiveFile(members()), { outDir: path.join(dir, 'o'), paths: [] });
    expect(s.skipped.map((k) => k.name)).toEqual(['./bin']);
    expect(s.skipped[0]!.reason).toMatch(/points outside/);
    await expect(lstat(path.join(dir, 'o/bin'))).rejects.toThrow();
    expect(await readlink(path.join(dir, 'o/etc/hosts.link'))).toBe('hosts');
  });

  it('keeps existing files unless --overwrite', async () => {
    const file = await archiveFile(members());
    const out = path.join(dir, 'o');
    await mkdir(path.join(out, 'etc'), { recursive: true });
    await writeFile(path.join(out, 'etc/hosts'), 'mine');
    const kept = await extractFromFile(file, { outDir: out, paths: ['./etc/hosts'] });
    expect(kept.skipped[0]!.reason).toMatch(/already exists.*--overwrite/);
    expect(await readFile(path.join(out, 'etc/hosts'), 'utf8')).toBe('mine');
    const replaced = await extractFromFile(file, { outDir: out, paths: ['./etc/hosts'], overwrite: true });
    expect(replaced.ok).toBe(true);
    expect(await readFile(path.join(out, 'etc/hosts'), 'utf8')).toMatch(/loopback/);
  });

  it('reports a damaged member with its offset and goes on with the next one', async () => {
    const list = members();
    const bytes = buildArchive(list, { date: DATE, pack: true });
    // Find the packed data of ./etc/motd and damage it (its Huffman tree), keeping the headers intact.
    const at = bytes.indexOf(Buffer.from('./etc/motd\0'));
    const dataStart = at + 0x60;
    for (let i = 0; i < 64; i++) bytes[dataStart + i] = 0xff;
    const file = path.join(dir, 'damaged.img');
    await writeFile(file, bytes);
    const out = path.join(dir, 'o');
    const s = await extractFromFile(file, { outDir: out, paths: [], linksOutside: true });
    expect(s.ok).toBe(false);
    const motd = s.skipped.find((k) => k.name === './etc/motd');
    expect(motd?.reason).toMatch(/damaged data at offset \d+/);
    await expect(stat(path.join(out, 'etc/motd'))).rejects.toThrow();
    // Members after it are there.
    expect(await readFile(path.join(out, 'usr/bin/big'))).toEqual(Buffer.alloc(300_000, 7));
    expect((await readdir(path.join(out, 'etc'))).filter((n) => n.includes('sysbtape-part'))).toEqual([]);
  });

  it('extracts the real AIX fixture with exact names, sizes and contents', async () => {
    const out = path.join(dir, 'bff');
    const s = await extractFromFile(fixturePath('test.bff'), { outDir: out, paths: [] });
    expect(s.skipped).toEqual([]);
    expect(s.files).toBe(2);
    expect(await readFile(path.join(out, 'backup/file.txt'), 'latin1')).toBe('abc');
    expect(await readFile(path.join(out, 'backup/folder/file_in_folder.txt'), 'latin1')).toBe('xyz');
    expect((await readdir(path.join(out, 'backup'))).sort()).toEqual(['file.txt', 'folder']);
  });
});
