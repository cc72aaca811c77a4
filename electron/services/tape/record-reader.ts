/**
 * Reads one tape file (up to its filemark) and learns its block sizes on the way, the same way on
 * every drive: the first block is read in variable mode (one read = one block, so its length is the
 * block size), then the drive is set to that fixed size and read in ~1 MiB chunks. When a block of
 * another size turns up (the fixed-mode read fails with "incorrect block size"), one block is read
 * in variable mode again and reading continues at the new size.
 */
import { MAX_TAPE_BLOCK_BYTES } from '../aix/tapeblksz.ts';
import { chunkBytesFor } from './chunking.ts';
import type { TapeDrive } from './tape-drive.ts';
import { TapeError } from './tape-error.ts';
import { throwIfCancelled } from './tape-progress.ts';

/** Largest block the reader accepts (st's usual limit; tgt reports 1 MiB too): the limit of tapeblkszError. */
export const MAX_BLOCK_BYTES = MAX_TAPE_BLOCK_BYTES;

/** A run of blocks of one size, starting at `offset` bytes into the file. */
export interface BlockRun {
  size: number;
  blocks: number;
  offset: number;
}

/** What one tape file held. */
export interface TapeFileRead {
  runs: BlockRun[];
  blocks: number;
  bytes: number;
  /** 'filemark' normally; 'end-of-data' when the tape ended without one (or before any data). */
  end: 'filemark' | 'end-of-data';
}

/** Receives each piece of the file's data with its offset; the buffer is reused after it resolves. */
export type OnTapeData = (chunk: Buffer, offset: number) => void | Promise<void>;

function isEod(err: unknown): boolean {
  return err instanceof TapeError && err.errno === 'EOD';
}

/** A 0 read is a filemark unless the drive says it is at end of data. */
async function zeroMeans(drive: TapeDrive): Promise<'filemark' | 'end-of-data'> {
  const st = await drive.status();
  return st.endOfData && !st.atFilemark ? 'end-of-data' : 'filemark';
}

/** Reads the file at the current position through its filemark. */
export async function readTapeFile(drive: TapeDrive, onData: OnTapeData, signal?: AbortSignal): Promise<TapeFileRead> {
  const buf = Buffer.allocUnsafe(MAX_BLOCK_BYTES);
  const big = drive.transferBytes > MAX_BLOCK_BYTES ? Buffer.allocUnsafe(drive.transferBytes) : buf;
  const runs: BlockRun[] = [];
  let bytes = 0;
  let blocks = 0;

  /** Reads one block in variable mode; returns its size, 0 at a filemark, -1 at end of data. */
  const oneBlock = async (): Promise<number> => {
    await drive.setBlockSize(0);
    let n: number;
    try {
      n = await drive.read(buf);
    } catch (err) {
      if (isEod(err)) return -1;
      throw err;
    }
    if (n === 0) return (await zeroMeans(drive)) === 'filemark' ? 0 : -1;
    runs.push({ size: n, blocks: 1, offset: bytes });
    await onData(buf.subarray(0, n), bytes);
    bytes += n;
    blocks++;
    await drive.setBlockSize(n);
    return n;
  };

  let bs = await oneBlock();
  if (bs <= 0) return { runs, blocks, bytes, end: bs === 0 ? 'filemark' : 'end-of-data' };
  for (;;) {
    throwIfCancelled(signal, 'reading the tape');
    const want = big.subarray(0, chunkBytesFor(bs, drive.transferBytes));
    let n: number;
    try {
      n = await drive.read(want);
    } catch (err) {
      if (isEod(err)) return { runs, blocks, bytes, end: 'end-of-data' };
      if (err instanceof TapeError && err.errno === 'EIO' && /block size/i.test(err.message)) {
        bs = await oneBlock();
        if (bs === 0) return { runs, blocks, bytes, end: 'filemark' };
        if (bs < 0) return { runs, blocks, bytes, end: 'end-of-data' };
        continue;
      }
      throw err;
    }
    if (n === 0) return { runs, blocks, bytes, end: await zeroMeans(drive) };
    await onData(want.subarray(0, n), bytes);
    bytes += n;
    const count = Math.floor(n / bs);
    blocks += count;
    runs[runs.length - 1]!.blocks += count;
  }
}
