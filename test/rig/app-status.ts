/** Compares the project's TapeStatus (LinuxStDrive, printed by guest/drive-check.ts) with `mt-st status`. */
import type { TapeStatus } from '../../electron/services/tape/tape-drive.ts';
import { type MtStatus, parseMtStatus } from './mt-status.ts';

/** Parses drive-check.ts `status` output (one JSON line). */
export function parseAppStatus(text: string): TapeStatus {
  const line = JSON.parse(text.trim()) as { ok: boolean; status?: TapeStatus; message?: string };
  if (!line.ok || !line.status) throw new Error(`drive-check status failed: ${line.message ?? text}`);
  return line.status;
}

/** Parses drive-check.ts output for a command that may fail: { ok, code, errno, message }. */
export function parseAppResult(text: string): {
  ok: boolean;
  code?: string;
  errno?: string;
  message?: string;
  bytes?: number;
  seconds?: number;
} {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as ReturnType<typeof parseAppResult>;
}

/** The fields both report, from mt-st's text, in TapeStatus terms. */
export function mtAsTapeStatus(mt: MtStatus): Partial<TapeStatus> {
  const has = (flag: string): boolean => mt.flags.includes(flag);
  return {
    online: has('ONLINE'),
    noTape: has('DR_OPEN'),
    writeProtected: has('WR_PROT'),
    beginningOfTape: has('BOT'),
    atFilemark: has('EOF'),
    endOfData: has('EOD'),
    endOfMedium: has('EOT'),
    cleaningRequested: has('CLN'),
    blockSize: mt.blockSize,
    fileNumber: mt.fileNumber,
    blockNumber: mt.blockNumber,
  };
}

/** Differences between the app's status and mt-st's for the same drive state (empty when they agree). */
export function statusDifferences(appOut: string, mtOut: string): string[] {
  const app = parseAppStatus(appOut);
  const mt = mtAsTapeStatus(parseMtStatus(mtOut));
  return Object.entries(mt)
    .filter(([key, value]) => app[key as keyof TapeStatus] !== value)
    .map(([key, value]) => `${key}: app ${String(app[key as keyof TapeStatus])}, mt-st ${String(value)}`);
}
