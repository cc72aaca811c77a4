/**
 * What may be opened as a virtual tape: a regular file (never a symbolic link, device, FIFO or
 * directory), and for writing one that is empty, new, or already a SIMH tape. A write replaces the
 * whole file, so a path that names anything else (notes.txt behind a .tap link, a disk image) is
 * refused with a message that says what it is.
 */
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { SysbError } from '../../../shared/errors.ts';
import { classifyWord, frameBytes, SIMH_MAX_RECORD } from './simh-format.ts';

/** How much of an existing file's beginning must read as SIMH framing before it is overwritten. */
export const FRAMING_CHECK_BYTES = 4 * 1024 * 1024;

/** "a symbolic link", "a directory", ... for a file that is not a regular file; undefined for one that is. */
export function nonRegularKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Throws INVALID_INPUT unless `st` (from lstat or fstat) is a regular file. */
export function refuseNonRegular(target: string, st: Stats): void {
  const kind = nonRegularKind(st);
  if (kind === undefined) return;
  const hint =
    kind === 'a symbolic link'
      ? 'symbolic links are not followed for tapes; give the real path of the .tap file'
      : 'give the path of a .tap file (created when missing)';
  throw new SysbError('INVALID_INPUT', `tape target ${target} is ${kind}, not a virtual tape file; ${hint}`);
}

function notATape(target: string, why: string): SysbError {
  return new SysbError(
    'INVALID_INPUT',
    `${target} is not a SIMH virtual tape (${why}); refusing to overwrite it. ` +
      'Give a new path, or delete the file yourself if it really is a tape you mean to replace',
  );
}

/**
 * Reads the first FRAMING_CHECK_BYTES of an existing non-empty file and throws unless they are SIMH
 * framing as SysbTape and SIMH write it: tape marks, erase gaps, end of medium, and good or bad data
 * records whose trailing length word equals the leading one. A record cut off by the end of the file
 * is allowed (an interrupted write leaves one); any other word (text, an ELF header, ...) is not.
 */
export async function checkSimhFraming(fh: FileHandle, size: number, target: string): Promise<void> {
  const head = Buffer.allocUnsafe(Math.min(size, FRAMING_CHECK_BYTES));
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  const word4 = Buffer.allocUnsafe(4);
  let at = 0;
  while (at < bytesRead) {
    if (at + 4 > size) throw notATape(target, `${size - at} stray byte(s) at offset ${at}`);
    if (at + 4 > bytesRead) return;
    const raw = head.readUInt32LE(at);
    const word = classifyWord(raw);
    switch (word.kind) {
      case 'tape-mark':
        at += 4;
        continue;
      case 'gap':
        at += word.skip;
        continue;
      case 'end-of-medium':
        return;
      case 'data':
      case 'bad-data': {
        if (word.kind === 'bad-data' && word.length === 0) {
          at += 4;
          continue;
        }
        if (word.length === 0) throw notATape(target, `a zero-length record at offset ${at}`);
        if (word.length > SIMH_MAX_RECORD) {
          throw notATape(target, `length word 0x${raw.toString(16).padStart(8, '0')} at offset ${at} is no SIMH record`);
        }
        const end = at + frameBytes(word.length);
        if (end > size) {
          // Cut off by the end of the file: an interrupted write. Only a data record may be.
          if (word.kind === 'data') return;
          throw notATape(target, `the record at offset ${at} runs past the end of the file`);
        }
        let trailing: number;
        if (end <= bytesRead) trailing = head.readUInt32LE(end - 4);
        else {
          await fh.read(word4, 0, 4, end - 4);
          trailing = word4.readUInt32LE(0);
        }
        if (trailing !== raw) {
          throw notATape(
            target,
            `the record at offset ${at} has leading length ${word.length} but trailing word 0x${trailing.toString(16)}`,
          );
        }
        at = end;
        continue;
      }
      default:
        throw notATape(target, `word 0x${raw.toString(16).padStart(8, '0')} at offset ${at} is no SIMH length word or marker`);
    }
  }
}
