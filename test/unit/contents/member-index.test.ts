import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { FIND_MAX_NAMES, FIND_MAX_SCANNED, type IndexedMember } from '../../../electron/services/catalog/member-index.ts';
import { diffMembers } from '../../../electron/services/contents/member-diff.ts';
import { fakeSha } from '../catalog/schema-fixtures.ts';
import { useTempDirs } from '../catalog/temp-dir.ts';

const tempDir = useTempDirs();

function member(name: string, over: Partial<IndexedMember> = {}): IndexedMember {
  return { name, kind: 'file', size: 100, mode: 0o100644, uid: 0, gid: 0, mtime: 1_700_000_000, offset: 0, ...over };
}

async function catalogWithSets(): Promise<{ cat: Catalog; ids: number[] }> {
  const cat = await openCatalog(path.join(tempDir(), 'catalog.db'), { autoBackup: false });
  const ids: number[] = [];
  for (const [server, capturedAt] of [
    ['aix7', '2026-01-10T00:00:00Z'],
    ['aix7', '2026-03-10T00:00:00Z'],
    ['payroll', '2026-02-01T00:00:00Z'],
  ] as const) {
    const s =
      cat.servers.getByName(server) ??
      cat.servers.put({ name: server, host: `${server}.example`, user: 'root', auth: ['agent'], workdir: '/tmp/s' });
    const set = cat.imageSets.add({
      serverId: s.id,
      capturedAt,
      tapeblksz: 512,
      stagingPath: `/stage/${ids.length}`,
      images: (['boot', 'mkinsttape', 'mksysb'] as const).map((kind, i) => ({
        kind,
        fileName: `${i}.img`,
        size: 512,
        sha256: fakeSha(ids.length * 10 + i),
      })),
    });
    ids.push(set.id);
  }
  return { cat, ids };
}

