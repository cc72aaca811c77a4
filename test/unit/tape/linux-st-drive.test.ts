import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { LinuxStDrive, ST_MAX_WRITE } from '../../../electron/services/tape/linux-st-drive.ts';
import { KoffiStControl, type StControl } from '../../../electron/services/tape/st-control.ts';
import { O_FLAGS, type StFs } from '../../../electron/services/tape/st-fs.ts';
import { GMT, type MtGet, type MtOpName } from '../../../electron/services/tape/st-ioctl.ts';
import { TapeError } from '../../../electron/services/tape/tape-error.ts';
import { makeImageSet, useTempDirs } from './tape-fixtures.ts';

const tempDir = useTempDirs();

/** A scripted st device: records every syscall and ioctl in order. */
class FakeSt implements StControl, StFs {
  log: string[] = [];
  gstat = GMT.BOT | GMT.ONLINE | GMT.IM_REP_EN;
  blockSize = 0;
  fileno = 0;
  nextFd = 3;
  openError: string | undefined;
  readScript: (number | string)[] = [];
  written: number[] = [];

  async op(fd: number, op: MtOpName, count: number): Promise<void> {
    this.log.push(`ioctl(${fd}) ${op} ${count}`);
    if (op === 'SETBLK') this.blockSize = count;
    if (op === 'WEOF') this.fileno += count;
  }

  async get(fd: number): Promise<MtGet> {
    this.log.push(`ioctl(${fd}) MTIOCGET`);
    return { type: 0x72, resid: 0, dsreg: this.blockSize, gstat: this.gstat, erreg: 0, fileno: this.fileno, blkno: 0 };
  }

  async dispose(): Promise<void> {
    this.log.push('dispose');
  }

  async open(p: string, flags: number): Promise<number> {
    const mode =
      flags === O_FLAGS.probe
        ? 'O_RDONLY|O_NONBLOCK'
        : flags === O_FLAGS.write
          ? 'O_RDWR'
          : flags === O_FLAGS.read
            ? 'O_RDONLY'
            : String(flags);
    this.log.push(`open ${p} ${mode}`);
    if (this.openError) throw Object.assign(new Error(this.openError), { code: this.openError });
    return this.nextFd++;
  }

  async read(fd: number, _buf: Uint8Array, _off: number, len: number): Promise<number> {
    this.log.push(`read(${fd}) ${len}`);
    const next = this.readScript.shift() ?? 0;
    if (typeof next === 'string') throw Object.assign(new Error(next), { code: next });
    return Math.min(next, len);
  }

  async write(fd: number, _buf: Uint8Array, _off: number, len: number): Promise<number> {
    this.written.push(len);
    this.log.push(`write(${fd}) ${len}`);
    return len;
  }

  async close(fd: number): Promise<void> {
    this.log.push(`close(${fd})`);
  }
}

function driveWith(fake: FakeSt): LinuxStDrive {
  return new LinuxStDrive('/dev/nst0', { control: fake, fs: fake });
}

