/**
 * A real tape drive through the Linux st driver's no-rewind device (/dev/nstN).
 * Control (status, block size, filemarks, spacing, rewind) goes through StControl (koffi ioctl in a
 * worker thread); data goes through plain read/write on the fd. The open is two-step: first
 * O_RDONLY|O_NONBLOCK so "no tape" and "write-protected" are reported at once instead of after the
 * driver's two-minute wait for a ready drive, then the real open for the job.
 */
import type { TapeCapacity, TapeDrive, TapeOpenMode, TapeStatus } from './tape-drive.ts';
import { TapeError, tapeErrnoOf } from './tape-error.ts';
import { KoffiStControl, type StControl } from './st-control.ts';
import { nodeStFs, O_FLAGS, type StFs } from './st-fs.ts';
import { nativeCapacityForDensity, statusFromMtget } from './st-ioctl.ts';
import { SysbError } from '../../../shared/errors.ts';

/**
 * Bytes per write() call: large enough that an LTO drive streams (≥ 256 KiB, linux-tape.md §5). Not
 * more: on the real st driver (test/rig, bench/st-write.ts) 1 MiB writes ran at 0.76× of
 * `dd obs=256k` and 256 KiB writes at 1.47×.
 */
export const ST_MAX_WRITE = 256 * 1024;

/** Injection points for tests. */
export interface LinuxStOptions {
  control?: StControl;
  fs?: StFs;
}

/** Maps a failed syscall on the device to a TapeError (or a SysbError for a missing device). */
export function deviceError(err: unknown, what: string, target: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (err instanceof SysbError) return err;
  if (code === 'ENOENT') return new SysbError('NOT_FOUND', `${target} does not exist (is the st driver loaded? try: lsscsi -g)`);
  if (code === 'EACCES' && what === 'open') {
    return new SysbError('TAPE_IO', `permission denied opening ${target}: add your user to the 'tape' group`);
  }
  const tapeErrno = tapeErrnoOf(code);
  if (code === 'EBUSY') return new TapeError('EBUSY', `${target} is in use by another program (fuser ${target} names it)`);
  if (code === 'EROFS' || code === 'EACCES') return new TapeError('EROFS', `the cartridge in ${target} is write-protected`);
  if (code === 'ENOMEDIUM') return new TapeError('ENOMEDIUM', `no tape in ${target}`);
  if (tapeErrno) return new TapeError(tapeErrno, `${what} on ${target} failed: ${code}`);
  return err instanceof Error ? err : new Error(String(err));
}

/** TapeDrive on /dev/nstN. */
export class LinuxStDrive implements TapeDrive {
  readonly target: string;
  readonly kind = 'linux-st' as const;
  readonly transferBytes = ST_MAX_WRITE;
  readonly #control: StControl;
  readonly #fs: StFs;
  #fd: number | undefined;
  #blockSize = 0;

  constructor(target: string, opts: LinuxStOptions = {}) {
    this.target = target;
    this.#control = opts.control ?? new KoffiStControl();
    this.#fs = opts.fs ?? nodeStFs;
  }

