/** Errors that cross a boundary (CLI, IPC, harness) carry a stable code and an operator-readable message. */

/** Stable error codes; the renderer and scripts switch on these, never on message text. */
export const ERROR_CODES = [
  'USAGE',
  'NOT_FOUND',
  'INVALID_INPUT',
  'ARCHIVE_DAMAGED',
  'NOT_AN_ARCHIVE',
  'TAPE_IO',
  'TAPE_WRITE_PROTECTED',
  'TAPE_NO_MEDIUM',
  'TAPE_BUSY',
  'TAPE_END_OF_MEDIUM',
  'TAPE_DAMAGED',
  'TAPE_INVALID_ARGUMENT',
  'TAPE_BLOCK_SIZE',
  'TAPE_END_OF_DATA',
  'TAPE_TOO_SMALL',
  'TAPE_NOT_VERIFIED',
  'IMAGE_SET_INVALID',
  'SSH_CONNECT',
  'SSH_NAME_NOT_FOUND',
  'SSH_REFUSED',
  'SSH_TIMEOUT',
  'SSH_AUTH',
  'SSH_HOST_KEY_UNKNOWN',
  'SSH_HOST_KEY_CHANGED',
  'REMOTE_COMMAND',
  'REMOTE_TIMEOUT',
  'CAPTURE_FAILED',
  'FETCH_FAILED',
  'CATALOG',
  'CHECK_BLOCKED',
  'NEEDS_CONFIRMATION',
  'CANCELLED',
  /** A durable job's step was running when its process stopped (killed, crashed); resume the job. */
  'INTERRUPTED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
/** One stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether a string read back from storage is one of the stable error codes. */
export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/** An error meant for the operator: `message` says what was wrong and, where possible, what to do. */
export class SysbError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SysbError';
    this.code = code;
    this.details = details;
  }
}

/** The JSON shape of an error at every boundary. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** Turns anything thrown into an ErrorInfo without losing the message. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof SysbError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}

/** For exhaustive switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