describe('LinuxStDrive open sequence', () => {
  it('probes with O_RDONLY|O_NONBLOCK and MTIOCGET, closes, then opens for the job', async () => {
    const fake = new FakeSt();
    const drive = driveWith(fake);
    await drive.open('write');
    expect(fake.log).toEqual(['open /dev/nst0 O_RDONLY|O_NONBLOCK', 'ioctl(3) MTIOCGET', 'close(3)', 'open /dev/nst0 O_RDWR']);
    await drive.close();
  });

  it('no tape (DR_OPEN) is reported at once, without a blocking open', async () => {
    const fake = new FakeSt();
    fake.gstat = GMT.DR_OPEN | GMT.IM_REP_EN;
    const err = await driveWith(fake)
      .open('read')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TapeError);
    expect((err as TapeError).code).toBe('TAPE_NO_MEDIUM');
    expect(fake.log.filter((l) => l.startsWith('open'))).toEqual(['open /dev/nst0 O_RDONLY|O_NONBLOCK']);
  });

  it('a write-protected cartridge refuses write mode but opens for reading', async () => {
    const fake = new FakeSt();
    fake.gstat = GMT.BOT | GMT.WR_PROT | GMT.ONLINE | GMT.IM_REP_EN;
    await expect(driveWith(fake).open('write')).rejects.toMatchObject({ code: 'TAPE_WRITE_PROTECTED', errno: 'EROFS' });
    const drive = driveWith(fake);
    await drive.open('read');
    expect(fake.log.at(-1)).toBe('open /dev/nst0 O_RDONLY');
    await drive.close();
  });

  it('maps EBUSY and a missing device to clear errors', async () => {
    const busy = new FakeSt();
    busy.openError = 'EBUSY';
    await expect(driveWith(busy).open('read')).rejects.toMatchObject({ code: 'TAPE_BUSY' });
    const missing = new FakeSt();
    missing.openError = 'ENOENT';
    await expect(driveWith(missing).open('read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('LinuxStDrive data path', () => {
  it('fixed mode: refuses a non-multiple before the syscall and splits large writes into ≤1 MiB block multiples', async () => {
    const fake = new FakeSt();
    const drive = driveWith(fake);
    await drive.open('write');
    await drive.setBlockSize(5120);
    await expect(drive.write(Buffer.alloc(5000))).rejects.toMatchObject({ errno: 'EINVAL' });
    await drive.write(Buffer.alloc(5120 * 500));
    expect(fake.written.every((n) => n % 5120 === 0 && n <= ST_MAX_WRITE)).toBe(true);
    expect(fake.written.reduce((a, b) => a + b, 0)).toBe(5120 * 500);
    expect(fake.written[0]).toBe(Math.floor(ST_MAX_WRITE / 5120) * 5120);
    await drive.close();
  });

  it('a read EIO at end of data (GMT_EOD, as tgt answers) becomes TAPE_END_OF_DATA', async () => {
    const fake = new FakeSt();
    const drive = driveWith(fake);
    await drive.open('read');
    fake.readScript = [512, 0, 'EIO'];
    const buf = Buffer.alloc(512);
    expect(await drive.read(buf)).toBe(512);
    expect(await drive.read(buf)).toBe(0);
    fake.gstat = GMT.EOD | GMT.ONLINE;
    await expect(drive.read(buf)).rejects.toMatchObject({ errno: 'EOD', code: 'TAPE_END_OF_DATA' });
    fake.readScript = ['EIO'];
    fake.gstat = GMT.ONLINE;
    await expect(drive.read(buf)).rejects.toMatchObject({ errno: 'EIO', code: 'TAPE_IO' });
    await drive.close();
  });

  it('the four-record writer drives st with the exact command sequence', async () => {
    const dir = tempDir();
    const images = await makeImageSet(path.join(dir, 'images'), { tapeblksz: '1024 NONE' });
    const fake = new FakeSt();
    await writeFourRecordTape(driveWith(fake), images);
    const sizes = (name: string): number => fs.statSync(path.join(images, name)).size;
    // Collapse runs of writes so the sequence reads like the mt/dd recipe.
    const seq: string[] = [];
    let run = 0;
    for (const line of fake.log) {
      if (line.startsWith('write(')) {
        run += Number(line.split(' ')[1]);
        continue;
      }
      if (run > 0) seq.push(`write ${run}`);
      run = 0;
      seq.push(line.replace(/\(\d+\)/, ''));
    }
    const padded = (n: number, bs: number): number => Math.ceil(n / bs) * bs;
    expect(seq).toEqual([
      // status (no tape? write-protected?), capacity (density), then open's own probe.
      'open /dev/nst0 O_RDONLY|O_NONBLOCK',
      'ioctl MTIOCGET',
      'close',
      'open /dev/nst0 O_RDONLY|O_NONBLOCK',
      'ioctl MTIOCGET',
      'close',
      'open /dev/nst0 O_RDONLY|O_NONBLOCK',
      'ioctl MTIOCGET',
      'close',
      'open /dev/nst0 O_RDWR',
      'ioctl REW 1',
      'ioctl SETBLK 512',
      `write ${padded(sizes('1_bosboot.img'), 512)}`,
      'ioctl WEOF 1',
      `write ${padded(sizes('2_mkinsttape.img'), 512)}`,
      'ioctl WEOF 1',
      'write 512',
      'ioctl WEOF 1',
      'ioctl SETBLK 1024',
      `write ${padded(sizes('4_mksysb.img'), 1024)}`,
      'ioctl WEOF 1',
      'close',
      'dispose',
    ]);
    expect(fake.written.every((n) => n <= ST_MAX_WRITE && n % 512 === 0)).toBe(true);
  });
});

describe('KoffiStControl (real ioctl in a worker thread)', () => {
  it('MTIOCGET on a non-tape fd fails with ENOTTY, read from the worker thread errno', async () => {
    const control = new KoffiStControl();
    const fd = fs.openSync('/dev/null', 'r');
    try {
      const err = await control.get(fd).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TapeError);
      expect((err as TapeError).message).toMatch(/MTIOCGET failed: ENOTTY \(the target is not a tape device\)/);
      await expect(control.op(fd, 'REW', 1)).rejects.toThrow(/MTIOCTOP REW 1 failed: ENOTTY/);
    } finally {
      fs.closeSync(fd);
      await control.dispose();
    }
  });
});
