/**
 * What the drive says before anything is read or written, and whether the image set fits the medium:
 * the facts behind the NO_TAPE, WRITE_PROTECTED and MEDIA_TOO_SMALL checks. Gathered in the job worker
 * (parsing the image set reads its archives: never on the main thread); the checks are made from them
 * by write-checks.ts.
 */
import { tapeBytesNeeded } from '../tape/four-record-writer.ts';
import type { CheckedImageSet } from '../tape/image-set.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';

/** The drive's state and the image set's fit, as plain JSON (it crosses the worker boundary). */
export interface DriveFacts {
  /** No cartridge, or the drive is offline. */
  noTape: boolean;
  writeProtected: boolean;
  /** Bytes the four records need on this medium and what it holds; null when the drive cannot tell or the set did not parse. */
  fit: { needBytes: number; mediumBytes: number } | null;
}

/** Reads the facts of `drive` (not open, or open: status and capacity need no open) for the parsed image set. */
export async function driveFactsOf(drive: TapeDrive, set: CheckedImageSet | undefined): Promise<DriveFacts> {
  const status = await drive.status();
  if (status.noTape || !status.online) return { noTape: true, writeProtected: false, fit: null };
  if (status.writeProtected) return { noTape: false, writeProtected: true, fit: null };
  const cap = await drive.capacity();
  const fit =
    cap && set ? { needBytes: tapeBytesNeeded(set, cap.perBlockOverhead, cap.perFilemarkOverhead), mediumBytes: cap.bytes } : null;
  return { noTape: false, writeProtected: false, fit };
}
