/**
 * Streaming synthetic mksysb (record 4): the planned members written through the archive writer with
 * contents cut from the seeded pools, ending exactly on the requested size rounded up to a whole
 * cluster. Memory stays flat whatever the size; progress reports members and bytes.
 */
import { Readable } from 'node:stream';
import { SysbError } from '../../../../shared/errors.ts';
import { DEFAULT_CLUSTER_BYTES, DWORD, END_BYTES, NAME_LF_HEADER_BYTES, align8 } from '../backup-format.ts';
import { nameBytes } from './archive-records.ts';
import { type ArchiveMember, type ArchiveTotals, archiveChunks } from './archive-writer.ts';
import { type ContentPool, contentPoolFor } from './content-pool.ts';
import { type PlannedMember, planMksysb } from './mksysb-plan.ts';
import type { PoolSlice } from './packed-pool.ts';
import { SeededRandom } from './seeded-random.ts';

/** Options for the mksysb archive. */
export interface MksysbOptions {
  seed: number;
  /** Requested size in bytes; the archive is this rounded up to a multiple of 51200. */
  sizeBytes: number;
  /** Backup date, epoch seconds. */
  date: number;
  bosinstData: string;
  imageData: string;
  /** Pack members like backup -p (mksysb without its -p flag). */
  pack: boolean;
  /** Content pool (one is made from the seed if absent). */
  pool?: ContentPool;
  /** Junk (seeded) after names' NULs and in data padding, as real archives have; default zeros. */
  junkPadding?: boolean;
  /**
   * mksysb -e: true for a "./path" name (stored bytes read as latin1) that is left out. The install
   * files ./bosinst.data and ./image.data are always kept; left-out bytes make the archive smaller.
   */
  exclude?: (name: string) => boolean;
  /** Called after each member, for "N of M files (P%)" progress. */
  onProgress?: (progress: MksysbProgress) => void;
  /** Stops generation with a CANCELLED error. */
  signal?: AbortSignal;
}

/** Progress of a mksysb being generated. */
export interface MksysbProgress {
  membersWritten: number;
  membersTotal: number;
  bytesWritten: number;
  /** Final archive size (known up front). */
  bytesTotal: number;
}

/** Sac_rec with an extended ACL: aclsize 5 dwords (an AIXC ACL with one extra entry), pclsize 2. */
function extendedAcl(perm: number): { acl: Uint8Array; pcl: Uint8Array } {
  const acl = Buffer.alloc(40);
  acl.writeUInt32LE(40, 0);
  acl.writeUInt32LE(0x2000000, 4); // acl_mode: extended permissions enabled
  acl.writeUInt16LE((perm >> 6) & 7, 10);
  acl.writeUInt16LE((perm >> 3) & 7, 12);
  acl.writeUInt16LE(perm & 7, 14);
  acl.writeUInt32LE(24, 16); // one ACE: length, access/type, id
  acl.writeUInt32LE(0x00040001, 20);
  acl.writeUInt32LE(205, 28);
  const pcl = Buffer.alloc(16);
  pcl.writeUInt32LE(16, 0);
  pcl.writeUInt32LE(0o100000 | perm, 4);
  return { acl, pcl };
}

/** Inode numbers for hard-link groups, far above the writer's own numbering. */
const HARD_LINK_INO_BASE = 0x4000_0000;

/** The inode number archiveChunks gives its first member (it counts from 100). */
const FIRST_INO = 101;

/** Placeholder for plan entries already written. */
const DONE: PlannedMember = { name: '.', type: 'directory', perm: 0, uid: 0, gid: 0, mtime: 0, size: 0 };

/** Members mksysb writes whatever the exclude list says: the install needs them. */
const ALWAYS_KEPT = new Set(['./bosinst.data', './image.data']);

/** Which planned members are written (all without an exclude test). */
function keptMembers(plan: readonly PlannedMember[], exclude: MksysbOptions['exclude']): boolean[] {
  return plan.map((p) => {
    if (!exclude) return true;
    const name = nameBytes(p.name).toString('latin1');
    return ALWAYS_KEPT.has(name) || !exclude(name);
  });
}

/** Smallest mksysb size accepted: room for the stanza files, a few hundred members and the filler. */
export const MIN_MKSYSB_BYTES = 256 * 1024;

/** The archive size a request ends up as: rounded up to whole clusters. */
export function mksysbFinalSize(sizeBytes: number): number {
  return Math.ceil(sizeBytes / DEFAULT_CLUSTER_BYTES) * DEFAULT_CLUSTER_BYTES;
}

/** Checks the options a caller can get wrong. */
function checkOptions(options: MksysbOptions): void {
  if (!Number.isSafeInteger(options.sizeBytes) || options.sizeBytes < MIN_MKSYSB_BYTES) {
    throw new SysbError('INVALID_INPUT', `mksysb size must be at least 256KiB, got ${options.sizeBytes} bytes`);
  }
}

