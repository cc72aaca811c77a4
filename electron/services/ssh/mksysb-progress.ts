/**
 * Turns mksysb's running output into progress. The text arrives in arbitrary chunks and the dots
 * between counts carry no newlines, so the parser keeps a short tail and scans it incrementally.
 */

/** Files backed up so far, as mksysb reports them. */
export interface MksysbProgress {
  files: number;
  totalFiles: number;
  percent: number;
}

const COUNT = /(\d+) of (\d+) files(?: backed up)? \((\d+)%\)/g;
const TOTAL = /Backing up (\d+) files/;
/** mksysb's success message; success needs this and exit status 0. */
export const MKSYSB_SUCCESS = /Backup Completed Successfully/;

/** Feed it chunks; it returns a progress value whenever a new count appears. */
export class MksysbProgressParser {
  private tail = '';
  private last: MksysbProgress | undefined;
  totalFiles: number | undefined;

  /** Adds output; returns the newest progress seen in it, if any. */
  push(chunk: string): MksysbProgress | undefined {
    const text = this.tail + chunk;
    const total = TOTAL.exec(text);
    if (total) this.totalFiles = Number(total[1]);
    let found: MksysbProgress | undefined;
    let end = 0;
    for (const m of text.matchAll(COUNT)) {
      found = { files: Number(m[1]), totalFiles: Number(m[2]), percent: Math.min(100, Number(m[3])) };
      end = m.index + m[0].length;
    }
    // keep enough to finish a count split across chunks, but never re-report a match
    const rest = text.slice(end);
    this.tail = rest.length > 120 ? rest.slice(-120) : rest;
    if (found && (this.last?.files !== found.files || this.last.percent !== found.percent)) {
      this.last = found;
      return found;
    }
    return undefined;
  }
}
