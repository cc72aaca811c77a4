import { describe, expect, it } from 'vitest';
import { headerChecksum } from '../../../../electron/services/aix/backup-format.ts';
import { endRecord, fileHeader, sacRecord, volumeRecord } from '../../../../electron/services/aix/synthetic/archive-records.ts';
import { type ArchiveMember, archiveChunks, buildArchive } from '../../../../electron/services/aix/synthetic/archive-writer.ts';
import { fixture } from '../fixtures.ts';
import { unpackReference } from './unpack-reference.ts';
import { walkArchive } from './walk-archive.ts';

const testBff = fixture('test.bff');
const DATE = testBff.readInt32LE(8); // the date in test.bff's FS_VOLUME

describe('archive records', () => {
  it('FS_VOLUME matches the real test.bff byte for byte', () => {
    expect(volumeRecord({ volnum: 1, date: DATE, user: 'root' })).toEqual(testBff.subarray(0, 72));
  });

  it('FS_END matches the real one (01 07 6B EA 84 0A 01 00)', () => {
    expect([...endRecord(1)]).toEqual([0x01, 0x07, 0x6b, 0xea, 0x84, 0x0a, 0x01, 0x00]);
  });

  it('the FS_NAME_X header and sac_rec of backup/file.txt match the real archive', () => {
    // Fields as stored in test.bff at 0xb8 (the ACL's reserved u16 there holds junk 0xf100; we write 0).
    const header = fileHeader({
      name: 'backup/file.txt',
      mode: 0o100644,
      nlink: 1,
      ino: 0,
      uid: 0x5ec11,
      gid: 0x552b,
      size: 3,
      dsize: 3,
      atime: 0x66545968,
      mtime: 0x66545968,
      ctime: 0x66545a06,
      devmaj: 10,
      devmin: 8,
      packed: false,
      largeFile: false,
    });
    expect(header).toEqual(testBff.subarray(0xb8, 0xb8 + 80));
    const sac = sacRecord(0o100644);
    const real = Buffer.from(testBff.subarray(0xb8 + 80, 0xb8 + 120));
    real.writeUInt16LE(0, 16);
    expect(sac).toEqual(real);
  });

  it('FS_NAME_LF puts 64-bit size and dsize where the spec says, and sets the checksum', () => {
    const big = 5 * 2 ** 30;
    const h = fileHeader({
      name: './big',
      mode: 0o100600,
      nlink: 1,
      ino: 7,
      uid: 0,
      gid: 0,
      size: big,
      dsize: big,
      atime: 1,
      mtime: 2,
      ctime: 3,
      devmaj: 10,
      devmin: 4,
      packed: false,
      largeFile: false,
    });
    expect(h[1]).toBe(12);
    expect(h[0]).toBe(h.length / 8);
    expect(Number(h.readBigInt64LE(24))).toBe(big);
    expect(Number(h.readBigInt64LE(64))).toBe(big);
    expect([h.readInt32LE(32), h.readInt32LE(36), h.readInt32LE(40)]).toEqual([1, 2, 3]);
    expect(h.readUInt16LE(4)).toBe(headerChecksum(h));
    expect(h.subarray(72, 78).toString()).toBe('./big\0');
  });

  it('rejects names the format cannot hold', () => {
    const base = {
      mode: 0o100644,
      nlink: 1,
      ino: 1,
      uid: 0,
      gid: 0,
      size: 0,
      dsize: 0,
      atime: 0,
      mtime: 0,
      ctime: 0,
      devmaj: 0,
      devmin: 0,
      packed: false,
      largeFile: false,
    };
    expect(() => fileHeader({ ...base, name: '' })).toThrow(/name/);
    expect(() => fileHeader({ ...base, name: 'a\0b' })).toThrow(/NUL/);
    expect(() => fileHeader({ ...base, name: 'x'.repeat(1024) })).toThrow(/name/);
  });
});

