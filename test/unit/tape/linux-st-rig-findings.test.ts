// Pins a fix the real-driver rig (test/rig) forced on LinuxStDrive: over tgt, a variable-mode read at
// end of data returns a full-length block of nothing with GMT_EOD set; that must read as end of data.
import { describe, expect, it } from 'vitest';
import { LinuxStDrive } from '../../../electron/services/tape/linux-st-drive.ts';
import type { StControl } from '../../../electron/services/tape/st-control.ts';
import type { StFs } from '../../../electron/services/tape/st-fs.ts';
import { GMT, type MtGet } from '../../../electron/services/tape/st-ioctl.ts';

function fakeSt(reads: number[], gstatAfter: number[]): { control: StControl; fs: StFs; gets: () => number } {
  let gets = 0;
  let blockSize = 0;
  let readsDone = 0;
  const status = (): MtGet => ({
    type: 0x72, resid: 0, dsreg: blockSize, erreg: 0, fileno: 4, blkno: 0,
    // Before any read: loaded and online; after read i: what the script says.
    gstat: readsDone === 0 ? GMT.ONLINE : gstatAfter[readsDone - 1] ?? GMT.ONLINE,
  });
  return {
    gets: () => gets,
    control: {
      op: async (_fd, op, count) => { if (op === 'SETBLK') blockSize = count; },
      get: async () => { gets++; return status(); },
      dispose: async () => {},
    },
    fs: {
      open: async () => 3,
      read: async (_fd, _buf, _off, len) => Math.min(reads[readsDone++] ?? 0, len),
      write: async (_fd, _buf, _off, len) => len,
      close: async () => {},
    },
  };
}

describe('LinuxStDrive reads at end of data over tgt', () => {
  it('a variable-mode read that returns data with GMT_EOD set is end of data, not a block', async () => {
    const st = fakeSt([1024 * 1024], [GMT.ONLINE | GMT.EOD]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(0);
    await expect(drive.read(Buffer.alloc(1024 * 1024))).rejects.toMatchObject({ errno: 'EOD', code: 'TAPE_END_OF_DATA' });
    await drive.close();
  });

  it('a variable-mode read of a real block (no GMT_EOD) returns it', async () => {
    const st = fakeSt([512, 0], [GMT.ONLINE, GMT.ONLINE | GMT.EOF]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(0);
    expect(await drive.read(Buffer.alloc(4096))).toBe(512);
    expect(await drive.read(Buffer.alloc(4096))).toBe(0);
    await drive.close();
  });

  it('fixed-mode reads do not pay for a status call', async () => {
    const st = fakeSt([4096, 4096], [GMT.ONLINE, GMT.ONLINE]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(512);
    const before = st.gets();
    expect(await drive.read(Buffer.alloc(4096))).toBe(4096);
    expect(await drive.read(Buffer.alloc(4096))).toBe(4096);
    expect(st.gets()).toBe(before);
    await drive.close();
  });
});
