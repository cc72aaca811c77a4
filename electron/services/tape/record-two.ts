/**
 * Record 2 (the mkinsttape archive) as the writer and verifier need it: does it parse cleanly, and
 * what does its ./tapeblksz say. The archive itself is read by the AIX reader's ArchiveParser.
 */
import { createReadStream } from 'node:fs';
import { ArchiveParser } from '../aix/archive-parser.ts';
import type { ArchiveMember, ArchiveProblem, ArchiveSummary } from '../aix/archive-types.ts';
import { parseTapeblksz, type Tapeblksz } from '../aix/tapeblksz.ts';

/** What ./tapeblksz says (or what was assumed when it is missing). */
export interface TapeblkszInfo extends Tapeblksz {
  /** The file's text without the newline; null when assumed. */
  text: string | null;
  assumed: boolean;
}

/** Problems that make an archive unusable (a zero checksum is allowed: old backups store none). */
export function seriousProblems(summary: ArchiveSummary): ArchiveProblem[] {
  return summary.problems.filter((p) => p.code !== 'CHECKSUM_ABSENT');
}

/** Parses the text of ./tapeblksz with the AIX reader's parser; the error message when it is not valid. */
export function parseTapeblkszText(text: string): TapeblkszInfo | string {
  try {
    return { ...parseTapeblksz(text), text: text.trim(), assumed: false };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Watches an ArchiveParser's members for ./tapeblksz and collects its text. */
export class TapeblkszCollector {
  #chunks: Buffer[] = [];
  #seen = false;

  /** Options to spread into the ArchiveParser. */
  readonly parserOptions = {
    wantData: (m: ArchiveMember): boolean => isTapeblksz(m),
    onMember: (m: ArchiveMember): void => {
      if (isTapeblksz(m)) this.#seen = true;
    },
    onMemberData: (m: ArchiveMember, chunk: Buffer): void => {
      if (isTapeblksz(m) && this.#chunks.reduce((n, c) => n + c.length, 0) < 4096) this.#chunks.push(Buffer.from(chunk));
    },
  };

  /** Whether the member was present at all. */
  get present(): boolean {
    return this.#seen;
  }

  /** The raw text, or null when the member was absent. */
  get text(): string | null {
    return this.#seen ? Buffer.concat(this.#chunks).toString('latin1') : null;
  }
}

function isTapeblksz(m: ArchiveMember): boolean {
  return m.displayName === './tapeblksz' || m.displayName === 'tapeblksz' || m.displayName === '/tapeblksz';
}

/** Result of scanning a record-2 image file. */
export interface RecordTwoScan {
  summary: ArchiveSummary;
  /** Serious archive problems, and a problem for an unreadable ./tapeblksz. */
  problems: ArchiveProblem[];
  /** Parsed ./tapeblksz; null when the member is absent. */
  tapeblksz: TapeblkszInfo | null;
}

/** Parses a record-2 image file with the ArchiveParser and reads its ./tapeblksz. */
export async function scanRecordTwo(file: string): Promise<RecordTwoScan> {
  const collector = new TapeblkszCollector();
  const parser = new ArchiveParser(collector.parserOptions);
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    parser.write(chunk as Buffer);
    if (parser.done) break;
  }
  const summary = parser.end();
  const problems = seriousProblems(summary);
  return { summary, problems, ...tapeblkszFrom(collector, problems) };
}

/** Turns a collector's result into TapeblkszInfo, adding a problem when the text is unreadable. */
export function tapeblkszFrom(collector: TapeblkszCollector, problems: ArchiveProblem[]): { tapeblksz: TapeblkszInfo | null } {
  const text = collector.text;
  if (text === null) return { tapeblksz: null };
  const parsed = parseTapeblkszText(text);
  if (typeof parsed === 'string') {
    problems.push({ code: 'BAD_HEADER', message: `./tapeblksz: ${parsed}`, offset: 0 });
    return { tapeblksz: null };
  }
  return { tapeblksz: parsed };
}