describe('archive writer', () => {
  const text = Buffer.from('lsdev -Cc tape; tctl -f /dev/rmt0 rewind\n'.repeat(400));
  const members: ArchiveMember[] = [
    { name: './', type: 'directory', perm: 0x10000 | 0o755 },
    { name: './etc/motd', type: 'file', data: Buffer.from('Welcome to AIX\n') },
    { name: './etc/big.txt', type: 'file', data: text },
    { name: './etc/plain.txt', type: 'file', data: text, pack: false },
    { name: './bin', type: 'symlink', target: '/usr/bin' },
    {
      name: './usr/lib/streamed',
      type: 'file',
      streamed: { size: 70_000, pieces: () => [Buffer.alloc(30_000, 1), Buffer.alloc(40_000, 2)] },
      largeFile: true,
    },
    { name: './etc/acl', type: 'file', data: Buffer.from('x'), acl: { acl: Buffer.alloc(40), pcl: Buffer.alloc(16) } },
    { name: Buffer.from('./caf\xe9', 'latin1'), type: 'file', data: Buffer.alloc(0) },
  ];

  it('writes every record with a valid checksum, in order, and ends on a whole cluster', () => {
    const archive = buildArchive(members, { date: DATE, pack: true });
    expect(archive.length % 51200).toBe(0);
    const { records, endOffset } = walkArchive(archive);
    expect(archive.subarray(endOffset).every((b) => b === 0)).toBe(true);
    const files = records.filter((r) => r.type === 11 || r.type === 12);
    expect(files.map((r) => r.name!.toString('latin1'))).toEqual([
      './',
      './etc/motd',
      './etc/big.txt',
      './etc/plain.txt',
      './bin',
      './usr/lib/streamed',
      './etc/acl',
      './caf\xe9',
    ]);
    const [dir, motd, big, plain, link, streamed, acl] = files;
    expect(dir!.mode).toBe(0x10000 | 0o40755);
    expect(dir!.size).toBe(0);
    expect(motd!.data!.toString()).toBe('Welcome to AIX\n');
    expect([motd!.aclDwords, motd!.pclDwords]).toEqual([2, 2]);
    expect(big!.magic).toBe(60012);
    expect(big!.size).toBe(text.length);
    expect(unpackReference(big!.data!, text.length).equals(text)).toBe(true);
    expect(plain!.magic).toBe(60011);
    expect(plain!.data!.equals(text)).toBe(true);
    expect(link!.aclDwords).toBeUndefined();
    expect(link!.data!.toString()).toBe('/usr/bin');
    expect(streamed!.type).toBe(12);
    expect(streamed!.data!.subarray(29_999, 30_001)).toEqual(Buffer.from([1, 2]));
    expect([acl!.aclDwords, acl!.pclDwords]).toEqual([5, 2]);
  });

  it('with junkSeed, puts junk after names and in data padding, still with valid checksums and the same data', () => {
    const clean = walkArchive(buildArchive(members, { date: DATE, pack: true }));
    const junkArchive = buildArchive(members, { date: DATE, pack: true, junkSeed: 5 });
    const junk = walkArchive(junkArchive);
    expect(junk.records.map((r) => r.name?.toString('latin1'))).toEqual(clean.records.map((r) => r.name?.toString('latin1')));
    junk.records.forEach((r, i) => expect(r.data?.equals(clean.records[i]!.data!) ?? true).toBe(true));
    const motd = junk.records.find((r) => r.name?.toString() === './etc/motd')!;
    // "./etc/motd" + NUL = 11 bytes → 5 junk bytes in the header; 15 data bytes → 1 junk byte
    const headerEnd = motd.offset + motd.lenDwords * 8;
    expect(junkArchive.subarray(headerEnd - 5, headerEnd).some((b) => b !== 0)).toBe(true);
    expect(junkArchive[headerEnd + 40 + 15]).not.toBe(0);
    expect(junkArchive.equals(buildArchive(members, { date: DATE, pack: true, junkSeed: 5 }))).toBe(true);
  });

  it('stores everything plain when packing is off', () => {
    const { records } = walkArchive(buildArchive(members, { date: DATE, pack: false }));
    expect(records.every((r) => r.magic === 60011)).toBe(true);
  });

  it('fills to the cluster it is given', () => {
    const archive = buildArchive(members.slice(0, 2), { date: DATE, pack: false, clusterBytes: 1024 });
    expect(archive.length).toBe(1024);
    expect(() => buildArchive([], { date: DATE, pack: false, clusterBytes: 1000 })).toThrow(/multiple of 512/);
  });

  it('an empty member list is FS_VOLUME + FS_END + fill', () => {
    const archive = buildArchive([], { date: DATE, pack: true });
    expect(archive.length).toBe(51200);
    expect(walkArchive(archive).endOffset).toBe(80);
  });

  it('reports progress per member and returns totals', () => {
    const seen: number[] = [];
    const gen = archiveChunks(members, { date: DATE, pack: true, onMember: (e) => seen.push(e.index) });
    let bytes = 0;
    let step = gen.next();
    while (!step.done) {
      bytes += step.value.length;
      step = gen.next();
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(step.value).toEqual({ members: 8, packedMembers: 1, bytes });
  });

  it('refuses a streamed member whose pieces do not add up to its size', () => {
    const bad: ArchiveMember = { name: './x', type: 'file', streamed: { size: 10, pieces: () => [Buffer.alloc(9)] } };
    expect(() => buildArchive([bad], { date: DATE, pack: false })).toThrow(/declared 10/);
  });
});
