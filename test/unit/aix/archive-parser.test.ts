import { describe, expect, it } from 'vitest';
import { ArchiveParser } from '../../../electron/services/aix/archive-parser.ts';
import { fixture } from './fixtures.ts';
import { parseAll } from './parse-helpers.ts';

const testBff = fixture('test.bff');
const aclBff = fixture('test_acl.bff');

/** Header records of test.bff: [offset, length in bytes]. */
const testBffHeaders: Array<[number, number]> = [
  [0, 72],
  [0x48, 72],
  [0xb8, 80],
  [0x138, 72],
  [0x1b0, 104],
  [0x248, 8],
];

describe('ArchiveParser on test.bff (real AIX bytes)', () => {
  it('lists exactly the four members with sizes, kinds and data', () => {
    const r = parseAll(testBff);
    expect(r.members.map((m) => [m.displayName, m.kind, m.size])).toEqual([
      ['backup', 'directory', 0],
      ['backup/file.txt', 'file', 3],
      ['backup/folder', 'directory', 0],
      ['backup/folder/file_in_folder.txt', 'file', 3],
    ]);
    expect(r.data.get('backup/file.txt')?.toString()).toBe('abc');
    expect(r.data.get('backup/folder/file_in_folder.txt')?.toString()).toBe('xyz');
    expect(r.members.every((m) => m.checksum === 'valid' && m.recordType === 11 && !m.packed)).toBe(true);
    expect(r.members[1]!.name.equals(Buffer.from('backup/file.txt'))).toBe(true);
    expect(r.members[1]!.headerOffset).toBe(0xb8);
    expect(r.members[1]!.dataOffset).toBe(0x130);
    expect(r.members[1]!.mode & 0o7777).toBe(0o644);
    expect(r.members[0]!.mode).toBe(0x141ed);
    expect(r.summary).toMatchObject({
      memberCount: 4,
      totalBytes: 6,
      endOffset: 592,
      problemCount: 0,
      problems: [],
      checksumsAbsent: 0,
      complete: true,
    });
    expect(r.summary.volume).toMatchObject({ volumeNumber: 1, incno: 100, user: 'root', disk: 'by name', checksum: 'valid' });
    expect(r.ends.every((e) => e.ok)).toBe(true);
  });

  it('gives the same result for every chunking and ignores the stale bytes after FS_END', () => {
    const whole = parseAll(testBff);
    for (const step of [1, 2, 3, 7, 8, 13, 64, 100, 511]) {
      const r = parseAll(testBff, step);
      expect(r.members.map((m) => m.displayName)).toEqual(whole.members.map((m) => m.displayName));
      expect([...r.data.entries()]).toEqual([...whole.data.entries()]);
      expect(r.summary).toEqual(whole.summary);
    }
  });

  it('is done at FS_END and ignores what follows', () => {
    const p = new ArchiveParser();
    p.write(testBff.subarray(0, 600));
    expect(p.done).toBe(true);
    p.write(Buffer.alloc(100, 0xff));
    expect(p.end().problemCount).toBe(0);
  });

  it('detects every single-bit flip in the headers', () => {
    let flips = 0;
    for (const [start, length] of testBffHeaders) {
      for (let i = start; i < start + length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const buf = Buffer.from(testBff);
          buf[i] = buf[i]! ^ (1 << bit);
          const r = parseAll(buf);
          if (r.summary.problemCount === 0) throw new Error(`flip of bit ${bit} at offset ${i} went unnoticed`);
          expect(r.summary.problems.every((p) => Number.isInteger(p.offset) && p.message.length > 0)).toBe(true);
          flips++;
        }
      }
    }
    expect(flips).toBe(8 * testBffHeaders.reduce((n, [, l]) => n + l, 0));
  });

  it('reports every truncation before FS_END, with no crash', () => {
    for (let len = 0; len < testBff.length; len++) {
      const r = parseAll(testBff.subarray(0, len), 5);
      if (len < 592) {
        expect(r.summary.complete).toBe(false);
        expect(r.summary.problems.some((p) => p.code === 'TRUNCATED' || p.code === 'NOT_BACKUP_FORMAT')).toBe(true);
        expect(r.summary.endOffset).toBeNull();
      } else {
        expect(r.summary.complete).toBe(true);
      }
    }
  });

  it('resynchronises after a damaged header and lists the members after it', () => {
    const buf = Buffer.from(testBff);
    buf[0xb8 + 70] = buf[0xb8 + 70]! ^ 0x01; // junk inside backup/file.txt's name padding: checksum error
    const r = parseAll(buf);
    expect(r.members.map((m) => m.displayName)).toEqual(['backup', 'backup/folder', 'backup/folder/file_in_folder.txt']);
    expect(r.summary.problems.map((p) => [p.code, p.offset])).toEqual([
      ['CHECKSUM_ERROR', 0xb8],
      ['RESYNC', 0x138],
    ]);
    expect(r.summary.endOffset).toBe(592);
  });

  it('says when the input is not a backup archive', () => {
    const r = parseAll(Buffer.from('hello, this is not an archive at all, just text...'));
    expect(r.summary.problems[0]!.code).toBe('NOT_BACKUP_FORMAT');
    expect(r.summary.complete).toBe(false);
    expect(parseAll(Buffer.alloc(0)).summary.problems[0]!.code).toBe('NOT_BACKUP_FORMAT');
  });
});

