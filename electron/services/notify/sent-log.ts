/**
 * Which events were sent and when, so a timer running every hour does not mail the same overdue server
 * every hour: an event key is sent again only after REMIND_AFTER_MS (a reminder).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A sent event is repeated as a reminder after a week. */
export const REMIND_AFTER_MS = 7 * 86_400_000;

/** The sent log in one JSON file: { key: ISO instant }. */
export class SentLog {
  readonly #file: string;
  readonly #sent: Map<string, string>;

  constructor(file: string) {
    this.#file = file;
    let sent: Record<string, string> = {};
    try {
      if (existsSync(file)) sent = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      // A damaged log only means some events are sent once more.
      sent = {};
    }
    this.#sent = new Map(Object.entries(sent));
  }

  /** Whether `key` should be sent at `now`. */
  due(key: string, now: Date): boolean {
    const at = this.#sent.get(key);
    return at === undefined || now.getTime() - Date.parse(at) >= REMIND_AFTER_MS;
  }

  /** Notes `key` as sent at `now`, forgetting entries older than a reminder period, and saves. */
  note(key: string, now: Date): void {
    this.#sent.set(key, now.toISOString());
    for (const [k, at] of this.#sent) if (now.getTime() - Date.parse(at) > 2 * REMIND_AFTER_MS) this.#sent.delete(k);
    const tmp = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(Object.fromEntries(this.#sent), null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.#file);
  }
}
