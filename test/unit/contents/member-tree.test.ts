import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import type { IndexedMember } from '../../../electron/services/catalog/member-index.ts';
import { directoryPrefix } from '../../../electron/services/catalog/member-tree.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

function member(name: string, over: Partial<IndexedMember> = {}): IndexedMember {
  return { name, kind: 'file', size: 100, mode: 0o100644, uid: 0, gid: 0, mtime: 1_700_000_000, offset: 0, ...over };
}

async function catalogWith(sets: IndexedMember[][]) {
  const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
  const s = cat.servers.put({ name: 'aix7', host: 'aix7.example', user: 'root', auth: ['agent'], workdir: '/tmp/s' });
  const ids = sets.map((members, n) => {
    const set = cat.imageSets.add({
      serverId: s.id,
      capturedAt: `2026-0${n + 1}-01T00:00:00Z`,
      tapeblksz: 512,
      stagingPath: `/stage/${n}`,
      images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind, i) => ({
        kind,
        fileName: `${i}.img`,
        size: 512,
        sha256: fakeSha(n * 10 + i),
      })),
    });
    cat.members.replace(set.id, 4, members);
    return set.id;
  });
  return { cat, ids };
}

describe('member tree (directory children)', () => {
  it('lists one directory level with sizes aggregated over everything under each child, largest first', async () => {
    const { cat, ids } = await catalogWith([
      [
        member('./etc', { kind: 'directory', size: 0, mode: 0o40755 }),
        member('./etc/hosts', { size: 50 }),
        member('./etc/ssh/sshd_config', { size: 3000 }),
        member('./usr/lib/libc.a', { size: 9000 }),
        member('./usr/bin/ls', { size: 20 }),
        member('./unix', { kind: 'symlink', size: 0 }),
        member('./image.data', { size: 4000 }),
        member('./etcetera', { size: 7 }),
      ],
      [member('./etc/hosts', { size: 1 }), member('./other/big', { size: 1e9 })],
    ]);
    const root = cat.memberTree.children(ids[0]!, '.');
    expect(root.directory).toBe('.');
    expect(root.total).toBe(5);
    expect(root.children.map((c) => [c.name, c.kind, c.bytes, c.members, c.hasChildren])).toEqual([
      ['./usr', 'directory', 9020, 2, true],
      ['./image.data', 'file', 4000, 1, false],
      ['./etc', 'directory', 3050, 3, true],
      ['./etcetera', 'file', 7, 1, false],
      ['./unix', 'symlink', 0, 1, false],
    ]);
    // ./etc is a member (mode, mtime), ./usr only a prefix of members under it.
    expect(root.children.find((c) => c.base === 'etc')).toMatchObject({ mode: 0o40755, mtime: 1_700_000_000 });
    expect(root.children.find((c) => c.base === 'usr')).toMatchObject({ mode: null, mtime: null });
    // A sibling whose name starts like the directory (./etcetera) is not under ./etc; another image set's members never show.
    const etc = cat.memberTree.children(ids[0]!, './etc');
    expect(etc.children.map((c) => [c.name, c.bytes])).toEqual([
      ['./etc/ssh', 3000],
      ['./etc/hosts', 50],
    ]);
    expect(cat.memberTree.children(ids[0]!, 'etc/').children.map((c) => c.base)).toEqual(['ssh', 'hosts']);
    expect(cat.memberTree.children(ids[1]!, '/').children.map((c) => [c.base, c.bytes])).toEqual([
      ['other', 1e9],
      ['etc', 1],
    ]);
    // A re-index is seen at once (listings are kept per indexing).
    cat.members.replace(ids[1]!, 4, [member('./etc/hosts', { size: 2 })]);
    expect(cat.memberTree.children(ids[1]!, '.').children.map((c) => [c.base, c.bytes])).toEqual([['etc', 2]]);
    cat.close();
  });

  it('pages a large directory without loading it whole, and says how many children there are', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => member(`./var/spool/f${String(i).padStart(4, '0')}`, { size: i }));
    const { cat, ids } = await catalogWith([many]);
    const first = cat.memberTree.children(ids[0]!, './var/spool', { offset: 0, limit: 100 });
    expect(first.total).toBe(1200);
    expect(first.children).toHaveLength(100);
    expect(first.children[0]).toMatchObject({ base: 'f1199', bytes: 1199 });
    const last = cat.memberTree.children(ids[0]!, './var/spool', { offset: 1150, limit: 100 });
    expect(last.children.map((c) => c.bytes)).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    expect(cat.memberTree.children(ids[0]!, './var/spool', { offset: 5000, limit: 10 })).toMatchObject({ total: 1200, children: [] });
    expect(cat.memberTree.children(ids[0]!, './nothing-here').total).toBe(0);
    cat.close();
  });

  it('refuses directory names that are not names as listed', () => {
    expect(directoryPrefix('./etc/')).toBe('./etc/');
    expect(directoryPrefix('')).toBe('./');
    expect(() => directoryPrefix('./etc/../..')).toThrow(/not a directory name/);
  });
});
