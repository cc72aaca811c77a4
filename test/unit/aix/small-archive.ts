/**
 * Builds small, valid backup-by-name archives for reader tests with backup-format.ts alone, so the
 * reader's tests do not depend on the synthetic writer's choices.
 */
import {
  MAGIC_PLAIN,
  NAME_X_HEADER_BYTES,
  S_IFDIR,
  S_IFLNK,
  S_IFREG,
  TYPE_END,
  TYPE_NAME_X,
  TYPE_VOLUME,
  align8,
  headerChecksum,
} from '../../../electron/services/aix/backup-format.ts';

/** A member: [name, content]; content null = directory; { link } = symlink. */
export type SmallMember = [string, string | Buffer | null | { link: string }];

/** An empty record of len dwords and a type, magic 60011. */
export function record(len: number, type: number): Buffer {
  const b = Buffer.alloc(len * 8);
  b[0] = len;
  b[1] = type;
  b.writeUInt16LE(MAGIC_PLAIN, 2);
  return b;
}

/** Stores the header checksum of a whole record. */
export function seal(b: Buffer): Buffer {
  b.writeUInt16LE(headerChecksum(b), 4);
  return b;
}

/** The archive bytes: FS_VOLUME, the members, FS_END, zero fill to a multiple of 512. */
export function archiveOf(members: SmallMember[]): Buffer {
  const parts: Buffer[] = [];
  const vol = record(9, TYPE_VOLUME);
  vol.writeUInt16LE(1, 6);
  vol.writeInt32LE(1700000000, 8);
  vol.writeInt32LE(1700000000, 12);
  vol.writeUInt32LE(0x7fffffff, 16);
  vol.write('by name', 20);
  vol.write('by name', 36);
  vol.write('root', 52);
  vol.writeInt16LE(100, 68);
  parts.push(seal(vol));
  for (const [name, content] of members) {
    const nameBytes = Buffer.from(name, 'latin1');
    const len = NAME_X_HEADER_BYTES / 8 + align8(nameBytes.length + 1) / 8;
    const h = record(len, TYPE_NAME_X);
    let data: Buffer;
    let mode: number;
    if (content === null) {
      data = Buffer.alloc(0);
      mode = S_IFDIR | 0o755;
    } else if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      data = Buffer.from(content.link);
      mode = S_IFLNK | 0o777;
    } else {
      data = Buffer.isBuffer(content) ? content : Buffer.from(content);
      mode = S_IFREG | 0o644;
    }
    h.writeInt16LE(1, 6);
    h.writeUInt32LE(mode, 12);
    h.writeInt32LE(data.length, 24);
    h.writeInt32LE(1690000000, 32);
    h.writeInt32LE(data.length, 56);
    nameBytes.copy(h, NAME_X_HEADER_BYTES);
    parts.push(seal(h));
    if ((mode & 0o170000) !== S_IFLNK) {
      const sac = Buffer.alloc(40);
      sac.writeUInt32LE(2, 0);
      sac.writeUInt32LE(2, 4);
      sac.writeUInt32LE(16, 8);
      sac.writeUInt32LE(16, 24);
      parts.push(sac);
    }
    parts.push(data, Buffer.alloc(align8(data.length) - data.length));
  }
  parts.push(seal(record(1, TYPE_END)));
  const body = Buffer.concat(parts);
  return Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}
