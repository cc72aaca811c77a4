import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type MksysbOptions,
  type MksysbProgress,
  mksysbChunks,
  mksysbFinalSize,
  mksysbMemberCount,
  mksysbStream,
} from '../../../../electron/services/aix/synthetic/mksysb-image.ts';
import { imageSetTexts } from '../../../../electron/services/aix/synthetic/image-set.ts';
import { unpackReference } from './unpack-reference.ts';
import { walkArchive, type WalkedRecord } from './walk-archive.ts';

const MiB = 1024 * 1024;

function options(extra: Partial<MksysbOptions> = {}): MksysbOptions {
  return { seed: 11, sizeBytes: 2 * MiB, date: 1_768_444_200, pack: true, ...imageSetTexts({ mksysbSize: 2 * MiB }), ...extra };
}

function build(opts: MksysbOptions): Buffer {
  return Buffer.concat([...mksysbChunks(opts)]);
}

const fileRecords = (records: WalkedRecord[]): WalkedRecord[] => records.filter((r) => r.type === 11 || r.type === 12);

describe('synthetic mksysb', () => {
  const archive = build(options());
  const { records, endOffset } = walkArchive(archive);
  const files = fileRecords(records);
  const names = files.map((r) => r.name!.toString('latin1'));

  it('has the requested size rounded up to whole 51200-byte clusters, zero fill after FS_END', () => {
    expect(archive.length).toBe(mksysbFinalSize(2 * MiB));
    expect(archive.length % 51200).toBe(0);
    expect(endOffset).toBeLessThan(archive.length);
    expect(archive.subarray(endOffset).every((b) => b === 0)).toBe(true);
  });

  it('starts with ./bosinst.data and ./image.data, then the root directory', () => {
    expect(names.slice(0, 3)).toEqual(['./bosinst.data', './image.data', './']);
    expect(files[1]!.data!.toString('latin1')).toContain('UNAME_INFO= AIX aixprod01');
  });

  it('holds directories, files, symlinks, packed members, an FS_NAME_LF record and an extended ACL', () => {
    const kind = (r: WalkedRecord): number => r.mode! & 0o170000;
    expect(files.filter((r) => kind(r) === 0o040000).length).toBeGreaterThan(10);
    expect(files.filter((r) => kind(r) === 0o100000).length).toBeGreaterThan(40);
    expect(files.filter((r) => kind(r) === 0o120000).length).toBeGreaterThan(0);
    expect(files.filter((r) => r.magic === 60012).length).toBeGreaterThan(3);
    expect(files.filter((r) => r.type === 12).length).toBeGreaterThan(0);
    const acl = files.filter((r) => r.aclDwords !== 2 && r.aclDwords !== undefined);
    expect(acl.length).toBeGreaterThan(0);
    expect(acl.every((r) => r.aclDwords === 5 && (r.mode! & 0x02000000) !== 0)).toBe(true);
  });

  it('stores hard links (vi, view, ex) as full copies with one inode and nlink 3', () => {
    const links = files.filter((r) => ['./usr/bin/vi', './usr/bin/view', './usr/bin/ex'].includes(r.name!.toString()));
    expect(links).toHaveLength(3);
    expect(new Set(links.map((r) => r.ino)).size).toBe(1);
    expect(links.every((r) => r.nlink === 3 && r.size === links[0]!.size && r.data!.equals(links[0]!.data!))).toBe(true);
    const others = files.filter((r) => !links.includes(r)).map((r) => r.ino);
    expect(others).not.toContain(links[0]!.ino);
  });

  it('lists every directory before what it contains', () => {
    const seen = new Set<string>();
    for (const name of names) {
      const parent = name === './' ? null : name.slice(0, name.lastIndexOf('/'));
      if (parent !== null && parent !== '.') expect(seen.has(parent), `${name} before ${parent}`).toBe(true);
      seen.add(name === './' ? '.' : name);
    }
  });

  it('every packed member decodes to its declared size and saves at least 4 KB', () => {
    for (const r of files.filter((f) => f.magic === 60012)) {
      expect(unpackReference(r.data!, r.size!).length).toBe(r.size);
      expect(r.size! - r.dsize!).toBeGreaterThanOrEqual(4096);
    }
  });

  it('has the same member contents with packing off (except the filler), only stored plain', () => {
    const plain = fileRecords(walkArchive(build(options({ pack: false }))).records);
    expect(plain.map((r) => r.name!.toString('latin1'))).toEqual(names);
    expect(plain.every((r) => r.magic === 60011)).toBe(true);
    // The last member fills up to the requested size, so its length depends on how much packing saved.
    files.slice(0, -1).forEach((r, i) => {
      const content = r.magic === 60012 ? unpackReference(r.data!, r.size!) : r.data!;
      expect(content.equals(plain[i]!.data!), names[i]).toBe(true);
    });
  });

  it('is the same bytes for the same seed and different bytes for another seed', () => {
    const hash = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(hash(build(options()))).toBe(hash(archive));
    expect(hash(build(options({ seed: 12 })))).not.toBe(hash(archive));
  });

  it('reports progress up to "M of M" with the member count known in advance', () => {
    const events: MksysbProgress[] = [];
    build(options({ onProgress: (p) => events.push(p) }));
    const total = mksysbMemberCount(options());
    expect(total).toBe(files.length);
    expect(events.length).toBe(total);
    expect(events.at(-1)).toMatchObject({ membersWritten: total, membersTotal: total, bytesTotal: archive.length });
    expect(events.every((e, i) => e.membersWritten === i + 1 && e.bytesWritten <= e.bytesTotal)).toBe(true);
  });

  it('stops with CANCELLED when its signal is aborted', () => {
    const controller = new AbortController();
    const run = (): Buffer =>
      build(
        options({
          onProgress: (p) => {
            if (p.membersWritten === 5) controller.abort();
          },
          signal: controller.signal,
        }),
      );
    expect(run).toThrow(expect.objectContaining({ code: 'CANCELLED' }));
  });

  it('refuses sizes too small to hold an image', () => {
    expect(() => build(options({ sizeBytes: 1000 }))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('as a stream gives the same bytes', async () => {
    const parts: Buffer[] = [];
    for await (const chunk of mksysbStream(options())) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(archive)).toBe(true);
  });
});