  async open(mode: TapeOpenMode): Promise<void> {
    if (this.#fd !== undefined) throw new TapeError('EBUSY', `${this.target} is already open`);
    const status = await this.#probe();
    if (status.noTape || !status.online)
      throw new TapeError('ENOMEDIUM', `no tape in ${this.target} (drive reports no cartridge / not ready)`);
    if (mode === 'write' && status.writeProtected) {
      throw new TapeError('EROFS', `the cartridge in ${this.target} is write-protected: slide the tab to enable writing`);
    }
    this.#blockSize = status.blockSize;
    try {
      this.#fd = await this.#fs.open(this.target, mode === 'write' ? O_FLAGS.write : O_FLAGS.read);
    } catch (err) {
      throw deviceError(err, 'open', this.target);
    }
  }

  async status(): Promise<TapeStatus> {
    if (this.#fd === undefined) return this.#probe();
    return statusFromMtget(await this.#control.get(this.#fd));
  }

  async capacity(): Promise<TapeCapacity | undefined> {
    const bytes = nativeCapacityForDensity((await this.status()).density);
    return bytes === undefined ? undefined : { bytes, perBlockOverhead: 0, perFilemarkOverhead: 0 };
  }

  async rewind(): Promise<void> {
    await this.#control.op(this.#requireFd(), 'REW', 1);
  }

  async setBlockSize(bytes: number): Promise<void> {
    if (!Number.isInteger(bytes) || bytes < 0) throw new TapeError('EINVAL', `block size ${bytes} is not valid`);
    await this.#control.op(this.#requireFd(), 'SETBLK', bytes);
    this.#blockSize = bytes;
  }

  async write(data: Uint8Array): Promise<void> {
    const fd = this.#requireFd();
    const bs = this.#blockSize;
    if (bs > 0 && data.length % bs !== 0) {
      throw new TapeError('EINVAL', `write of ${data.length} bytes is not a multiple of the tape block size ${bs}`);
    }
    // In variable mode one write() is one block, so the caller's buffer is written as it is.
    const chunk = bs > 0 ? Math.max(bs, Math.floor(ST_MAX_WRITE / bs) * bs) : data.length;
    for (let off = 0; off < data.length; off += chunk) {
      const len = Math.min(chunk, data.length - off);
      let n: number;
      try {
        n = await this.#fs.write(fd, data, off, len);
      } catch (err) {
        throw deviceError(err, 'write', this.target);
      }
      if (n !== len) throw new TapeError('ENOSPC', `short write on ${this.target}: ${n} of ${len} bytes (end of medium)`);
    }
  }

  async writeFilemarks(count = 1): Promise<void> {
    await this.#control.op(this.#requireFd(), 'WEOF', count);
  }

  async read(into: Uint8Array): Promise<number> {
    const fd = this.#requireFd();
    let n: number;
    try {
      n = await this.#fs.read(fd, into, 0, into.length);
    } catch (err) {
      const mapped = deviceError(err, 'read', this.target);
      // tgt and some drives answer a read at end of data with EIO; GMT_EOD tells the two apart.
      if (mapped instanceof TapeError && mapped.errno === 'EIO') {
        const st = await this.#control.get(fd).then(statusFromMtget, () => undefined);
        if (st?.endOfData) throw new TapeError('EOD', `end of data on ${this.target} (file ${st.fileNumber})`);
      }
      throw mapped;
    }
    // Seen on the real st driver over tgt (test/rig): a variable-mode read at end of data "succeeds"
    // with a full-length block of nothing and leaves GMT_EOD set. A real block never comes with EOD,
    // so that read is end of data. Only variable-mode reads pay for the check (one block per read).
    if (n > 0 && this.#blockSize === 0) {
      const st = await this.#control.get(fd).then(statusFromMtget, () => undefined);
      if (st?.endOfData) throw new TapeError('EOD', `end of data on ${this.target} (file ${st.fileNumber})`);
    }
    return n;
  }

  async spaceFiles(count: number): Promise<void> {
    const fd = this.#requireFd();
    if (count > 0) await this.#control.op(fd, 'FSF', count);
    else if (count < 0) await this.#control.op(fd, 'BSF', -count);
  }

  async close(): Promise<void> {
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      // close() after a write makes st write a filemark and flush: its errors are real write errors.
      if (fd !== undefined)
        await this.#fs.close(fd).catch((err: unknown) => {
          throw deviceError(err, 'close', this.target);
        });
    } finally {
      await this.#control.dispose();
    }
  }

  #requireFd(): number {
    if (this.#fd === undefined) throw new TapeError('EINVAL', `${this.target} is not open`);
    return this.#fd;
  }

  async #probe(): Promise<TapeStatus> {
    let fd: number;
    try {
      fd = await this.#fs.open(this.target, O_FLAGS.probe);
    } catch (err) {
      throw deviceError(err, 'open', this.target);
    }
    try {
      return statusFromMtget(await this.#control.get(fd));
    } finally {
      await this.#fs.close(fd);
    }
  }
}