describe('member index', () => {
  it('stores each name once across image sets and finds members by substring, shell pattern, server and date', async () => {
    const { cat, ids } = await catalogWithSets();
    const [jan, mar, pay] = ids as [number, number, number];
    cat.members.replace(jan, 4, [member('./etc'), member('./etc/hosts', { size: 50 }), member('./etc/inetd.conf')]);
    cat.members.replace(mar, 4, [member('./etc'), member('./etc/hosts', { size: 80 }), member('./etc/ntp.conf')]);
    cat.members.replace(pay, 4, [member('./etc/hosts'), member('./opt/payroll/db.conf')]);
    expect(cat.members.info(mar)).toMatchObject({ record: 4, members: 3, bytes: 280 });

    expect(cat.members.find('hosts').backups.map((h) => [h.imageSetId, h.members.map((m) => m.size)])).toEqual([
      [mar, [80]],
      [pay, [100]],
      [jan, [50]],
    ]);
    expect(cat.members.find('*.conf').backups.map((h) => h.members.map((m) => m.name))).toEqual([
      ['./etc/ntp.conf'],
      ['./opt/payroll/db.conf'],
      ['./etc/inetd.conf'],
    ]);
    expect(cat.members.find('./opt/*').backups.map((h) => h.imageSetId)).toEqual([pay]);
    expect(cat.members.find('hosts', { server: 'aix7', before: '2026-02-01T00:00:00Z' }).backups.map((h) => h.imageSetId)).toEqual([jan]);
    expect(cat.members.find('hosts', { after: '2026-02-01T00:00:00Z' }).backups.map((h) => h.imageSetId)).toEqual([mar, pay]);
    // LIKE wildcards typed by the operator are literal.
    expect(cat.members.find('host_').backups).toEqual([]);
    expect(cat.members.find('nothing-like-this')).toEqual({ backups: [], namesMatched: 0, truncated: false });
    // Re-indexing replaces, never duplicates.
    cat.members.replace(jan, 4, [member('./etc/hosts', { size: 51 })]);
    expect(cat.members.members(jan).map((m) => [m.name, m.size])).toEqual([['./etc/hosts', 51]]);
    expect(cat.integrityCheck()).toEqual([]);
    cat.close();
  });

  it('names the cartridges whose last good write holds the backup, with their location', async () => {
    const { cat, ids } = await catalogWithSets();
    cat.members.replace(ids[0]!, 4, [member('./etc/hosts')]);
    cat.cartridges.add({ volser: 'TAPE01', mediaId: 'L6' });
    cat.cartridges.update('TAPE01', { location: 'Vault B' });
    cat.writes.record({
      volser: 'TAPE01',
      imageSetId: ids[0]!,
      drive: '/dev/nst0',
      startedAt: '2026-01-11T00:00:00Z',
      endedAt: '2026-01-11T01:00:00Z',
      result: 'ok',
      records: [1, 2, 3, 4].map((n) => ({ index: n, blockSize: 512, blocks: 1, bytes: 512, sha256: fakeSha(100 + n) })),
    });
    expect(cat.members.find('hosts').backups[0]!.cartridges).toEqual([{ volser: 'TAPE01', status: 'written', location: 'Vault B' }]);
    cat.close();
  });

  it('says when a pattern matches more names than find lists', async () => {
    const { cat, ids } = await catalogWithSets();
    cat.members.replace(
      ids[0]!,
      4,
      Array.from({ length: FIND_MAX_NAMES + 5 }, (_, i) => member(`./usr/lib/lib${i}.so`)),
    );
    const r = cat.members.find('*.so');
    expect(r).toMatchObject({ truncated: true, namesMatched: FIND_MAX_NAMES });
    expect(r.backups[0]!.matches).toBe(FIND_MAX_NAMES);
    expect(cat.members.find('lib100').truncated).toBe(false);
    cat.close();
  });

  it('applies --server and dates before the name cap: names of other backups do not crowd out the wanted one', async () => {
    const { cat, ids } = await catalogWithSets();
    cat.members.replace(
      ids[0]!,
      4,
      Array.from({ length: FIND_MAX_NAMES + 5 }, (_, i) => member(`./usr/lib/lib${i}.so`)),
    );
    cat.members.replace(ids[2]!, 4, [member('./opt/payroll/libpay.so', { size: 7 })]);
    const r = cat.members.find('*.so', { server: 'payroll' });
    expect(r).toMatchObject({ truncated: false, namesMatched: 1 });
    expect(r.backups.map((h) => [h.imageSetId, h.matches, h.members.map((m) => [m.name, m.size])])).toEqual([
      [ids[2], 1, [['./opt/payroll/libpay.so', 7]]],
    ]);
    expect(cat.members.find('libpay', { server: 'aix7' }).backups).toEqual([]);
    cat.close();
  });

  it('stops, truncated, after looking at FIND_MAX_SCANNED names the filter leaves out', async () => {
    const { cat, ids } = await catalogWithSets();
    cat.members.replace(
      ids[0]!,
      4,
      Array.from({ length: FIND_MAX_SCANNED + 1 }, (_, i) => member(`./usr/lib/lib${i}.so`)),
    );
    cat.members.replace(ids[2]!, 4, [member('./opt/payroll/libpay.so')]);
    expect(cat.members.find('*.so', { server: 'payroll' })).toEqual({ backups: [], namesMatched: 0, truncated: true });
    expect(cat.members.find('libpay.so', { server: 'payroll' })).toMatchObject({ namesMatched: 1, truncated: false });
    cat.close();
  });

  it('counts every match of each backup and lists the first ones by name up to the limit', async () => {
    const { cat, ids } = await catalogWithSets();
    const [jan, mar] = ids as [number, number];
    cat.members.replace(
      jan,
      4,
      ['e', 'd', 'c', 'b', 'a'].map((x) => member(`./etc/${x}.conf`, { size: x.charCodeAt(0) })),
    );
    cat.members.replace(mar, 4, [member('./etc/c.conf', { size: 3 }), member('./etc/z.conf', { size: 26 }), member('./etc/hosts')]);
    const r = cat.members.find('.conf', { limitPerSet: 2 });
    expect(r.backups.map((h) => [h.imageSetId, h.matches, h.members.map((m) => [m.name, m.size])])).toEqual([
      [
        mar,
        2,
        [
          ['./etc/c.conf', 3],
          ['./etc/z.conf', 26],
        ],
      ],
      [
        jan,
        5,
        [
          ['./etc/a.conf', 97],
          ['./etc/b.conf', 98],
        ],
      ],
    ]);
    // Re-indexed: names the backup no longer holds are no longer counted or listed for it.
    cat.members.replace(jan, 4, [member('./etc/c.conf', { size: 1 })]);
    expect(cat.members.find('.conf').backups.map((h) => [h.imageSetId, h.matches, h.members.map((m) => m.size)])).toEqual([
      [mar, 2, [3, 26]],
      [jan, 1, [1]],
    ]);
    expect(cat.members.find('a.conf').backups).toEqual([]);
    expect(cat.integrityCheck()).toEqual([]);
    cat.close();
  });
});

describe('diff of two member lists', () => {
  it('says what was added, removed and changed, per directory with bytes', () => {
    const a = [
      member('./etc', { kind: 'directory', size: 512 }),
      member('./etc/hosts', { size: 50 }),
      member('./etc/old.conf', { size: 10 }),
      member('./usr/bin/ls', { size: 1000 }),
    ];
    const b = [
      member('./etc', { mtime: 1_800_000_000, kind: 'directory', size: 4096 }),
      member('./etc/hosts', { size: 80, mode: 0o100600 }),
      member('./usr/bin/ls', { size: 1000 }),
      member('./usr/bin/new', { size: 300 }),
    ];
    const d = diffMembers(a, b);
    expect(d.added.map((m) => m.name)).toEqual(['./usr/bin/new']);
    expect(d.removed.map((m) => m.name)).toEqual(['./etc/old.conf']);
    expect(d.changed.map((c) => [c.name, c.fields])).toEqual([
      ['./etc', ['mtime']],
      ['./etc/hosts', ['size', 'mode']],
    ]);
    expect(d.directories).toEqual([
      { directory: './usr/bin', added: 1, removed: 0, changed: 0, bytes: 300 },
      { directory: './etc', added: 0, removed: 1, changed: 1, bytes: 20 },
      { directory: '.', added: 0, removed: 0, changed: 1, bytes: 0 },
    ]);
  });
});
