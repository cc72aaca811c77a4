/** The text of the dialog shown when the app cannot start: what went wrong and what to do about it. */
import { SysbError } from '../shared/errors.ts';

/**
 * Catalog errors already name the fix (the backup to restore, the process holding the lock, the
 * permission to check); anything else is unexpected, so the text says where the details went.
 */
export function startFailureText(err: unknown): string {
  if (err instanceof SysbError) return `${err.message}\n\nSysbTape will now exit; start it again once this is fixed.`;
  const message = err instanceof Error ? err.message : String(err);
  return `${message}\n\nThis is unexpected: the details were written to the terminal (stderr). SysbTape will now exit.`;
}
