/** Each problem code of the parser, provoked on purpose in a small archive. */
import { describe, expect, it } from 'vitest';
import { TYPE_FINDEX } from '../../../electron/services/aix/backup-format.ts';
import { ArchiveParser } from '../../../electron/services/aix/archive-parser.ts';
import { fixture } from './fixtures.ts';
import { archiveOf, record, seal } from './small-archive.ts';
import { parseAll } from './parse-helpers.ts';

const base = archiveOf([
  ['./a', 'alpha'],
  ['./b', 'bravo'],
  ['./c', 'charlie'],
]);
const clean = parseAll(base);
const [a, b] = clean.members as [(typeof clean.members)[number], (typeof clean.members)[number]];

/** base with `insert` placed at offset `at`. */
function withInserted(at: number, insert: Buffer): Buffer {
  return Buffer.concat([base.subarray(0, at), insert, base.subarray(at)]);
}

const codes = (buf: Buffer): string[] => parseAll(buf, 37).summary.problems.map((p) => p.code);
const names = (buf: Buffer): string[] => parseAll(buf, 37).members.map((m) => m.displayName);

describe('ArchiveParser problem codes', () => {
  it('starts from a clean archive', () => {
    expect(clean.summary.problems).toEqual([]);
    expect(clean.members.map((m) => m.displayName)).toEqual(['./a', './b', './c']);
  });

  it('skips an FS_FINDEX record by its length without a problem', () => {
    const findex = seal(record(3, TYPE_FINDEX));
    const buf = withInserted(b.headerOffset, findex);
    expect(codes(buf)).toEqual([]);
    expect(names(buf)).toEqual(['./a', './b', './c']);
  });

  it('reports an FS_VOLUME inside the archive and goes on', () => {
    const vol = Buffer.from(base.subarray(0, 72));
    vol.writeUInt16LE(2, 6);
    seal(vol);
    const buf = withInserted(b.headerOffset, vol);
    expect(codes(buf)).toEqual(['UNEXPECTED_VOLUME']);
    expect(names(buf)).toEqual(['./a', './b', './c']);
  });

  it('names a wrong volume number, a by-inode backup and a missing FS_VOLUME', () => {
    const v2 = Buffer.from(base);
    v2.writeUInt16LE(2, 6);
    seal(v2.subarray(0, 72));
    expect(codes(v2)).toEqual(['WRONG_VOLUME']);
    const inode = Buffer.from(base);
    inode.writeInt16LE(101, 68);
    seal(inode.subarray(0, 72));
    expect(parseAll(inode).summary.problems[0]!.message).toMatch(/incno 101 \(backed up by inode\)/);
    expect(codes(base.subarray(72))).toEqual(['NO_VOLUME_HEADER']);
  });

  it('refuses record variants whose layout is not public, then resynchronises', () => {
    const buf = Buffer.from(base);
    buf.writeUInt16LE(60015, b.headerOffset + 2);
    seal(buf.subarray(b.headerOffset, b.headerOffset + buf[b.headerOffset]! * 8));
    expect(codes(buf)).toEqual(['UNSUPPORTED_RECORD', 'RESYNC']);
    expect(names(buf)).toEqual(['./a', './c']);
  });

  it('reports implausible ACL sizes, keeps the member listed and resynchronises', () => {
    const buf = Buffer.from(base);
    const sac = a.headerOffset + buf[a.headerOffset]! * 8;
    buf.writeUInt32LE(0x40000000, sac);
    expect(codes(buf)).toEqual(['BAD_ACL_SIZE', 'RESYNC']);
    expect(names(buf)).toEqual(['./a', './b', './c']);
  });

  it('reports a symlink with an absurd target length', () => {
    const link = archiveOf([
      ['./l', { link: 'x' }],
      ['./z', 'zulu'],
    ]);
    const m = parseAll(link).members[0]!;
    link.writeInt32LE(5000, m.headerOffset + 24);
    seal(link.subarray(m.headerOffset, m.headerOffset + link[m.headerOffset]! * 8));
    const r = parseAll(link);
    expect(r.summary.problems[0]!.code).toBe('BAD_SYMLINK');
    expect(r.members[0]!.linkTarget).toBeNull();
  });

  it('reports a name with no NUL within NAMESZ', () => {
    const len = 8 + 129; // header dwords + 1032 bytes of name, none of them NUL
    const h = record(len, 11);
    h.writeUInt32LE(0o100644, 12);
    h.fill(0x41, 64);
    seal(h);
    const buf = withInserted(b.headerOffset, h);
    expect(codes(buf)).toEqual(['BAD_NAME', 'RESYNC']);
    expect(names(buf)).toEqual(['./a', './b', './c']);
  });

  it('reports a negative size as damage', () => {
    const buf = Buffer.from(base);
    buf.writeInt32LE(-5, b.headerOffset + 24);
    seal(buf.subarray(b.headerOffset, b.headerOffset + buf[b.headerOffset]! * 8));
    expect(codes(buf)).toEqual(['BAD_SIZE', 'RESYNC']);
  });

  it('resynchronises across a long run of junk and says how far it skipped', () => {
    const junk = Buffer.alloc(100_000, 0xea);
    const r = parseAll(withInserted(b.headerOffset, junk), 4096);
    expect(r.members.map((m) => m.displayName)).toEqual(['./a', './b', './c']);
    expect(r.summary.problems.map((p) => p.code)).toEqual(['BAD_HEADER', 'RESYNC']);
    expect(r.summary.problems[1]!.message).toMatch(/after skipping 99992 bytes/);
  });

  it('keeps the first problems and counts them all', () => {
    const p = new ArchiveParser({ maxProblems: 2 });
    p.write(fixture('test_acl.bff'));
    const s = p.end();
    expect(s.problems.map((x) => x.code)).toEqual(['WRONG_VOLUME', 'NOT_BY_NAME']);
    expect(s.problemCount).toBe(7);
  });
});