/** A synthetic mksysb archive as a sequence of Buffers. */
export function* mksysbChunks(options: MksysbOptions): Generator<Buffer, ArchiveTotals> {
  checkOptions(options);
  const plan = planMksysb(options);
  const kept = keptMembers(plan, options.exclude);
  const pool = options.pool ?? contentPoolFor(options.seed);
  const rng = new SeededRandom(options.seed ^ 0x6666);
  let excludedBytes = 0;
  plan.forEach((p, i) => {
    if (!kept[i]) excludedBytes += p.text?.length ?? p.size;
  });
  let bytesTotal = mksysbFinalSize(Math.max(MIN_MKSYSB_BYTES, options.sizeBytes - excludedBytes));
  let bytesSoFar = 0;
  const linked = new Map<number, PoolSlice>();
  const linkCounts = new Map<number, number>();
  for (const p of plan) if (p.hardLinkGroup !== undefined) linkCounts.set(p.hardLinkGroup, (linkCounts.get(p.hardLinkGroup) ?? 0) + 1);
  const toMember = (p: PlannedMember): ArchiveMember => {
    const base: ArchiveMember = { name: p.name, type: p.type, perm: p.perm, uid: p.uid, gid: p.gid, mtime: p.mtime };
    switch (p.type) {
      case 'directory':
        return { ...base, dirSize: 4096 };
      case 'symlink':
        return { ...base, target: p.target ?? '' };
      case 'file': {
        if (p.extendedAcl) base.acl = extendedAcl(p.perm);
        if (p.text !== undefined) return { ...base, data: Buffer.from(p.text, 'latin1') };
        let size = p.size;
        if (p.filler) {
          // Header (LF) + name + sac_rec + data + FS_END must end inside the final cluster.
          // A few KB are left after FS_END, as on real images whose last cluster is part fill.
          const slack = DWORD * rng.int(64, 1024);
          const overhead = NAME_LF_HEADER_BYTES + align8(nameBytes(p.name).length + 1) + 40 + END_BYTES + slack;
          while (bytesTotal - bytesSoFar - overhead < 0) bytesTotal += DEFAULT_CLUSTER_BYTES;
          size = bytesTotal - bytesSoFar - overhead;
        }
        // Text and object members larger than their pool are stored as binary data: cutting them from
        // the random pool keeps them cheap, and big files on a real system are mostly binary anyway.
        const kind = p.kind && size <= pool.maxSliceBytes(p.kind) ? p.kind : 'random';
        if (p.largeFile || size > pool.maxSliceBytes(kind)) {
          return { ...base, largeFile: true, streamed: { size, pieces: () => pool.pieces(kind, size, rng) } };
        }
        let content = p.hardLinkGroup === undefined ? undefined : linked.get(p.hardLinkGroup);
        if (!content) {
          content = pool.member(kind, size, rng, options.pack);
          if (p.hardLinkGroup !== undefined) linked.set(p.hardLinkGroup, content);
        }
        if (p.hardLinkGroup !== undefined) {
          base.ino = HARD_LINK_INO_BASE + p.hardLinkGroup;
          base.nlink = linkCounts.get(p.hardLinkGroup) ?? 1;
        }
        return { ...base, data: content.data, packed: content.packed };
      }
    }
  };
  const membersTotal = kept.filter(Boolean).length;
  const members = function* (): Generator<ArchiveMember> {
    // Entries are dropped once written, so the plan's memory goes as the image grows.
    for (let i = 0; i < plan.length; i++) {
      if (options.signal?.aborted) throw new SysbError('CANCELLED', 'mksysb generation was cancelled');
      const p = plan[i]!;
      plan[i] = DONE;
      if (!kept[i]) {
        // A left-out member still takes its seeded draws, so every kept member has the same content
        // as in a backup without -e (they are the same files on disk). The filler draws last.
        const skipped = p.filler ? null : toMember(p);
        if (skipped?.streamed) for (const piece of skipped.streamed.pieces()) void piece;
        continue;
      }
      const m = toMember(p);
      // Its inode number from the full list (the writer's own numbering, 101 up), not its position
      // among the kept members: leaving files out does not renumber the disk.
      m.ino ??= FIRST_INO + i;
      yield m;
    }
  };
  return yield* archiveChunks(members(), {
    date: options.date,
    pack: options.pack,
    ...(options.junkPadding ? { junkSeed: options.seed ^ 0x7777 } : {}),
    onMember: (e) => {
      bytesSoFar = e.bytes;
      options.onProgress?.({ membersWritten: e.index, membersTotal, bytesWritten: e.bytes, bytesTotal });
    },
  });
}

/** The member count a mksysb with these options will have (for "N of M files" before writing). */
export function mksysbMemberCount(options: MksysbOptions): number {
  checkOptions(options);
  return keptMembers(planMksysb(options), options.exclude).filter(Boolean).length;
}

/** A synthetic mksysb as a Readable stream (backpressure respected; chunks are generated on demand). */
export function mksysbStream(options: MksysbOptions): Readable {
  return Readable.from(mksysbChunks(options), { objectMode: false, highWaterMark: 1024 * 1024 });
}
