/** The per-job log file: readable text, one timestamped line per event, kept next to the catalog. */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The folder job logs go to for a catalog file. */
export function jobLogDirFor(catalogPath: string): string {
  return path.join(path.dirname(catalogPath), 'job-logs');
}

/** A new, unique log file path in `dir` (the job id is not known before the job row exists). */
export function newJobLogPath(dir: string, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return path.join(dir, `job-${stamp}-${randomBytes(3).toString('hex')}.log`);
}

/** Appends lines to a job's log; synchronous so a line is on disk before the step moves on. */
export class JobLog {
  readonly path: string;

  constructor(file: string) {
    this.path = file;
    // Owner-only: logs name servers, paths and what the capture printed.
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  /** Writes one or more lines, each prefixed with the time. */
  write(text: string): void {
    const at = new Date().toISOString();
    const lines = text
      .split(/\r?\n/)
      .filter((l) => l.length > 0)
      .map((l) => `${at} ${l}\n`);
    if (lines.length > 0) appendFileSync(this.path, lines.join(''), { mode: 0o600 });
  }
}
