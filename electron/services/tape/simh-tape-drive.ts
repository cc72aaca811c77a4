/**
 * A virtual tape drive over a SIMH .tap file, with the Linux st semantics of tape-drive.ts.
 * Writes are framed into large batches (several MiB per pwrite) so a tape of 512-byte blocks
 * is written at disk speed; reads go through a large cache and check every frame's lengths.
 */
import { constants as fsConstants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import { classifyWord, encodeFrame, frameBytes, SIMH_MAX_RECORD } from './simh-format.ts';
import type { TapeCapacity, TapeDrive, TapeOpenMode, TapeStatus } from './tape-drive.ts';
import { TapeDamagedError, TapeError } from './tape-error.ts';
import { lockTapeFile } from './tape-file-lock.ts';
import { checkSimhFraming, refuseNonRegular } from './simh-tape-file.ts';
import { SimhBatchWriter } from './simh-batch-writer.ts';
import { SimhReadCache } from './simh-read-cache.ts';

/** Options of a virtual tape. */
export interface SimhTapeOptions {
  /** Physical end of medium in bytes of .tap file; unlimited when absent. */
  capacityBytes?: number;
  /** Early-warning zone before the end: writes starting inside it get ENOSPC. Default min(1 MiB, capacity/64). */
  earlyWarningBytes?: number;
  /** Simulates the cartridge's write-protect tab. */
  writeProtected?: boolean;
  /** What a read at end of data does: st(4) returns 0 once then fails; tgt fails at once. */
  endOfData?: 'zero-then-error' | 'error';
  /** fdatasync when filemarks are written and on close, as MTWEOF waits for the medium. Default true. */
  durable?: boolean;
  /** Bytes per file write. Default 1 MiB: larger writes were slower here (page-cache writeback). */
  batchBytes?: number;
}

type LastOp = 'none' | 'read' | 'write' | 'filemark';

async function lstatOrUndefined(target: string): Promise<Stats | undefined> {
  return fsp.lstat(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** SIMH .tap implementation of TapeDrive. */
export class SimhTapeDrive implements TapeDrive {
  readonly target: string;
  readonly kind = 'simh' as const;
  /** Few large calls: each one is a thread-pool hand-off. */
  readonly transferBytes = 4 * 1024 * 1024;
  readonly #opts: SimhTapeOptions;
  #fh: FileHandle | undefined;
  #mode: TapeOpenMode = 'read';
  #pos = 0;
  #size = 0;
  #blockSize = 0;
  #fileNo = 0;
  #blockNo = 0;
  #lastOp: LastOp = 'none';
  #atFilemark = false;
  #eodReads = 0;
  #enospc: 'none' | 'reported' | 'trailer-used' = 'none';
  #wroteData = false;
  #out: SimhBatchWriter | undefined;
  // Read cache over the file.
  #in: SimhReadCache | undefined;

  constructor(target: string, opts: SimhTapeOptions = {}) {
    this.target = target;
    this.#opts = opts;
  }

  async open(mode: TapeOpenMode): Promise<void> {
    if (this.#fh) throw new TapeError('EBUSY', `tape ${this.target} is already open`);
    const st = await lstatOrUndefined(this.target);
    if (st) refuseNonRegular(this.target, st);
    if (mode === 'read' && !st) throw new TapeError('ENOMEDIUM', `no tape: ${this.target} does not exist`);
    if (mode === 'write') {
      if (this.#opts.writeProtected) throw new TapeError('EROFS', `tape ${this.target} is write-protected`);
      // Root ignores permission bits, so a file without any write bit counts as a write-protect tab.
      if (st && (st.mode & 0o222) === 0) {
        throw new TapeError('EROFS', `tape ${this.target} is write-protected (the file is read-only; chmod u+w to allow writing)`);
      }
    }
    // O_NOFOLLOW: a link swapped in after the lstat is refused, not followed. O_NONBLOCK: a FIFO
    // swapped in does not hang the open (it is refused by the fstat below). Never O_TRUNC: the
    // file may be another process's tape until the lock below says otherwise.
    const { O_RDONLY, O_RDWR, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
    const flags = (mode === 'read' ? O_RDONLY : O_RDWR | O_CREAT) | O_NOFOLLOW | O_NONBLOCK;
    let fh: FileHandle;
    try {
      fh = await fsp.open(this.target, flags, 0o600);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new SysbError(
          'INVALID_INPUT',
          `tape target ${this.target} is a symbolic link; symbolic links are not followed for tapes, give the real path of the .tap file`,
        );
      if (code === 'EACCES' || code === 'EROFS') throw new TapeError('EROFS', `tape ${this.target} cannot be opened for writing: ${code}`);
      if (code === 'ENOENT') throw new SysbError('NOT_FOUND', `cannot create ${this.target}: its folder does not exist`);
      throw err;
    }
    let size: number;
    try {
      const fst = await fh.stat();
      refuseNonRegular(this.target, fst);
      lockTapeFile(fh.fd, this.target, mode === 'write' ? 'exclusive' : 'shared');
      if (mode === 'write' && fst.size > 0) await checkSimhFraming(fh, fst.size, this.target);
      size = fst.size;
    } catch (err) {
      await fh.close();
      throw err;
    }
    this.#fh = fh;
    this.#out = new SimhBatchWriter(fh, this.#opts.batchBytes ?? 1024 * 1024, this.#opts.durable !== false);
    this.#in = new SimhReadCache(fh, () => this.#size);
    this.#mode = mode;
    this.#size = size;
    this.#pos = 0;
    this.#fileNo = 0;
    this.#blockNo = 0;
    this.#lastOp = 'none';
    this.#atFilemark = false;
    this.#eodReads = 0;
    this.#enospc = 'none';
    this.#wroteData = false;
    this.#in?.invalidate();
  }

  async status(): Promise<TapeStatus> {
    const st = await fsp.lstat(this.target).catch(() => undefined);
    if (st) refuseNonRegular(this.target, st);
    // A missing file in an existing folder is a blank cartridge: writing creates it.
    const blank =
      st === undefined &&
      (await fsp.stat(path.dirname(this.target)).then(
        (d) => d.isDirectory(),
        () => false,
      ));
    const exists = this.#fh !== undefined || st?.isFile() === true || blank;
    const readOnlyFile = st !== undefined && (st.mode & 0o222) === 0;
    const cap = this.#opts.capacityBytes;
    return {
      online: exists,
      noTape: !exists,
      writeProtected: this.#opts.writeProtected === true || readOnlyFile,
      beginningOfTape: exists && this.#pos === 0,
      atFilemark: this.#atFilemark,
      endOfData: exists && this.#fh !== undefined && this.#pos >= this.#size && this.#fileNo >= 0,
      endOfMedium: cap !== undefined && this.#pos >= cap - this.#earlyWarning(cap),
      cleaningRequested: false,
      blockSize: this.#blockSize,
      density: 0,
      fileNumber: this.#fileNo,
      blockNumber: this.#blockNo,
    };
  }

  async capacity(): Promise<TapeCapacity | undefined> {
    const cap = this.#opts.capacityBytes;
    return cap === undefined ? undefined : { bytes: cap, perBlockOverhead: 8, perFilemarkOverhead: 4 };
  }

  async rewind(): Promise<void> {
    this.#requireOpen();
    await this.#finishWriting();
    this.#moveTo(0, 0, 0);
  }

  async setBlockSize(bytes: number): Promise<void> {
    this.#requireOpen();
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > SIMH_MAX_RECORD) {
      throw new TapeError('EINVAL', `block size ${bytes} is not supported (0 = variable, or 1..${SIMH_MAX_RECORD} bytes)`);
    }
    await this.#flush();
    this.#blockSize = bytes;
  }

  async write(data: Uint8Array): Promise<void> {
    this.#requireWritable();
    const bs = this.#blockSize;
    if (data.length === 0) return;
    if (bs > 0 && data.length % bs !== 0) {
      throw new TapeError('EINVAL', `write of ${data.length} bytes is not a multiple of the tape block size ${bs}`);
    }
    if (bs === 0 && data.length > SIMH_MAX_RECORD) {
      throw new TapeError('EINVAL', `a ${data.length}-byte block is larger than a .tap record can be (${SIMH_MAX_RECORD})`);
    }
    const blockLen = bs > 0 ? bs : data.length;
    const blocks = data.length / blockLen;
    const need = blocks * frameBytes(blockLen);
    await this.#startWriteAt();
    this.#checkCapacity(need);
    const out = this.#out!;
    const frame = frameBytes(blockLen);
    for (let off = 0; off < data.length; off += blockLen) {
      // Await only when the batch is full: an await per 512-byte block cost more than the copy.
      if (out.len + frame > out.buf.length) await out.room(frame);
      out.len = encodeFrame(out.buf, out.len, data, off, blockLen);
    }
    this.#pos += need;
    this.#size = this.#pos;
    this.#blockNo += blocks;
    this.#lastOp = 'write';
    this.#atFilemark = false;
    this.#wroteData = true;
  }

  async writeFilemarks(count = 1): Promise<void> {
    this.#requireWritable();
    if (!Number.isInteger(count) || count < 0) throw new TapeError('EINVAL', `filemark count ${count} is not valid`);
    await this.#startWriteAt();
    this.#checkCapacity(4 * count);
    const out = this.#out!;
    for (let i = 0; i < count; i++) {
      await out.room(4);
      out.buf.writeUInt32LE(0, out.len);
      out.len += 4;
    }
    this.#pos += 4 * count;
    this.#size = this.#pos;
    if (count > 0) {
      this.#fileNo += count;
      this.#blockNo = 0;
      this.#atFilemark = true;
    }
    this.#lastOp = 'filemark';
    this.#wroteData = true;
    await this.#flush();
    if (this.#opts.durable !== false) await this.#fh!.datasync();
  }

  async read(into: Uint8Array): Promise<number> {
    this.#requireOpen();
    await this.#flush();
    const bs = this.#blockSize;
    if (bs > 0 && into.length % bs !== 0) {
      throw new TapeError('EINVAL', `read of ${into.length} bytes is not a multiple of the tape block size ${bs}`);
    }
    let got = 0;
    for (;;) {
      if (got === into.length && got > 0) return got;
      if (this.#pos >= this.#size) return got > 0 ? got : this.#endOfData();
      const at = this.#pos;
      // Most blocks are already in the cache: skip the await (one per 512-byte block adds up).
      const word = classifyWord(this.#in!.cachedWord(at) ?? (await this.#in!.word(at)));
      switch (word.kind) {
        case 'tape-mark':
          if (got > 0) return got;
          this.#pos = at + 4;
          this.#fileNo = this.#fileNo >= 0 ? this.#fileNo + 1 : -1;
          this.#blockNo = 0;
          this.#atFilemark = true;
          this.#lastOp = 'read';
          return 0;
        case 'end-of-medium':
          if (got > 0) return got;
          this.#size = at;
          return this.#endOfData();
        case 'gap':
          this.#pos = at + word.skip;
          continue;
        case 'private-marker':
          this.#pos = at + 4;
          continue;
        case 'private-record':
          this.#pos = at + (await this.#in!.checkFrame(at, word.length));
          continue;
        case 'bad-data':
          if (got > 0) return got;
          this.#pos = at + (word.length === 0 ? 4 : await this.#in!.checkFrame(at, word.length));
          throw new TapeError('EIO', `block at byte offset ${at} is marked bad in the .tap file`, at);
        case 'reserved':
          throw new TapeDamagedError(`unknown length word 0x${word.word.toString(16)}`, at);
        case 'data': {
          const n = word.length;
          if (n === 0) throw new TapeDamagedError('zero-length data record', at);
          const frame = this.#in!.cachedFrame(at, n) ?? (await this.#in!.checkFrame(at, n));
          this.#atFilemark = false;
          this.#lastOp = 'read';
          if (bs === 0) {
            this.#pos = at + frame;
            this.#blockNo++;
            if (into.length < n) {
              throw new TapeError(
                'ENOMEM',
                `block of ${n} bytes at offset ${at} does not fit a ${into.length}-byte read; the block was skipped`,
                at,
              );
            }
            this.#in!.copyData(at + 4, n, into, 0);
            return n;
          }
          if (n !== bs) {
            if (got > 0) return got;
            // Unlike st, the head stays before the block so the caller can switch mode and read it.
            throw new TapeError('EIO', `incorrect block size: a ${n}-byte block at byte offset ${at}, the drive is set to ${bs}`, at);
          }
          this.#in!.copyData(at + 4, n, into, got);
          got += n;
          this.#pos = at + frame;
          this.#blockNo++;
        }
      }
    }
  }

  async spaceFiles(count: number): Promise<void> {
    this.#requireOpen();
    if (!Number.isInteger(count)) throw new TapeError('EINVAL', `file count ${count} is not an integer`);
    await this.#finishWriting();
    if (count > 0) await this.#spaceForward(count);
    else if (count < 0) await this.#spaceBackward(-count);
  }

  async close(): Promise<void> {
    if (!this.#fh) return;
    try {
      await this.#finishWriting();
      if (this.#wroteData && this.#opts.durable !== false) await this.#fh.datasync();
    } finally {
      const fh = this.#fh;
      this.#fh = undefined;
      this.#out = undefined;
      this.#in = undefined;
      // Closing the only descriptor of this open also drops its flock.
      await fh.close();
    }
  }

  #requireOpen(): void {
    if (!this.#fh) throw new TapeError('EINVAL', `tape ${this.target} is not open`);
  }

  #requireWritable(): void {
    this.#requireOpen();
    if (this.#mode !== 'write') throw new TapeError('EINVAL', `tape ${this.target} was opened for reading only`);
  }

  #earlyWarning(cap: number): number {
    return this.#opts.earlyWarningBytes ?? Math.min(1024 * 1024, Math.floor(cap / 64));
  }

  /** st's end-of-medium rule: ENOSPC at early warning, one more write for a trailer, then ENOSPC. */
  #checkCapacity(need: number): void {
    const cap = this.#opts.capacityBytes;
    if (cap === undefined) return;
    if (this.#pos + need > cap) {
      throw new TapeError('ENOSPC', `end of medium: ${need} more bytes do not fit on the ${cap}-byte tape (at ${this.#pos})`, this.#pos);
    }
    if (this.#pos >= cap - this.#earlyWarning(cap)) {
      if (this.#enospc === 'reported') {
        this.#enospc = 'trailer-used';
        return;
      }
      this.#enospc = 'reported';
      throw new TapeError('ENOSPC', `end of medium: early warning reached at byte ${this.#pos} of ${cap}`, this.#pos);
    }
  }

  /** Any write discards the rest of the tape: truncate there before the first write at a position. */
  async #startWriteAt(): Promise<void> {
    if (this.#lastOp === 'write' || this.#lastOp === 'filemark') return;
    if (this.#fileNo < 0) throw new TapeError('EIO', 'position unknown (spaced past end of data); rewind first');
    await this.#flush();
    await this.#fh!.truncate(this.#pos);
    this.#size = this.#pos;
    this.#in?.invalidate();
    await this.#out!.restartAt(this.#pos);
    this.#eodReads = 0;
  }

  async #finishWriting(): Promise<void> {
    if (this.#lastOp === 'write') await this.writeFilemarks(1);
    await this.#flush();
  }

  async #flush(): Promise<void> {
    await this.#out?.flush();
  }

  #moveTo(pos: number, fileNo: number, blockNo: number): void {
    this.#pos = pos;
    this.#fileNo = fileNo;
    this.#blockNo = blockNo;
    this.#lastOp = 'none';
    this.#atFilemark = false;
    this.#eodReads = 0;
  }

  #endOfData(): number {
    this.#lastOp = 'read';
    this.#atFilemark = false;
    if ((this.#opts.endOfData ?? 'zero-then-error') === 'zero-then-error' && this.#eodReads === 0) {
      this.#eodReads++;
      return 0;
    }
    throw new TapeError('EOD', `end of data on ${this.target} (file ${this.#fileNo})`, this.#pos);
  }

  async #spaceForward(files: number): Promise<void> {
    let crossed = 0;
    while (crossed < files) {
      const at = this.#pos;
      if (at >= this.#size) {
        this.#moveTo(at, -1, -1);
        throw new TapeError('EIO', `space forward ${files} files: end of data after ${crossed}`, at);
      }
      const word = classifyWord(await this.#in!.word(at));
      switch (word.kind) {
        case 'tape-mark':
          this.#pos = at + 4;
          crossed++;
          this.#fileNo++;
          break;
        case 'end-of-medium':
          this.#size = at;
          break;
        case 'gap':
          this.#pos = at + word.skip;
          break;
        case 'private-marker':
          this.#pos = at + 4;
          break;
        case 'bad-data':
          this.#pos = at + (word.length === 0 ? 4 : await this.#in!.checkFrame(at, word.length));
          break;
        case 'data':
        case 'private-record':
          this.#pos = at + (await this.#in!.checkFrame(at, word.length));
          break;
        case 'reserved':
          throw new TapeDamagedError(`unknown length word 0x${word.word.toString(16)}`, at);
      }
    }
    this.#moveTo(this.#pos, this.#fileNo, 0);
    this.#atFilemark = true;
  }

  async #spaceBackward(files: number): Promise<void> {
    let crossed = 0;
    let at = this.#pos;
    while (crossed < files) {
      if (at <= 0) {
        this.#moveTo(0, 0, 0);
        throw new TapeError('EIO', `space back ${files} files: beginning of tape after ${crossed}`, 0);
      }
      if (at < 4) throw new TapeDamagedError('stray bytes at the beginning of the tape', 0);
      const word = await this.#in!.word(at - 4);
      if (word === 0) {
        at -= 4;
        crossed++;
      } else if (word === 0xfffffffe) {
        at -= 4;
      } else {
        const length = word & 0x0fffffff;
        const start = at - frameBytes(length);
        if (start < 0) throw new TapeDamagedError(`trailing length ${length} points before the beginning of the tape`, at - 4);
        await this.#in!.checkFrame(start, length);
        at = start;
      }
    }
    this.#moveTo(at, this.#fileNo >= 0 ? this.#fileNo - files : -1, -1);
  }
}
