/**
 * The Linux magnetic-tape ioctl ABI (<linux/mtio.h>) for 64-bit Linux (x86_64, arm64), with the
 * struct layouts of ../shared/reference/linux-tape.md §1. Pure encode/decode: no I/O here.
 */
import type { TapeStatus } from './tape-drive.ts';

/** MTIOCTOP: perform a tape operation; argument struct mtop (8 bytes). */
export const MTIOCTOP = 0x40086d01;
/** MTIOCGET: get status; argument struct mtget (48 bytes on 64-bit). */
export const MTIOCGET = 0x80306d02;
/** Size of struct mtop: short mt_op @0, 2 bytes padding, int mt_count @4. */
export const MTOP_BYTES = 8;
/** Size of struct mtget on 64-bit Linux (long = 8 bytes). */
export const MTGET_BYTES = 48;

/** mt_op values used by the drive. */
export const MT_OP = {
  FSF: 1,
  BSF: 2,
  FSR: 3,
  BSR: 4,
  WEOF: 5,
  REW: 6,
  OFFL: 7,
  NOP: 8,
  EOM: 12,
  SETBLK: 20,
} as const;

/** Names of the mt_op values, for messages and the command-sequence tests. */
export type MtOpName = keyof typeof MT_OP;

/** mt_gstat bits (GMT_*). */
export const GMT = {
  EOF: 0x80000000,
  BOT: 0x40000000,
  EOT: 0x20000000,
  SM: 0x10000000,
  EOD: 0x08000000,
  WR_PROT: 0x04000000,
  ONLINE: 0x01000000,
  DR_OPEN: 0x00040000,
  IM_REP_EN: 0x00010000,
  CLN: 0x00008000,
} as const;

/** The fields of struct mtget. */
export interface MtGet {
  type: number;
  resid: number;
  dsreg: number;
  gstat: number;
  erreg: number;
  fileno: number;
  blkno: number;
}

/** Encodes struct mtop. */
export function encodeMtop(op: number, count: number): Buffer {
  const buf = Buffer.alloc(MTOP_BYTES);
  buf.writeInt16LE(op, 0);
  buf.writeInt32LE(count, 4);
  return buf;
}

/** Decodes struct mtget (longs are 64-bit; the values st puts there fit in 32 bits). */
export function decodeMtget(buf: Uint8Array): MtGet {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < MTGET_BYTES) throw new Error(`struct mtget needs ${MTGET_BYTES} bytes, got ${b.length}`);
  const long = (at: number): number => Number(b.readBigInt64LE(at));
  return {
    type: long(0),
    resid: long(8),
    dsreg: long(16),
    // gstat is a bit mask in the low 32 bits; read it unsigned so GMT_EOF (bit 31) stays positive.
    gstat: b.readUInt32LE(24),
    erreg: long(32),
    fileno: b.readInt32LE(40),
    blkno: b.readInt32LE(44),
  };
}

/** Encodes struct mtget (used by tests and fakes of the ioctl layer). */
export function encodeMtget(m: MtGet): Buffer {
  const b = Buffer.alloc(MTGET_BYTES);
  b.writeBigInt64LE(BigInt(m.type), 0);
  b.writeBigInt64LE(BigInt(m.resid), 8);
  b.writeBigInt64LE(BigInt(m.dsreg), 16);
  b.writeBigUInt64LE(BigInt(m.gstat >>> 0), 24);
  b.writeBigInt64LE(BigInt(m.erreg), 32);
  b.writeInt32LE(m.fileno, 40);
  b.writeInt32LE(m.blkno, 44);
  return b;
}

/** Turns MTIOCGET fields into the drive-independent TapeStatus. */
export function statusFromMtget(m: MtGet): TapeStatus {
  const has = (bit: number): boolean => (m.gstat & bit) >>> 0 === bit >>> 0;
  return {
    online: has(GMT.ONLINE),
    noTape: has(GMT.DR_OPEN),
    writeProtected: has(GMT.WR_PROT),
    beginningOfTape: has(GMT.BOT),
    atFilemark: has(GMT.EOF),
    endOfData: has(GMT.EOD),
    endOfMedium: has(GMT.EOT),
    cleaningRequested: has(GMT.CLN),
    blockSize: m.dsreg & 0xffffff,
    density: (m.dsreg >>> 24) & 0xff,
    fileNumber: m.fileno,
    blockNumber: m.blkno,
  };
}

/** Native capacity in bytes by density code (LTO-5..9), for the "capacity too small" check. */
export function nativeCapacityForDensity(density: number): number | undefined {
  switch (density) {
    case 0x58:
      return 1.5e12;
    case 0x5a:
      return 2.5e12;
    case 0x5c:
      return 6e12;
    case 0x5e:
      return 12e12;
    case 0x60:
      return 18e12;
    default:
      return undefined;
  }
}
