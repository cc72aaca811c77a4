/**
 * `extract`: members of record 2 or 4 — from an image file or read from the tape — into a directory.
 * One extractor for both sources; the archive parser does the format, ArchiveExtractor the disk.
 */
import { mkdir, realpath, stat } from 'node:fs/promises';
import { SysbError } from '../../../shared/errors.ts';
import { feedArchiveFile, type ScanProgress } from '../aix/archive-file.ts';
import { ArchiveParser } from '../aix/archive-parser.ts';
import type { ArchiveSummary } from '../aix/archive-types.ts';
import { readTapeFile } from '../tape/record-reader.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';
import { ArchiveExtractor, type ExtractCounts } from './archive-extractor.ts';
import { selectMembers } from './member-selection.ts';

/** What to extract and how. */
export interface ExtractRequest {
  outDir: string;
  /** Member names or shell patterns; none = everything. */
  paths: readonly string[];
  overwrite?: boolean;
  linksOutside?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
}

/** The outcome: counts, skipped members with reasons, and the archive's own problems. */
export interface ExtractSummary extends ExtractCounts {
  source: string;
  outDir: string;
  archive: Pick<ArchiveSummary, 'memberCount' | 'complete' | 'problems' | 'problemCount'>;
  /** True when every selected member was extracted and the archive had no problems. */
  ok: boolean;
}

async function prepare(req: ExtractRequest): Promise<ArchiveExtractor> {
  // A new directory is private: a mksysb holds /etc/security/passwd.
  await mkdir(req.outDir, { recursive: true, mode: 0o700 });
  const st = await stat(req.outDir);
  if (!st.isDirectory()) throw new SysbError('INVALID_INPUT', `--out ${req.outDir} is not a directory`);
  const root = Buffer.from(await realpath(req.outDir));
  let select;
  try {
    select = selectMembers(req.paths);
  } catch (err) {
    throw new SysbError('USAGE', (err as Error).message);
  }
  return new ArchiveExtractor({ root, select, overwrite: req.overwrite ?? false, linksOutside: req.linksOutside ?? false });
}

function summarize(source: string, req: ExtractRequest, ex: ArchiveExtractor, s: ArchiveSummary): ExtractSummary {
  return {
    source,
    outDir: req.outDir,
    ...ex.counts,
    archive: { memberCount: s.memberCount, complete: s.complete, problems: s.problems, problemCount: s.problemCount },
    ok: ex.counts.skipped.length === 0 && s.problemCount === 0,
  };
}

/** Extracts from an archive file (record 2 or 4 as an image file). */
export async function extractFromFile(file: string, req: ExtractRequest): Promise<ExtractSummary> {
  const ex = await prepare(req);
  const parser = new ArchiveParser(ex.parserOptions());
  try {
    await feedArchiveFile(
      file,
      parser,
      { ...(req.signal ? { signal: req.signal } : {}), ...(req.onProgress ? { onProgress: req.onProgress } : {}) },
      async () => {
        await ex.drain();
        return false;
      },
    );
    const summary = parser.end();
    await ex.drain();
    return summarize(file, req, ex, summary);
  } finally {
    await ex.finish();
  }
}

/** Extracts from tape file `record` (2 or 4), reading the tape from the start (opens and closes the drive). */
export async function extractFromTape(drive: TapeDrive, record: 2 | 4, req: ExtractRequest): Promise<ExtractSummary> {
  const ex = await prepare(req);
  const parser = new ArchiveParser(ex.parserOptions());
  const started = Date.now();
  let lastProgress = 0;
  await drive.open('read');
  try {
    await drive.rewind();
    await drive.spaceFiles(record - 1);
    const read = await readTapeFile(
      drive,
      async (chunk, offset) => {
        if (!parser.done) parser.write(chunk);
        await ex.drain();
        const now = Date.now();
        if (req.onProgress && now - lastProgress >= 250) {
          lastProgress = now;
          const bytes = offset + chunk.length;
          req.onProgress({ bytes, totalBytes: 0, bytesPerSecond: bytes / Math.max(0.001, (now - started) / 1000), etaSeconds: null });
        }
      },
      req.signal,
    );
    if (read.bytes === 0)
      throw new SysbError('NOT_AN_ARCHIVE', `tape file ${record} of ${drive.target} is empty or missing: not a mksysb tape?`);
    const summary = parser.end();
    await ex.drain();
    return summarize(`${drive.target} record ${record}`, req, ex, summary);
  } finally {
    await drive.close().catch(() => undefined);
    await ex.finish();
  }
}
