/**
 * Tells what an image file is from its contents: a bosboot boot image (record 1), a mkinsttape
 * archive (record 2), the dummy TOC (record 3), a mksysb archive (record 4), another backup-by-name
 * archive, or unknown.
 */
import { open } from 'node:fs/promises';
import { ArchiveParser } from './archive-parser.ts';
import { ARCHIVE_SIGNATURE } from './backup-format.ts';
import { IPL_MAGIC } from './boot-image.ts';

/** What a file holds. */
export type ImageKind = 'boot-image' | 'mkinsttape' | 'mksysb' | 'backup-archive' | 'dummy-toc' | 'unknown';

/** The verdict and the evidence for it. */
export interface Identification {
  kind: ImageKind;
  reason: string;
}

/** Bytes read from the front of a file to identify it. */
export const IDENTIFY_HEAD_BYTES = 4 * 1024 * 1024;
/** Members looked at; the telling ones come first in both archive kinds. */
const MEMBERS_LOOKED_AT = 200;
/** Names only the mkinsttape image carries (the installer's tools and the tape block size). */
const MKINSTTAPE_NAMES = ['./tapeblksz', './usr/lpp/bosinst/bi_main', './usr/sbin/restbyname'];
/** mksysb writes these two first (MKSYSB: "starting with the data files"). */
const MKSYSB_FIRST = ['./bosinst.data', './image.data'];

/** Identifies from the first bytes of a file (up to IDENTIFY_HEAD_BYTES) and its length. */
export function identifyImage(head: Uint8Array, length: number): Identification {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.length);
  if (length === 0) return { kind: 'unknown', reason: 'the file is empty' };
  if (buf.length >= 4 && buf.subarray(0, 4).equals(ARCHIVE_SIGNATURE)) return identifyArchive(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === IPL_MAGIC) {
    return { kind: 'boot-image', reason: 'IPL record magic 0xC9C2D4C1 at offset 0' };
  }
  if (length <= 512 && buf.subarray(0, 14).toString('latin1').toLowerCase() === 'dummy tape toc') {
    return { kind: 'dummy-toc', reason: "one record beginning 'Dummy tape TOC'" };
  }
  return { kind: 'unknown', reason: 'neither a backup archive (09 00 6B EA) nor a boot image (C9 C2 D4 C1) at offset 0' };
}

function identifyArchive(buf: Buffer): Identification {
  const names: string[] = [];
  const parser = new ArchiveParser({
    onMember: (m) => {
      if (names.length < MEMBERS_LOOKED_AT) names.push(m.displayName);
    },
    decodePacked: false,
  });
  for (let at = 0; at < buf.length && names.length < MEMBERS_LOOKED_AT && !parser.done; at += 64 * 1024) {
    parser.write(buf.subarray(at, at + 64 * 1024));
  }
  if (names.length === 0) return { kind: 'backup-archive', reason: 'a backup-by-name archive with no members in its first bytes' };
  if (MKSYSB_FIRST.includes(names[0]!)) {
    return { kind: 'mksysb', reason: `a backup-by-name archive that begins with ${names[0]}, as mksysb writes` };
  }
  const tool = names.find((n) => MKINSTTAPE_NAMES.includes(n) || n.startsWith('./usr/lpp/bosinst/'));
  if (tool !== undefined) return { kind: 'mkinsttape', reason: `a backup-by-name archive holding ${tool}, as mkinsttape writes` };
  return { kind: 'backup-archive', reason: 'a backup-by-name archive that is neither a mksysb nor a mkinsttape image' };
}

/** Identifies a file on disk. */
export async function identifyFile(path: string): Promise<Identification> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, IDENTIFY_HEAD_BYTES));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return identifyImage(head.subarray(0, bytesRead), size);
  } finally {
    await fh.close();
  }
}
