// Issue 14 findings 5 and 6 at the drive: what a .tap path may name, and one writer per tape by an OS lock.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTapeDevice, tapeDriveFor } from '../../../electron/services/tape/open-tape-drive.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { writeFourRecordTape } from '../../../electron/services/tape/four-record-writer.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';
import { makeImageSet, useTempDirs, walkTap } from './tape-fixtures.ts';

const tempDir = useTempDirs();
const NOTES = 'my notes, not a tape\n'.repeat(50);

async function writeSmallTape(file: string): Promise<void> {
  const drive = new SimhTapeDrive(file, { durable: false });
  await drive.open('write');
  await drive.setBlockSize(512);
  await drive.write(Buffer.alloc(1024, 7));
  await drive.writeFilemarks(1);
  await drive.close();
}

describe('a .tap path names a regular file that is new, empty or a SIMH tape (finding 5)', () => {
  it('a symbolic link to notes.txt is refused, not followed: the notes stay as they were', async () => {
    const dir = tempDir();
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, NOTES);
    const link = path.join(dir, 'backup.tap');
    fs.symlinkSync(notes, link);
    const images = await makeImageSet(path.join(dir, 'images'));
    const err = await writeFourRecordTape(tapeDriveFor(link), images).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/backup\.tap is a symbolic link/) });
    await expect(new SimhTapeDrive(link).open('read')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readFileSync(notes, 'utf8')).toBe(NOTES);
  });

  it('a link to a SIMH tape is refused too (the real path must be given)', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.tap');
    await writeSmallTape(real);
    const link = path.join(dir, 'link.tap');
    fs.symlinkSync(real, link);
    await expect(new SimhTapeDrive(link).open('write')).rejects.toThrow(/link\.tap is a symbolic link/);
  });

  it('an existing file that is not SIMH framing is refused before a byte is written, naming what is wrong', async () => {
    const dir = tempDir();
    const cases: [string, Buffer][] = [
      ['notes.tap', Buffer.from(NOTES)],
      ['elf.tap', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60, 1)])],
      // A plausible first length word whose trailing word does not match.
      ['frame.tap', Buffer.concat([Buffer.from([16, 0, 0, 0]), Buffer.alloc(16, 9), Buffer.from([17, 0, 0, 0]), Buffer.alloc(8)])],
      ['stray.tap', Buffer.from([0, 0, 0, 0, 1, 2])],
    ];
    for (const [name, content] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      const err = await new SimhTapeDrive(file).open('write').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, name).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`${file} is not a SIMH virtual tape (`) });
      expect(fs.readFileSync(file).equals(content), name).toBe(true);
    }
  });

  it('a FIFO, a directory and a device are refused without hanging', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.tap');
    await new Promise<void>((resolve, reject) => {
      spawn('mkfifo', [fifo]).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`mkfifo ${c}`))));
    });
    await expect(new SimhTapeDrive(fifo).open('write')).rejects.toThrow(/pipe\.tap is a FIFO/);
    await expect(new SimhTapeDrive(fifo).open('read')).rejects.toThrow(/pipe\.tap is a FIFO/);
    await expect(new SimhTapeDrive(dir).open('write')).rejects.toThrow(/is a directory/);
    const dev = path.join(dir, 'null.tap');
    fs.symlinkSync('/dev/null', dev);
    await expect(new SimhTapeDrive(dev).status()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a new path, an empty file, a SIMH tape and an interrupted SIMH tape are written; new files are 0600', async () => {
    const dir = tempDir();
    const fresh = path.join(dir, 'new.tap');
    await writeSmallTape(fresh);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o600);
    await writeSmallTape(fresh);
    const empty = path.join(dir, 'empty.tap');
    fs.writeFileSync(empty, '');
    await writeSmallTape(empty);
    const cut = path.join(dir, 'cut.tap');
    fs.copyFileSync(fresh, cut);
    fs.truncateSync(cut, 300);
    await writeSmallTape(cut);
    for (const f of [fresh, empty, cut]) expect(walkTap(f).map((o) => o.kind)).toEqual(['record', 'record', 'mark']);
  });

  it('/dev/nstN that is not a character device is refused', () => {
    const dir = tempDir();
    const file = path.join(dir, 'regular');
    fs.writeFileSync(file, 'x');
    expect(() => checkTapeDevice(file)).toThrow(/is a regular file, not a tape device/);
    expect(() => checkTapeDevice(dir)).toThrow(/is a directory, not a tape device/);
    expect(() => checkTapeDevice('/dev/null')).not.toThrow();
    // The operator's path: a regular file where the device should be (a mistyped `dd of=/dev/nst0`).
    const fake = `/dev/nst${90 + (process.pid % 9)}`;
    fs.writeFileSync(fake, 'not a tape');
    try {
      expect(() => tapeDriveFor(fake)).toThrow(/is a regular file, not a tape device/);
    } finally {
      fs.rmSync(fake, { force: true });
    }
  });
});

