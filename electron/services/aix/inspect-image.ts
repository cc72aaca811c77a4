/**
 * What an image file is and whether it is sound: the report behind `sysbtape inspect`. For archives
 * it scans every header once, picking up ./tapeblksz, ./image.data and ./bosinst.data on the way.
 */
import { stat } from 'node:fs/promises';
import { SysbError } from '../../../shared/errors.ts';
import { scanArchiveFile, type ScanProgress } from './archive-file.ts';
import type { ArchiveMember, ArchiveProblemCode, ArchiveSummary } from './archive-types.ts';
import { checkBootImageFile, type BootImageCheck } from './boot-image.ts';
import { identifyFile, type ImageKind } from './identify.ts';
import { summarizeImageData, type ImageDataSummary } from './image-data.ts';
import { parseTapeblksz, record4BlockSize, tapeblkszError, tapeblkszWarnings, type Tapeblksz } from './tapeblksz.ts';

/** Members whose text the report reads (small stanza files). */
const TEXT_MEMBERS = ['./tapeblksz', './image.data', './bosinst.data'] as const;
const TEXT_MAX_BYTES = 1024 * 1024;

/** Problem codes of an inspection: the archive's own, plus image-level ones. */
export type InspectProblemCode = ArchiveProblemCode | 'MISSING_MEMBER' | 'BAD_TAPEBLKSZ' | 'BAD_BOOT_IMAGE' | 'UNKNOWN_IMAGE';

/** A problem found by an inspection, with the byte offset it concerns (0 for whole-image ones). */
export interface InspectProblem {
  code: InspectProblemCode;
  message: string;
  offset: number;
}

/** ./tapeblksz as found in an archive. */
export interface TapeblkszReport {
  text: string;
  parsed: Tapeblksz | null;
  /** Record 4's block size (JSON field name of `sysbtape inspect --json`, kept as published). */
  record4BlockSize: number | null;
  error: string | null;
  warnings: string[];
}

/** Archive part of the report. */
export interface ArchiveReport {
  summary: ArchiveSummary;
  tapeblksz: TapeblkszReport | null;
  imageData: ImageDataSummary | null;
  hasBosinstData: boolean;
  packedMembers: number;
  largeFileMembers: number;
}

/** Everything `inspect` says about one image. */
export interface InspectReport {
  /** Where the image came from (a path, later also a tape file). */
  source: string;
  kind: ImageKind;
  reason: string;
  length: number;
  boot: BootImageCheck | null;
  archive: ArchiveReport | null;
  /** Problems: anything here makes `inspect` exit 1. */
  problems: InspectProblem[];
  /** Worth a look, not a failure. */
  warnings: string[];
}

/** Inspects an image file on disk. */
export async function inspectImageFile(
  path: string,
  opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {},
): Promise<InspectReport> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new SysbError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_INPUT', `cannot read ${path}: ${err.message}`);
  });
  if (!st.isFile()) throw new SysbError('INVALID_INPUT', `${path} is not a regular file`);
  const id = await identifyFile(path);
  const report: InspectReport = {
    source: path,
    kind: id.kind,
    reason: id.reason,
    length: st.size,
    boot: null,
    archive: null,
    problems: [],
    warnings: [],
  };
  switch (id.kind) {
    case 'boot-image': {
      report.boot = await checkBootImageFile(path);
      report.warnings.push(...report.boot.warnings);
      for (const e of report.boot.errors) report.problems.push({ code: 'BAD_BOOT_IMAGE', message: e, offset: 0 });
      return report;
    }
    case 'mkinsttape':
    case 'mksysb':
    case 'backup-archive':
      report.archive = await inspectArchive(path, id.kind, report, opts);
      return report;
    case 'dummy-toc':
      return report;
    case 'unknown': {
      // A boot image without the IPL magic looks unknown; say what would make it usable.
      const boot = await checkBootImageFile(path);
      report.problems.push({ code: 'UNKNOWN_IMAGE', message: `not a recognised image: ${id.reason}`, offset: 0 });
      if (boot.errors.length === 0 && st.size % 512 === 0)
        report.warnings.push('if this is a bosboot boot image, it lacks the IPL record magic (newer AIX levels are unconfirmed)');
      return report;
    }
  }
}

async function inspectArchive(
  path: string,
  kind: ImageKind,
  report: InspectReport,
  opts: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void },
): Promise<ArchiveReport> {
  const texts = new Map<string, Buffer[]>();
  let packedMembers = 0;
  let largeFileMembers = 0;
  const isText = (m: ArchiveMember): boolean =>
    m.kind === 'file' &&
    m.size <= TEXT_MAX_BYTES &&
    (TEXT_MEMBERS as readonly string[]).includes(m.name.toString('latin1')) &&
    !texts.has(m.name.toString('latin1'));
  const summary = await scanArchiveFile(path, {
    ...opts,
    onMember: (m) => {
      if (m.packed) packedMembers++;
      if (m.recordType === 12) largeFileMembers++;
      if (isText(m)) texts.set(m.name.toString('latin1'), []);
    },
    wantData: (m) => texts.get(m.name.toString('latin1'))?.length === 0,
    onMemberData: (m, chunk) => texts.get(m.name.toString('latin1'))?.push(Buffer.from(chunk)),
  });
  report.problems.push(...summary.problems);
  if (summary.problemCount > summary.problems.length) {
    report.warnings.push(`${summary.problemCount - summary.problems.length} more problems not shown`);
  }
  const text = (name: string): string | null => {
    const parts = texts.get(name);
    return parts ? Buffer.concat(parts).toString('latin1') : null;
  };
  const tapeText = text('./tapeblksz');
  let tapeblksz: TapeblkszReport | null = null;
  if (tapeText !== null) {
    try {
      const parsed = parseTapeblksz(tapeText);
      tapeblksz = {
        text: tapeText.trim(),
        parsed,
        record4BlockSize: record4BlockSize(parsed),
        error: null,
        warnings: tapeblkszWarnings(parsed),
      };
      report.warnings.push(...tapeblksz.warnings.map((w) => `tapeblksz: ${w}`));
      const ruleBroken = tapeblkszError(parsed);
      if (ruleBroken !== null) {
        tapeblksz.error = ruleBroken;
        report.problems.push({ code: 'BAD_TAPEBLKSZ', message: `tapeblksz '${tapeblksz.text}': ${ruleBroken}`, offset: 0 });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      tapeblksz = { text: tapeText.trim(), parsed: null, record4BlockSize: null, error: message, warnings: [] };
      report.problems.push({ code: 'BAD_TAPEBLKSZ', message, offset: 0 });
    }
  } else if (kind === 'mkinsttape') {
    report.problems.push({
      code: 'MISSING_MEMBER',
      message:
        "the mkinsttape image has no ./tapeblksz: the installer cannot tell record 4's block size; run echo '512 NONE' > /tapeblksz before mkinsttape",
      offset: 0,
    });
  }
  const imageText = text('./image.data');
  const imageData = imageText === null ? null : summarizeImageData(imageText, text('./bosinst.data'));
  if (imageData) report.warnings.push(...imageData.warnings.map((w) => `image.data: ${w}`));
  if (imageText === null && (kind === 'mksysb' || kind === 'mkinsttape')) {
    report.problems.push({ code: 'MISSING_MEMBER', message: `the ${kind} image has no ./image.data`, offset: 0 });
  }
  return { summary, tapeblksz, imageData, hasBosinstData: texts.has('./bosinst.data'), packedMembers, largeFileMembers };
}
