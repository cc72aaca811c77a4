/**
 * Lists what is on a tape without assuming it is a mksysb tape: every file up to end of data, with
 * its block sizes, block count, bytes and what it looks like (boot image, mkinsttape or mksysb
 * archive, dummy TOC), using the AIX reader's identification and ArchiveParser.
 */
import { ArchiveParser } from '../aix/archive-parser.ts';
import { ARCHIVE_SIGNATURE } from '../aix/backup-format.ts';
import { identifyImage, type ImageKind } from '../aix/identify.ts';
import { SysbError } from '../../../shared/errors.ts';
import { readTapeFile, type BlockRun } from './record-reader.ts';
import { seriousProblems, TapeblkszCollector } from './record-two.ts';
import type { TapeDrive } from './tape-drive.ts';
import { ProgressMeter, type OnTapeProgress } from './tape-progress.ts';

/** One tape file as found. */
export interface InspectedFile {
  index: number;
  blocks: number;
  bytes: number;
  blockSizes: BlockRun[];
  looksLike: ImageKind | 'empty';
  reason: string;
  archive?: { members: number; complete: boolean; problems: number };
  /** Text of ./tapeblksz when the file is an archive holding it. */
  tapeblksz?: string;
}

/** Everything found on the tape. */
export interface TapeInspection {
  target: string;
  files: InspectedFile[];
  /** How the listing ended. */
  end: 'end-of-data' | 'no-filemark' | 'error' | 'limit';
  error?: { code: string; message: string };
}

/** Options of inspectTape. */
export interface InspectOptions {
  maxFiles?: number;
  onProgress?: OnTapeProgress;
  signal?: AbortSignal;
}

const HEAD_BYTES = 1024 * 1024;

/** Reads the whole tape (opens and closes the drive). */
export async function inspectTape(drive: TapeDrive, opts: InspectOptions = {}): Promise<TapeInspection> {
  const maxFiles = opts.maxFiles ?? 64;
  const meter = new ProgressMeter('inspect', undefined, opts.onProgress);
  const files: InspectedFile[] = [];
  const out: TapeInspection = { target: drive.target, files, end: 'limit' };
  await drive.open('read');
  try {
    await drive.rewind();
    for (let index = 1; index <= maxFiles; index++) {
      const head = Buffer.alloc(HEAD_BYTES);
      let headLen = 0;
      let parser: ArchiveParser | undefined;
      const collector = new TapeblkszCollector();
      meter.startRecord(index, undefined);
      let read;
      try {
        read = await readTapeFile(
          drive,
          (chunk, offset) => {
            if (offset === 0 && chunk.length >= 4 && chunk.subarray(0, 4).equals(ARCHIVE_SIGNATURE)) {
              parser = new ArchiveParser({ ...collector.parserOptions, decodePacked: false });
            }
            if (headLen < HEAD_BYTES) headLen += chunk.copy(head, headLen, 0, Math.min(chunk.length, HEAD_BYTES - headLen));
            parser?.write(chunk);
            meter.add(chunk.length);
          },
          opts.signal,
        );
      } catch (err) {
        if (err instanceof SysbError && err.code === 'CANCELLED') throw err;
        out.end = 'error';
        out.error = err instanceof SysbError ? { code: err.code, message: err.message } : { code: 'TAPE_IO', message: String(err) };
        break;
      }
      if (read.blocks === 0 && read.end === 'end-of-data') {
        out.end = 'end-of-data';
        break;
      }
      const id =
        read.bytes === 0
          ? { kind: 'empty' as const, reason: 'an empty file (two filemarks in a row)' }
          : identifyImage(head.subarray(0, headLen), read.bytes);
      const file: InspectedFile = {
        index,
        blocks: read.blocks,
        bytes: read.bytes,
        blockSizes: read.runs,
        looksLike: id.kind,
        reason: id.reason,
      };
      if (parser) {
        const summary = parser.end();
        file.archive = {
          members: summary.memberCount,
          complete: seriousProblems(summary).length === 0 && summary.endOffset !== null,
          problems: seriousProblems(summary).length,
        };
        const text = collector.text;
        if (text !== null) file.tapeblksz = text.trim();
      }
      files.push(file);
      if (read.end === 'end-of-data') {
        out.end = 'no-filemark';
        break;
      }
    }
  } finally {
    await drive.close();
  }
  return out;
}

/** Human-readable listing, one line per file. */
export function formatInspection(t: TapeInspection): string {
  const lines = [`Tape ${t.target}: ${t.files.length} file(s)`];
  for (const f of t.files) {
    const sizes = f.blockSizes.map((r) => `${r.blocks}×${r.size}`).join(' + ') || 'no blocks';
    let what = `${f.looksLike} (${f.reason})`;
    if (f.archive) what += `; ${f.archive.members} members${f.archive.complete ? '' : `, ${f.archive.problems} problem(s)`}`;
    if (f.tapeblksz !== undefined) what += `; ./tapeblksz "${f.tapeblksz}"`;
    lines.push(`  file ${f.index}: ${f.blocks} blocks (${sizes} bytes), ${f.bytes} bytes — ${what}`);
  }
  switch (t.end) {
    case 'end-of-data':
      lines.push('  end of data');
      break;
    case 'no-filemark':
      lines.push('  end of data without a closing filemark');
      break;
    case 'limit':
      lines.push('  (stopped listing: too many files)');
      break;
    case 'error':
      lines.push(`  read error: ${t.error?.message ?? ''} [${t.error?.code ?? ''}]`);
      break;
  }
  return `${lines.join('\n')}\n`;
}