describe('ArchiveParser on test_acl.bff (checksums absent, ACL block)', () => {
  it('lists both members, skips the ACL and reports checksums absent', () => {
    for (const step of [aclBff.length, 1, 7, 13]) {
      const r = parseAll(aclBff, step);
      expect(r.members.map((m) => [m.displayName, m.kind, m.checksum])).toEqual([
        ['./', 'directory', 'absent'],
        ['backup/file.txt', 'file', 'absent'],
      ]);
      expect(r.members[0]!.mode & 0x02000000).toBe(0x02000000); // S_IXACL
      expect(r.summary.checksumsAbsent).toBe(3);
      const codes = r.summary.problems.map((p) => p.code);
      expect(codes).toContain('CHECKSUM_ABSENT');
      // Hand-made for a reader that assumes a fixed 40-byte trailer: our reader says where it disagrees.
      expect(codes).toContain('ACL_OVERRUNS_HEADER');
      expect(codes).toContain('NAME_OVERRUNS_HEADER');
      expect(r.summary.complete).toBe(false);
    }
  });
});

describe('ArchiveParser.skip', () => {
  it('lets a file reader jump over member data it does not want', () => {
    const p = new ArchiveParser();
    let at = 0;
    while (!p.done && at < testBff.length) {
      const s = p.skippable();
      if (s > 0) {
        p.skip(s);
        at += s;
        continue;
      }
      p.write(testBff.subarray(at, at + 8));
      at += 8;
    }
    expect(p.end()).toMatchObject({ memberCount: 4, complete: true, endOffset: 592 });
    expect(() => new ArchiveParser().skip(1)).toThrow(RangeError);
  });
});

describe('ArchiveParser on small built archives', () => {
  it('reads symlink targets, directories and files of an archive built from backup-format.ts', async () => {
    const { archiveOf } = await import('./small-archive.ts');
    const buf = archiveOf([
      ['./', null],
      ['./etc/hosts', '127.0.0.1 loopback localhost\n'],
      ['./bin', { link: 'usr/bin' }],
      ['./odd\xff\x01name', 'x'],
    ]);
    const r = parseAll(buf, 100);
    expect(r.summary.problems).toEqual([]);
    expect(r.members.map((m) => [m.displayName, m.kind, m.linkTarget])).toEqual([
      ['./', 'directory', null],
      ['./etc/hosts', 'file', null],
      ['./bin', 'symlink', 'usr/bin'],
      ['./odd\\xff\\x01name', 'file', null],
    ]);
    expect(r.members[3]!.name.equals(Buffer.from('./odd\xff\x01name', 'latin1'))).toBe(true);
    expect(r.data.get('./bin')?.toString()).toBe('usr/bin');
  });
});
