/**
 * Damage robustness: thousands of random mutations of a synthetic archive (from the synthetic image
 * writer) must each end with a summary — no exception, no hang — and every mutation the format can
 * see must be reported as a problem.
 */
import { describe, expect, it } from 'vitest';
import { headerChecksum } from '../../../electron/services/aix/backup-format.ts';
import { buildArchive } from '../../../electron/services/aix/synthetic/archive-writer.ts';
import { SeededRandom } from '../../../electron/services/aix/synthetic/seeded-random.ts';
import { parseAll } from './parse-helpers.ts';

// Four letters: packs to about a quarter, so the member is packed while staying small (fast to decode).
const text = Buffer.from(Array.from({ length: 6000 }, (_, i) => 'acgt'[(i * 7 + (i >> 3)) % 4]).join(''));
const original = buildArchive(
  [
    { name: './bosinst.data', type: 'file', data: Buffer.from('control_flow:\n    CONSOLE = Default\n') },
    { name: './usr', type: 'directory' },
    { name: './usr/share/doc.txt', type: 'file', data: text },
    { name: './usr/lib/libc.a', type: 'symlink', target: '/usr/ccs/lib/libc.a' },
    { name: './var/big', type: 'file', data: Buffer.alloc(3000, 0x41), largeFile: true, pack: false },
    { name: './etc/acl', type: 'file', data: Buffer.from('secret\n'), acl: { acl: Buffer.alloc(40, 1), pcl: Buffer.alloc(16, 2) } },
    { name: './etc/hosts', type: 'file', data: Buffer.from('127.0.0.1 loopback localhost\n') },
  ],
  { date: 1700000000, pack: true },
);

const base = parseAll(original);
const end = base.summary.endOffset!;
/** The archive up to FS_END plus a little of the zero fill: what the mutations work on. */
const archive = original.subarray(0, end + 64);

/** Header records of the original: [start, end). */
const headers: Array<[number, number]> = [
  [0, 72],
  ...base.members.map((m): [number, number] => [m.headerOffset, m.headerOffset + original[m.headerOffset]! * 8]),
  [end - 8, end],
];
const inHeader = (from: number, to: number): boolean => headers.some(([a, b]) => from < b && to > a);
const listing = (r: ReturnType<typeof parseAll>): string =>
  JSON.stringify(r.members.map((m) => [m.displayName, m.kind, m.size, m.headerOffset, m.storedLength]));
const baseListing = listing(base);

/** True when every original header record still carries a matching checksum (a change the checksum cannot see). */
function headersStillSum(buf: Buffer): boolean {
  return headers.every(([a, b]) => buf.readUInt16LE(a + 4) === headerChecksum(buf, a, b - a));
}

type Kind = 'flip' | 'byte' | 'run' | 'truncate' | 'delete' | 'insert' | 'zero-dword' | 'copy';
const KINDS: readonly Kind[] = ['flip', 'byte', 'run', 'truncate', 'delete', 'insert', 'zero-dword', 'copy'];

describe('ArchiveParser under random damage', () => {
  it('has a clean, packed, multi-kind starting archive', () => {
    expect(base.summary.problems).toEqual([]);
    expect(base.members.map((m) => m.kind)).toEqual(['file', 'directory', 'file', 'symlink', 'file', 'file', 'file']);
    expect(base.members.some((m) => m.packed)).toBe(true);
    expect(base.members.some((m) => m.recordType === 12)).toBe(true);
    expect(base.data.get('./usr/share/doc.txt')?.equals(text)).toBe(true);
  });

  it('survives 10,000 random mutations and reports every one the format can see', () => {
    const rng = new SeededRandom(20261122);
    const counts = { mutations: 0, withProblems: 0, unseenDataChanges: 0, checksumCollisions: 0 };
    for (let n = 0; n < 10_000; n++) {
      const kind = KINDS[n % KINDS.length]!;
      const at = rng.int(0, end - 1);
      const len = rng.int(1, 16);
      let buf: Buffer;
      let touched: [number, number] = [at, at + 1];
      let structural = false;
      switch (kind) {
        case 'flip':
          buf = Buffer.from(archive);
          buf[at] = buf[at]! ^ (1 << rng.int(0, 7));
          break;
        case 'byte':
          buf = Buffer.from(archive);
          buf[at] = (buf[at]! + rng.int(1, 255)) & 0xff;
          break;
        case 'run':
          buf = Buffer.from(archive);
          for (let i = at; i < Math.min(end, at + len); i++) buf[i] = rng.int(0, 255);
          touched = [at, Math.min(end, at + len)];
          break;
        case 'truncate':
          buf = archive.subarray(0, at);
          structural = true;
          break;
        case 'delete':
          buf = Buffer.concat([archive.subarray(0, at), archive.subarray(Math.min(at + len, archive.length))]);
          structural = true;
          break;
        case 'insert': {
          const junk = Buffer.alloc(len);
          for (let i = 0; i < len; i++) junk[i] = rng.int(0, 255);
          buf = Buffer.concat([archive.subarray(0, at), junk, archive.subarray(at)]);
          structural = true;
          break;
        }
        case 'zero-dword': {
          buf = Buffer.from(archive);
          const d = at & ~7;
          buf.fill(0, d, d + 8);
          touched = [d, d + 8];
          break;
        }
        case 'copy': {
          buf = Buffer.from(archive);
          const from = rng.int(0, end - 1);
          archive.copy(buf, at, from, Math.min(from + len * 8, end));
          touched = [at, Math.min(at + len * 8, end)];
          break;
        }
      }
      // Bytes after FS_END are never validated, so only changes before it count.
      const changed = buf.length < end || !buf.subarray(0, end).equals(archive.subarray(0, end));
      const r = parseAll(buf, rng.int(1, 4096));
      counts.mutations++;
      // Always a well-formed summary.
      expect(r.summary.problems.length).toBeLessThanOrEqual(100);
      expect(r.summary.endOffset === null || r.summary.endOffset <= buf.length).toBe(true);
      if (r.summary.problemCount > 0) {
        counts.withProblems++;
        continue;
      }
      if (!changed) continue;
      // No problem reported: only allowed where the format has no check at all.
      if (structural) throw new Error(`${kind} at ${at} (len ${len}) went unnoticed`);
      if (kind === 'flip' && inHeader(touched[0], touched[1])) throw new Error(`bit flip at ${at} in a header went unnoticed`);
      if (inHeader(touched[0], touched[1])) {
        // The 16-bit sum cannot see every multi-bit change (e.g. 0x02 -> 0x08 adds the same amount).
        if (!headersStillSum(buf)) throw new Error(`${kind} at ${at} broke a checksum yet went unnoticed`);
        counts.checksumCollisions++;
      } else {
        // Member data and padding carry no checksum; the listing must still be the original one.
        expect(listing(r)).toBe(baseListing);
        counts.unseenDataChanges++;
      }
    }
    expect(counts.mutations).toBe(10_000);
    // Most mutations hit something the format checks; none crashed or hung.
    expect(counts.withProblems).toBeGreaterThan(counts.mutations / 3);
  });
});
