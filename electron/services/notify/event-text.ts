/** The plain-text body of a notification: what happened, to which server and cartridge, and the fix. */
import type { OpsEvent } from '../ops/ops-events.ts';

/** The email body (and the webhook's `text`). */
export function eventText(e: OpsEvent): string {
  return [
    e.summary,
    '',
    `Server: ${e.server ?? '-'}`,
    `Cartridge: ${e.volser ?? '-'}`,
    `Fix: ${e.fix}`,
    '',
    `-- SysbTape (${e.kind})`,
    '',
  ].join('\n');
}
