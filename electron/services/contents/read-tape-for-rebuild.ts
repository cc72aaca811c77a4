/**
 * One pass over a mksysb tape for a catalog rebuild: per record the block size, blocks, bytes and
 * SHA-256 of every byte read; record 2's image.data (host, OS level, backup date); record 4's member
 * list for the index and its backup date. Reads exactly what a verification reads; nothing is staged.
 */
import { createHash } from 'node:crypto';
import { SysbError } from '../../../shared/errors.ts';
import { ArchiveParser } from '../aix/archive-parser.ts';
import { type ImageDataSummary, summarizeImageData } from '../aix/image-data.ts';
import type { IndexedMember } from '../catalog/member-index.ts';
import { readTapeFile } from '../tape/record-reader.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';
import { indexedMember } from './index-image-set.ts';

/** One record as read. */
export interface RebuildRecord {
  index: 1 | 2 | 3 | 4;
  blockSize: number;
  blocks: number;
  bytes: number;
  sha256: string;
}

/** What the tape holds. */
export interface TapeForRebuild {
  records: RebuildRecord[];
  imageData: ImageDataSummary | null;
  members: IndexedMember[];
  /** FS_VOLUME date of record 4 (the backup date), epoch seconds. */
  backupDate: number | null;
}

const SMALL_MEMBER_BYTES = 4 * 1024 * 1024;

/** Reads the four records (opens and closes the drive); refuses a tape that is not four files. */
export async function readTapeForRebuild(drive: TapeDrive, signal?: AbortSignal): Promise<TapeForRebuild> {
  const out: TapeForRebuild = { records: [], imageData: null, members: [], backupDate: null };
  const small = new Map<string, Buffer[]>();
  await drive.open('read');
  try {
    await drive.rewind();
    for (const index of [1, 2, 3, 4] as const) {
      const hash = createHash('sha256');
      let parser: ArchiveParser | undefined;
      if (index === 2) {
        parser = new ArchiveParser({
          wantData: (m) => (m.displayName === './image.data' || m.displayName === './bosinst.data') && m.size <= SMALL_MEMBER_BYTES,
          onMemberData: (m, chunk) => {
            small.set(m.displayName, [...(small.get(m.displayName) ?? []), Buffer.from(chunk)]);
          },
        });
      } else if (index === 4) {
        parser = new ArchiveParser({ onMember: (m) => out.members.push(indexedMember(m)), decodePacked: false, wantData: false });
      }
      const read = await readTapeFile(
        drive,
        (chunk) => {
          hash.update(chunk);
          if (parser && !parser.done) parser.write(chunk);
        },
        signal,
      );
      if (read.blocks === 0)
        throw new SysbError('NOT_AN_ARCHIVE', `${drive.target} has no tape file ${index}: it is not a four-record mksysb tape`);
      out.records.push({ index, blockSize: read.runs[0]!.size, blocks: read.blocks, bytes: read.bytes, sha256: hash.digest('hex') });
      const summary = parser?.end();
      if (index === 4) out.backupDate = summary?.volume?.date ?? null;
      if (read.end === 'end-of-data' && index < 4)
        throw new SysbError('NOT_AN_ARCHIVE', `${drive.target} ends after tape file ${index}: it is not a four-record mksysb tape`);
    }
  } finally {
    await drive.close().catch(() => undefined);
  }
  const image = small.get('./image.data');
  const bosinst = small.get('./bosinst.data');
  if (image)
    out.imageData = summarizeImageData(Buffer.concat(image).toString('latin1'), bosinst ? Buffer.concat(bosinst).toString('latin1') : null);
  return out;
}
