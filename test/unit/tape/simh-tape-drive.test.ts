import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { TapeDamagedError, TapeError } from '../../../electron/services/tape/tape-error.ts';
import { tapFiles, useTempDirs, walkTap } from './tape-fixtures.ts';

const tempDir = useTempDirs();

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

async function expectTapeError(p: Promise<unknown>, errno: string): Promise<TapeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TapeError);
  expect((err as TapeError).errno).toBe(errno);
  return err as TapeError;
}

async function newTape(opts: ConstructorParameters<typeof SimhTapeDrive>[1] = {}): Promise<{ drive: SimhTapeDrive; file: string }> {
  const file = path.join(tempDir(), 't.tap');
  const drive = new SimhTapeDrive(file, { durable: false, ...opts });
  await drive.open('write');
  return { drive, file };
}

describe('SimhTapeDrive fixed and variable block modes', () => {
  it('fixed mode: N bytes make N/bs blocks of exactly the SIMH frame layout', async () => {
    const { drive, file } = await newTape();
    await drive.setBlockSize(512);
    await drive.write(bytes(1536, 1));
    await drive.writeFilemarks(1);
    await drive.close();
    const raw = fs.readFileSync(file);
    expect(raw.length).toBe(3 * (512 + 8) + 4);
    expect(raw.readUInt32LE(0)).toBe(512);
    expect(raw.readUInt32LE(516)).toBe(512);
    expect(raw.subarray(4, 516).equals(bytes(1536, 1).subarray(0, 512))).toBe(true);
    expect(raw.readUInt32LE(raw.length - 4)).toBe(0);
    expect(tapFiles(file)).toEqual([[512, 512, 512]]);
  });

  it('fixed mode: a write that is not a multiple of the block size fails with EINVAL and writes nothing', async () => {
    const { drive, file } = await newTape();
    await drive.setBlockSize(512);
    const err = await expectTapeError(drive.write(bytes(700, 2)), 'EINVAL');
    expect(err.code).toBe('TAPE_INVALID_ARGUMENT');
    expect(err.message).toMatch(/not a multiple of the tape block size 512/);
    await drive.close();
    expect(fs.statSync(file).size).toBe(0);
  });

  it('variable mode: one write is one block, odd lengths get a pad byte, one read returns one block', async () => {
    const { drive, file } = await newTape();
    await drive.setBlockSize(0);
    await drive.write(bytes(1001, 3));
    await drive.write(bytes(7, 4));
    await drive.writeFilemarks(1);
    await drive.close();
    expect(walkTap(file)).toEqual([
      { kind: 'record', offset: 0, length: 1001 },
      { kind: 'record', offset: 1010, length: 7 },
      { kind: 'mark', offset: 1026 },
    ]);
    await drive.open('read');
    const buf = Buffer.alloc(4096);
    expect(await drive.read(buf)).toBe(1001);
    expect(buf.subarray(0, 1001).equals(bytes(1001, 3))).toBe(true);
    expect(await drive.read(buf)).toBe(7);
    expect(await drive.read(buf)).toBe(0);
    await drive.close();
  });

  it('variable mode: a read buffer smaller than the block gives ENOMEM and skips the block', async () => {
    const { drive } = await newTape();
    await drive.setBlockSize(0);
    await drive.write(bytes(1000, 5));
    await drive.write(bytes(10, 6));
    await drive.writeFilemarks(1);
    await drive.rewind();
    await expectTapeError(drive.read(Buffer.alloc(100)), 'ENOMEM');
    const buf = Buffer.alloc(100);
    expect(await drive.read(buf)).toBe(10);
    expect(buf.subarray(0, 10).equals(bytes(10, 6))).toBe(true);
    await drive.close();
  });

  it('fixed mode read of a block of another size fails with EIO naming the size and offset', async () => {
    const { drive } = await newTape();
    await drive.setBlockSize(1024);
    await drive.write(bytes(1024, 7));
    await drive.writeFilemarks(1);
    await drive.rewind();
    await drive.setBlockSize(512);
    const err = await expectTapeError(drive.read(Buffer.alloc(512)), 'EIO');
    expect(err.message).toMatch(/1024-byte block at byte offset 0/);
    await drive.close();
  });
});

describe('SimhTapeDrive filemarks, end of data, positioning', () => {
  async function threeFiles(opts: ConstructorParameters<typeof SimhTapeDrive>[1] = {}): Promise<SimhTapeDrive> {
    const { drive } = await newTape(opts);
    await drive.setBlockSize(512);
    for (let f = 0; f < 3; f++) {
      await drive.write(bytes(512 * (f + 1), f));
      await drive.writeFilemarks(1);
    }
    await drive.rewind();
    return drive;
  }

  it('read returns 0 at a filemark, the next read gives the next file; status tracks file and block numbers', async () => {
    const drive = await threeFiles();
    const buf = Buffer.alloc(4096);
    expect((await drive.status()).beginningOfTape).toBe(true);
    expect(await drive.read(buf)).toBe(512);
    expect(await drive.read(buf)).toBe(0);
    const st = await drive.status();
    expect(st).toMatchObject({ fileNumber: 1, blockNumber: 0, atFilemark: true, blockSize: 512, online: true, noTape: false });
    expect(await drive.read(buf)).toBe(1024);
    expect((await drive.status()).blockNumber).toBe(2);
    await drive.close();
  });

  it('end of data: 0 once then TAPE_END_OF_DATA (st(4)), or the error at once (tgt)', async () => {
    for (const mode of ['zero-then-error', 'error'] as const) {
      const drive = await threeFiles({ endOfData: mode });
      await drive.spaceFiles(3);
      expect((await drive.status()).endOfData).toBe(true);
      if (mode === 'zero-then-error') expect(await drive.read(Buffer.alloc(512))).toBe(0);
      const err = await expectTapeError(drive.read(Buffer.alloc(512)), 'EOD');
      expect(err.code).toBe('TAPE_END_OF_DATA');
      await drive.close();
    }
  });

  it('spaces forward past filemarks and back before them; past end of data is EIO with unknown position', async () => {
    const drive = await threeFiles();
    const buf = Buffer.alloc(4096);
    await drive.spaceFiles(2);
    expect((await drive.status()).fileNumber).toBe(2);
    expect(await drive.read(buf)).toBe(1536);
    await drive.spaceFiles(-1);
    // BSF leaves the head before the filemark that ended file 1 (the previous file), block unknown.
    expect((await drive.status()).blockNumber).toBe(-1);
    expect(await drive.read(buf)).toBe(0);
    expect(await drive.read(buf)).toBe(1536);
    await drive.rewind();
    await expectTapeError(drive.spaceFiles(5), 'EIO');
    expect((await drive.status()).fileNumber).toBe(-1);
    await drive.close();
  });

  it('a write discards everything after it (truncation) and close after a write adds one filemark', async () => {
    const drive = await threeFiles();
    await drive.spaceFiles(1);
    await drive.write(Buffer.alloc(512, 9));
    await drive.close();
    expect(tapFiles(drive.target)).toEqual([[512], [512]]);
  });
});

