/** `sysbtape inspect FILE [--json]`: what an image file is and whether it is sound (exit 0 clean, 1 problems). */
import { formatImageDataSummary } from '../services/aix/image-data.ts';
import { inspectImageFile, type InspectReport } from '../services/aix/inspect-image.ts';
import {
  type CliIo,
  type CommandModule,
  EXIT_OK,
  EXIT_PROBLEMS,
  printJson,
  runAction,
  scanProgressPrinter,
  withSigint,
} from './command-kit.ts';
import { SysbError } from '../../shared/errors.ts';
import { tapeDriveFor } from '../services/tape/open-tape-drive.ts';
import { formatInspection, inspectTape } from '../services/tape/tape-inspector.ts';

/** Options of `inspect`; a tape source may be added beside FILE. */
export interface InspectFlags {
  json?: boolean;
  /** A tape (.tap or /dev/nstN) to list instead of an image file. */
  tape?: string;
}

const KIND_TITLES: Record<InspectReport['kind'], string> = {
  'boot-image': 'bosboot tape boot image (record 1)',
  mkinsttape: 'mkinsttape image (record 2)',
  'dummy-toc': 'dummy TOC (record 3)',
  mksysb: 'mksysb image (record 4)',
  'backup-archive': 'backup-by-name archive',
  unknown: 'unknown',
};

/** Prints a report as text. */
export function printInspectReport(io: CliIo, r: InspectReport): void {
  const line = (k: string, v: string | number): void => {
    io.out.write(`${`${k}:`.padEnd(18)}${v}\n`);
  };
  line('file', r.source);
  line('kind', KIND_TITLES[r.kind]);
  line('identified by', r.reason);
  line('length', `${r.length} bytes`);
  if (r.boot) {
    line('512-byte records', r.boot.records);
    line('IPL magic', r.boot.iplMagic ? 'present (0xC9C2D4C1)' : 'absent');
  }
  const a = r.archive;
  if (a) {
    const s = a.summary;
    if (s.volume)
      line(
        'backup date',
        `${new Date(s.volume.date * 1000).toISOString()} (volume ${s.volume.volumeNumber}, user ${s.volume.user || '-'})`,
      );
    line('members', `${s.memberCount} (${a.packedMembers} packed, ${a.largeFileMembers} large-file records)`);
    line('member bytes', s.totalBytes);
    line('archive end', s.endOffset === null ? 'no FS_END found' : `FS_END ends at offset ${s.endOffset}`);
    line('checksums', s.checksumsAbsent > 0 ? `${s.checksumsAbsent} header(s) without checksum` : 'all verified');
    if (a.tapeblksz) {
      line(
        'tapeblksz',
        a.tapeblksz.error
          ? `'${a.tapeblksz.text}' (invalid)`
          : `'${a.tapeblksz.text}' -> record 4 block size ${a.tapeblksz.record4BlockSize}`,
      );
    }
    if (a.imageData) io.out.write(`\n${formatImageDataSummary(a.imageData)}\n`);
  }
  for (const w of r.warnings) io.out.write(`warning: ${w}\n`);
  for (const p of r.problems) io.out.write(`problem at offset ${p.offset}: ${p.message} [${p.code}]\n`);
  const extra = a ? a.summary.problemCount - a.summary.problems.length : 0;
  const total = r.problems.length + extra;
  io.out.write(total === 0 ? 'result: clean\n' : `result: ${total} problem(s)\n`);
}

/** Exit code for a report. */
export function inspectExitCode(r: InspectReport): number {
  return r.problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
}

/** Registers `inspect`. */
export const inspectCommand: CommandModule = (program, io, setExit) => {
  program
    .command('inspect')
    .description(
      'Tell what an image file is (boot image, mkinsttape, mksysb) and check it: member count, bytes, tapeblksz, the image.data summary, problems with offsets.',
    )
    .argument('[file]', 'image file, e.g. 2_mkinsttape.img')
    .option('--tape <target>', 'list a tape instead (a .tap file or /dev/nstN): files, blocks, sizes, what each file is')
    .option('--json', 'print the report as JSON')
    .action(
      runAction(io, setExit, async (file: string | undefined, flags: InspectFlags) => {
        if (flags.tape !== undefined) {
          if (file !== undefined) throw new SysbError('USAGE', 'give either an image FILE or --tape TARGET, not both');
          const listing = await inspectTape(tapeDriveFor(flags.tape));
          if (flags.json) printJson(io, listing);
          else io.out.write(formatInspection(listing));
          return listing.end === 'end-of-data' ? EXIT_OK : EXIT_PROBLEMS;
        }
        if (file === undefined) throw new SysbError('USAGE', 'inspect needs an image FILE or --tape TARGET');
        const report = await withSigint((signal) => inspectImageFile(file, { signal, onProgress: scanProgressPrinter(io, 'inspect') }));
        if (flags.json) printJson(io, report);
        else printInspectReport(io, report);
        return inspectExitCode(report);
      }),
    );
};
