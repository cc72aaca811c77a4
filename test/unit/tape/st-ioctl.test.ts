import { describe, expect, it } from 'vitest';
import {
  decodeMtget,
  encodeMtget,
  encodeMtop,
  GMT,
  MT_OP,
  MTGET_BYTES,
  MTIOCGET,
  MTIOCTOP,
  statusFromMtget,
} from '../../../electron/services/tape/st-ioctl.ts';

describe('st ioctl layouts (x86_64 <linux/mtio.h>)', () => {
  it('request numbers and struct sizes match the kernel headers', () => {
    expect(MTIOCTOP).toBe(0x40086d01);
    expect(MTIOCGET).toBe(0x80306d02);
    expect(MTGET_BYTES).toBe(48);
  });

  it('struct mtop: short mt_op at 0, int mt_count at 4', () => {
    const b = encodeMtop(MT_OP.SETBLK, 1024);
    expect([...b]).toEqual([20, 0, 0, 0, 0x00, 0x04, 0, 0]);
  });

  it('struct mtget: fields at their offsets, gstat read unsigned', () => {
    const raw = Buffer.alloc(48);
    raw.writeBigInt64LE(0x72n, 0);
    raw.writeBigInt64LE(BigInt(0x5a000200), 16);
    raw.writeUInt32LE(0x81010000, 24);
    raw.writeInt32LE(4, 40);
    raw.writeInt32LE(-1, 44);
    const m = decodeMtget(raw);
    expect(m).toMatchObject({ type: 0x72, dsreg: 0x5a000200, gstat: 0x81010000, fileno: 4, blkno: -1 });
    expect(decodeMtget(encodeMtget(m))).toEqual(m);
  });

  it('status bits as mt-st prints them: BOT ONLINE IM_REP_EN (41010000)', () => {
    const s = statusFromMtget({ type: 0x72, resid: 0, dsreg: 512, gstat: 0x41010000, erreg: 0, fileno: 0, blkno: 0 });
    expect(s).toMatchObject({
      beginningOfTape: true,
      online: true,
      writeProtected: false,
      noTape: false,
      blockSize: 512,
      density: 0,
      fileNumber: 0,
    });
  });

  it('write-protected (45010000), after four files (81010000), no tape (50000)', () => {
    const base = { type: 0x72, resid: 0, dsreg: 0, erreg: 0, fileno: 0, blkno: 0 };
    expect(statusFromMtget({ ...base, gstat: 0x45010000 }).writeProtected).toBe(true);
    const eof = statusFromMtget({ ...base, gstat: 0x81010000, fileno: 4 });
    expect(eof).toMatchObject({ atFilemark: true, online: true, beginningOfTape: false, fileNumber: 4 });
    const none = statusFromMtget({ ...base, gstat: 0x50000, fileno: -1, blkno: -1 });
    expect(none).toMatchObject({ noTape: true, online: false, fileNumber: -1, blockNumber: -1 });
    expect(statusFromMtget({ ...base, gstat: GMT.EOD | GMT.CLN }).cleaningRequested).toBe(true);
    expect(statusFromMtget({ ...base, dsreg: 0x5e040000, gstat: 0 })).toMatchObject({ density: 0x5e, blockSize: 0x40000 });
  });
});