describe('SimhTapeDrive protection, exclusivity and capacity', () => {
  it('write-protect option and a read-only file both refuse to open for writing (EROFS), reading still works', async () => {
    const { drive, file } = await newTape();
    await drive.close();
    await expectTapeError(new SimhTapeDrive(file, { writeProtected: true }).open('write'), 'EROFS');
    fs.chmodSync(file, 0o444);
    const ro = new SimhTapeDrive(file);
    expect((await ro.status()).writeProtected).toBe(true);
    const err = await expectTapeError(ro.open('write'), 'EROFS');
    expect(err.code).toBe('TAPE_WRITE_PROTECTED');
    await ro.open('read');
    await ro.close();
  });

  it('one user at a time: a second open gets EBUSY until the first closes', async () => {
    const { drive, file } = await newTape();
    const other = new SimhTapeDrive(file);
    const err = await expectTapeError(other.open('read'), 'EBUSY');
    expect(err.code).toBe('TAPE_BUSY');
    await drive.close();
    await other.open('read');
    await other.close();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('a directory target is refused as bad input; a missing tape cannot be read', async () => {
    const dir = tempDir();
    await expect(new SimhTapeDrive(dir).open('write')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expectTapeError(new SimhTapeDrive(path.join(dir, 'none.tap')).open('read'), 'ENOMEDIUM');
  });

  it('end of medium: ENOSPC at early warning, one trailer write allowed, then ENOSPC; never beyond capacity', async () => {
    const { drive, file } = await newTape({ capacityBytes: 10 * 520, earlyWarningBytes: 3 * 520 });
    await drive.setBlockSize(512);
    await drive.write(Buffer.alloc(512 * 7, 1));
    const first = await expectTapeError(drive.write(Buffer.alloc(512, 2)), 'ENOSPC');
    expect(first.code).toBe('TAPE_END_OF_MEDIUM');
    await drive.write(Buffer.alloc(512, 3));
    await expectTapeError(drive.write(Buffer.alloc(512, 4)), 'ENOSPC');
    await expectTapeError(drive.write(Buffer.alloc(512 * 5, 5)), 'ENOSPC');
    await drive.close().catch(() => undefined);
    expect(fs.statSync(file).size).toBeLessThanOrEqual(10 * 520);
  });
});

describe('SimhTapeDrive rejects damaged .tap files with the offset', () => {
  async function tapeWithRecords(): Promise<string> {
    const { drive, file } = await newTape();
    await drive.setBlockSize(512);
    await drive.write(bytes(2048, 1));
    await drive.writeFilemarks(1);
    await drive.close();
    return file;
  }

  async function readAll(file: string): Promise<unknown> {
    const drive = new SimhTapeDrive(file);
    await drive.open('read');
    try {
      await drive.setBlockSize(512);
      const buf = Buffer.alloc(4096);
      while ((await drive.read(buf)) > 0) {
        /* drain */
      }
      return undefined;
    } catch (err) {
      return err;
    } finally {
      await drive.close();
    }
  }

  it('a corrupted trailing length word', async () => {
    const file = await tapeWithRecords();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0x01, 0x02, 0x00, 0x00]), 0, 4, 520 + 516);
    fs.closeSync(fd);
    const err = await readAll(file);
    expect(err).toBeInstanceOf(TapeDamagedError);
    expect((err as TapeDamagedError).offset).toBe(520 + 516);
    expect((err as TapeDamagedError).message).toMatch(/trailing length word 0x201 does not match the leading length 512/);
  });

  it('a truncated file', async () => {
    const file = await tapeWithRecords();
    fs.truncateSync(file, 3 * 520 + 100);
    const err = await readAll(file);
    expect(err).toBeInstanceOf(TapeDamagedError);
    expect((err as TapeDamagedError).code).toBe('TAPE_DAMAGED');
    expect((err as TapeDamagedError).offset).toBe(3 * 520);
    expect((err as TapeDamagedError).message).toMatch(/truncated record/);
  });

  it('stray bytes where a length word should be', async () => {
    const file = await tapeWithRecords();
    fs.truncateSync(file, 4 * 520 + 2);
    const err = await readAll(file);
    expect(err).toBeInstanceOf(TapeDamagedError);
    expect((err as TapeDamagedError).offset).toBe(4 * 520);
  });
});
