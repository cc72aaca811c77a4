/**
 * Runs in the job worker: the write step's hold on the tape. The image set is parsed once; the drive is
 * opened for writing (the exclusive lock: a .tap's flock, st's single open) before the first record is
 * read for the checks, and the write that follows uses that same open, so nothing can change the tape
 * between the checks and the write. The main thread asks (facts, read, write, end) and decides from the
 * catalog; bytes and parsing stay here.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { SysbError } from '../../../shared/errors.ts';
import { writeFourRecordTape, type WriteResult } from '../tape/four-record-writer.ts';
import { checkImageSet, type CheckedImageSet } from '../tape/image-set.ts';
import { tapeDriveFor } from '../tape/open-tape-drive.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';
import type { TapeProgress } from '../tape/tape-progress.ts';
import { driveFactsOf } from './drive-facts.ts';
import { rateLimitedDrive, writeRateFromEnv } from './rate-limited-drive.ts';
import type { HeldTapeCommand } from './step-work.ts';
import { readTapeContents } from './tape-reading.ts';

/** What the hold needs from the worker: the next command, its answers, and the step's callbacks. */
export interface HoldIo {
  nextCommand(): Promise<HeldTapeCommand>;
  reply(value: unknown): void;
  replyError(err: unknown): void;
  signal: AbortSignal;
  log(line: string): void;
  onTapeProgress(p: TapeProgress): void;
  onReadBytes(record: number, bytes: number): void;
}

/** What the hold is asked to write. */
export interface HoldRequest {
  target: string;
  images: string;
  capacityBytes?: number;
  /** Record 4's block size when 2_mkinsttape.img has no ./tapeblksz (`sysbtape write --assume-tapeblksz`). */
  assumeTapeblksz?: number;
  candidateLengths: Record<number, number[]>;
}

/** `drive` as already opened by the hold: open is a no-op, close only closes when `closes` (the write's own close flushes). */
function heldView(drive: TapeDrive, closes: boolean, onClose: () => void): TapeDrive {
  return new Proxy(drive, {
    get(target, prop, receiver) {
      if (prop === 'open') return async () => undefined;
      if (prop === 'close')
        return closes
          ? async () => {
              onClose();
              await target.close();
            }
          : async () => undefined;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Serves the main thread's commands until it writes (resolves with the write) or ends (resolves null). */
export async function holdTapeForWrite(req: HoldRequest, io: HoldIo): Promise<WriteResult | null> {
  const plain = tapeDriveFor(req.target, req.capacityBytes === undefined ? {} : { simh: { capacityBytes: req.capacityBytes } });
  const rate = writeRateFromEnv();
  const drive = rate === undefined ? plain : rateLimitedDrive(plain, rate);
  let set: CheckedImageSet | undefined;
  let setError: unknown;
  try {
    set = await checkImageSet(req.images, req.assumeTapeblksz === undefined ? {} : { assumeTapeblksz: req.assumeTapeblksz });
  } catch (err) {
    setError = err;
  }
  let open = false;
  // A virtual tape that did not exist is created by the open for writing; a hold that writes nothing removes it again.
  let created = false;
  const openForWrite = async (): Promise<void> => {
    if (open) return;
    const existed = drive.kind !== 'simh' || existsSync(req.target);
    await drive.open('write');
    open = true;
    created = !existed;
  };
  try {
    for (;;) {
      const command = await io.nextCommand();
      switch (command.cmd) {
        case 'facts':
          await driveFactsOf(drive, set).then(io.reply, io.replyError);
          break;
        case 'read':
          await openForWrite()
            .then(() =>
              readTapeContents(
                heldView(drive, false, () => undefined),
                {
                  candidateLengths: req.candidateLengths,
                  signal: io.signal,
                  onBytes: io.onReadBytes,
                  ...(command.maxRecords === undefined ? {} : { maxRecords: command.maxRecords }),
                },
              ),
            )
            .then(io.reply, io.replyError);
          break;
        case 'write': {
          if (!set) throw setError instanceof Error ? setError : new SysbError('IMAGE_SET_INVALID', String(setError));
          await openForWrite();
          return await writeFourRecordTape(
            heldView(drive, true, () => {
              open = false;
            }),
            req.images,
            {
              checked: set,
              signal: io.signal,
              onWarning: (w) => io.log(`warning: ${w}`),
              onProgress: io.onTapeProgress,
            },
          );
        }
        case 'end':
          return null;
      }
    }
  } finally {
    if (open) await drive.close().catch(() => undefined);
    if (created && statSync(req.target, { throwIfNoEntry: false })?.size === 0) unlinkSync(req.target);
  }
}
