/** Typed tape errors: a stable SysbError code plus the errno the Linux st driver would give. */
import { type ErrorCode, SysbError } from '../../../shared/errors.ts';

/** The errno values st(4) documents, plus EOD for a read past end of data. */
export type TapeErrno = 'EINVAL' | 'EIO' | 'ENOSPC' | 'EROFS' | 'EACCES' | 'EBUSY' | 'ENOMEDIUM' | 'ENOMEM' | 'EOVERFLOW' | 'ENXIO' | 'EOD';

/** The SysbError code each errno maps to. */
export function codeForErrno(errno: TapeErrno): ErrorCode {
  switch (errno) {
    case 'EINVAL':
      return 'TAPE_INVALID_ARGUMENT';
    case 'EIO':
      return 'TAPE_IO';
    case 'ENOSPC':
      return 'TAPE_END_OF_MEDIUM';
    case 'EROFS':
    case 'EACCES':
      return 'TAPE_WRITE_PROTECTED';
    case 'EBUSY':
      return 'TAPE_BUSY';
    case 'ENOMEDIUM':
    case 'ENXIO':
      return 'TAPE_NO_MEDIUM';
    case 'ENOMEM':
    case 'EOVERFLOW':
      return 'TAPE_BLOCK_SIZE';
    case 'EOD':
      return 'TAPE_END_OF_DATA';
  }
}

/** A failed tape operation. `offset` is the byte offset in a .tap file when it applies. */
export class TapeError extends SysbError {
  readonly errno: TapeErrno;
  readonly offset: number | undefined;

  constructor(errno: TapeErrno, message: string, offset?: number) {
    super(codeForErrno(errno), message, offset === undefined ? { errno } : { errno, offset });
    this.name = 'TapeError';
    this.errno = errno;
    this.offset = offset;
  }
}

/** A .tap file whose structure is broken (bad length word, truncation); always carries the offset. */
export class TapeDamagedError extends SysbError {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super('TAPE_DAMAGED', `${message} at byte offset ${offset}`, { offset });
    this.name = 'TapeDamagedError';
    this.offset = offset;
  }
}

/** Maps a Node/libc errno name (e.g. from a failed read on /dev/nst0) to a TapeErrno, if it is one. */
export function tapeErrnoOf(code: string | undefined): TapeErrno | undefined {
  switch (code) {
    case 'EINVAL':
    case 'EIO':
    case 'ENOSPC':
    case 'EROFS':
    case 'EACCES':
    case 'EBUSY':
    case 'ENOMEDIUM':
    case 'ENOMEM':
    case 'EOVERFLOW':
    case 'ENXIO':
      return code;
    default:
      return undefined;
  }
}
