/**
 * `sysbtape extract SOURCE --out DIR [PATH...]`: give back files from a backup without reinstalling
 * (like `restore -xqf` / `restorevgfiles`). SOURCE: an image file (record 2 or 4), an image-set
 * directory or catalog id (its record 4), or `--tape TARGET` (record 4 read from the tape, or
 * record 2 with `--record 2`).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { extractFromFile, extractFromTape, type ExtractSummary } from '../services/contents/extract.ts';
import { tapeDriveFor } from '../services/tape/open-tape-drive.ts';
import {
  type CliIo,
  type CommandModule,
  EXIT_OK,
  EXIT_PROBLEMS,
  printJson,
  runAction,
  scanProgressPrinter,
  withCatalog,
  withSigint,
} from './command-kit.ts';

interface ExtractFlags {
  out: string;
  tape?: string;
  record?: string;
  overwrite?: boolean;
  linksOutside?: boolean;
  json?: boolean;
}

const MKSYSB_FILE = '4_mksysb.img';

/** The archive file SOURCE names: a file, an image-set directory, or an image set's catalog id. */
export async function archiveFileOf(source: string, cmd: Command): Promise<string> {
  const st = await stat(source).catch(() => null);
  if (st?.isFile()) return source;
  if (st?.isDirectory()) {
    const file = path.join(source, MKSYSB_FILE);
    if (!(await stat(file).catch(() => null))?.isFile())
      throw new SysbError('NOT_FOUND', `${source} is a directory without ${MKSYSB_FILE}; give an image file or an image-set directory`);
    return file;
  }
  if (/^\d+$/.test(source)) {
    return withCatalog(cmd, (catalog) => {
      const set = catalog.imageSets.get(Number(source));
      if (!set)
        throw new SysbError(
          'NOT_FOUND',
          `image set ${source} is not in the catalog (${catalog.path}); 'sysbtape catalog' lists image sets`,
        );
      return path.join(set.stagingPath, MKSYSB_FILE);
    });
  }
  throw new SysbError('NOT_FOUND', `${source} is neither a file, an image-set directory nor an image-set id`);
}

function printSummary(io: CliIo, s: ExtractSummary): void {
  for (const k of s.skipped) io.err.write(`skipped ${k.name}${k.offset >= 0 ? ` (offset ${k.offset})` : ''}: ${k.reason}\n`);
  for (const p of s.archive.problems) io.err.write(`problem at offset ${p.offset}: ${p.message} [${p.code}]\n`);
  io.out.write(
    `Extracted ${s.files} file(s), ${s.directories} director${s.directories === 1 ? 'y' : 'ies'}, ${s.symlinks} symlink(s), ${s.hardLinks} hard link(s), ` +
      `${s.bytes} bytes from ${s.source} into ${s.outDir}; ${s.skipped.length} skipped, ${s.archive.problemCount} archive problem(s)\n`,
  );
}

/** Registers `extract`. */
export const extractCommand: CommandModule = (program, io, setExit) => {
  program
    .command('extract')
    .description(
      'Extract files from a backup (image file, image set, or tape) into a directory, like restore -xq. Never writes outside DIR.',
    )
    .argument('[source]', 'image file (record 2 or 4), image-set directory, or image-set catalog id; omit with --tape')
    .argument('[paths...]', "member names as 'sysbtape list' shows them (./etc/hosts) or shell patterns; none = everything")
    .requiredOption('--out <dir>', 'directory to extract into (created 0700 when missing)')
    .option('--tape <target>', 'read the archive from this tape (.tap or /dev/nstN) instead of a file')
    .option('--record <n>', 'with --tape: tape file 4 (mksysb, default) or 2 (mkinsttape)', '4')
    .option('--overwrite', 'replace existing files and symlinks in DIR')
    .option('--links-outside', 'also create symlinks whose target leaves DIR (as stored; they are never followed)')
    .option('--json', 'print the summary as JSON')
    .action(
      runAction(io, setExit, async (source: string | undefined, paths: string[], flags: ExtractFlags, cmd: Command) => {
        const record = Number(flags.record);
        if (record !== 2 && record !== 4)
          throw new SysbError('USAGE', `--record ${flags.record}: only 2 (mkinsttape) or 4 (mksysb) hold files`);
        const common = {
          outDir: flags.out,
          overwrite: flags.overwrite ?? false,
          linksOutside: flags.linksOutside ?? false,
          onProgress: scanProgressPrinter(io, 'extract'),
        };
        const summary = await withSigint(async (signal) => {
          if (flags.tape) {
            // With --tape every positional argument is a PATH.
            const wanted = source === undefined ? paths : [source, ...paths];
            return extractFromTape(tapeDriveFor(flags.tape), record, { ...common, paths: wanted, signal });
          }
          if (source === undefined) throw new SysbError('USAGE', 'give a SOURCE (image file, image-set directory or id) or --tape TARGET');
          return extractFromFile(await archiveFileOf(source, cmd), { ...common, paths, signal });
        });
        if (flags.json) printJson(io, summary);
        else printSummary(io, summary);
        return summary.ok ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
};