describe('one writer per virtual tape, by a kernel lock on the .tap (finding 6)', () => {
  it('two writers opening at once: exactly one gets the tape, the other "in use" (50 trials)', async () => {
    const dir = tempDir();
    for (let trial = 0; trial < 50; trial++) {
      const file = path.join(dir, `race-${trial}.tap`);
      const drives = [new SimhTapeDrive(file, { durable: false }), new SimhTapeDrive(file, { durable: false })];
      const opened = await Promise.allSettled(drives.map((d) => d.open('write')));
      const won = opened.filter((o) => o.status === 'fulfilled');
      const lost = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won.length, `trial ${trial}`).toBe(1);
      expect(lost[0]!.reason).toMatchObject({ code: 'TAPE_BUSY', message: expect.stringMatching(/is in use/) });
      for (const d of drives) await d.close();
    }
  });

  it('an empty or stale lock file beside the tape means nothing', async () => {
    const file = path.join(tempDir(), 't.tap');
    fs.writeFileSync(`${file}.lock`, '');
    await writeSmallTape(file);
    fs.writeFileSync(`${file}.lock`, '999999\n');
    await writeSmallTape(file);
  });

  it('readers share the tape; a writer excludes readers and readers exclude a writer', async () => {
    const file = path.join(tempDir(), 't.tap');
    await writeSmallTape(file);
    const r1 = new SimhTapeDrive(file);
    const r2 = new SimhTapeDrive(file);
    await r1.open('read');
    await r2.open('read');
    await expect(new SimhTapeDrive(file).open('write')).rejects.toMatchObject({ code: 'TAPE_BUSY' });
    await r1.close();
    await r2.close();
    const w = new SimhTapeDrive(file, { durable: false });
    await w.open('write');
    await expect(new SimhTapeDrive(file).open('read')).rejects.toThrow(/in use: another process is writing it/);
    await w.close();
  });

  it('the kernel releases the lock of a writer killed with SIGKILL', async () => {
    const dir = tempDir();
    const file = path.join(dir, 't.tap');
    const images = await makeImageSet(path.join(dir, 'images'));
    await writeFourRecordTape(new SimhTapeDrive(file, { durable: false }), images);
    const holder = path.join(dir, 'hold.ts');
    const drivePath = path.resolve('electron/services/tape/simh-tape-drive.ts');
    fs.writeFileSync(
      holder,
      `import { SimhTapeDrive } from ${JSON.stringify(drivePath)};
const d = new SimhTapeDrive(${JSON.stringify(file)});
await d.open('write');
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, [holder], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await expect(new SimhTapeDrive(file).open('write')).rejects.toMatchObject({ code: 'TAPE_BUSY' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await writeFourRecordTape(new SimhTapeDrive(file, { durable: false }), images);
    expect((await verifyTape(new SimhTapeDrive(file), { images })).ok).toBe(true);
  });
});
