/** `sysbtape list FILE [--json]`: the members of a backup-by-name archive, like `restore -Tv`. */
import type { ArchiveMember, ArchiveSummary } from '../services/aix/archive-types.ts';
import { scanArchiveFile } from '../services/aix/archive-file.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, runAction, scanProgressPrinter, withSigint } from './command-kit.ts';

/** Output is gathered and written in pieces of about this size. */
const FLUSH_CHARS = 64 * 1024;

/** JSON form of a member (names as shown; the exact bytes in hex when they differ). */
export function memberJson(m: ArchiveMember): Record<string, unknown> {
  const shown = Buffer.from(m.displayName, 'latin1');
  return {
    name: m.displayName,
    ...(shown.equals(m.name) ? {} : { nameHex: m.name.toString('hex') }),
    kind: m.kind,
    mode: `0${(m.mode & 0o7777).toString(8)}`,
    rawMode: m.mode,
    uid: m.uid,
    gid: m.gid,
    size: m.size,
    mtime: new Date(m.mtime * 1000).toISOString(),
    packed: m.packed,
    storedLength: m.storedLength,
    recordType: m.recordType,
    headerOffset: m.headerOffset,
    checksum: m.checksum,
    ...(m.linkTarget === null ? {} : { linkTarget: m.linkTarget }),
  };
}

/** Prints the problems of an archive summary, one per line, with their offsets. */
export function printProblems(io: CliIo, s: ArchiveSummary): void {
  for (const p of s.problems) io.err.write(`problem at offset ${p.offset}: ${p.message} [${p.code}]\n`);
  if (s.problemCount > s.problems.length) io.err.write(`... and ${s.problemCount - s.problems.length} more problems\n`);
}

/** Registers `list`. */
export const listCommand: CommandModule = (program, io, setExit) => {
  program
    .command('list')
    .description(
      'List the members of a backup-by-name archive (mkinsttape or mksysb image), like restore -Tv: size and name, then totals and problems.',
    )
    .argument('<file>', 'archive file, e.g. 4_mksysb.img')
    .option('--json', 'print members and summary as JSON')
    .option('--check-data', 'also decode every packed member and check its size (slower; inspect always does)')
    .action(
      runAction(io, setExit, async (file: string, flags: { json?: boolean; checkData?: boolean }) => {
        let pending = '';
        let first = true;
        const flush = (): void => {
          if (pending) {
            io.out.write(pending);
            pending = '';
          }
        };
        if (flags.json) pending += `{\n  "file": ${JSON.stringify(file)},\n  "members": [`;
        const summary = await withSigint((signal) =>
          scanArchiveFile(file, {
            signal,
            onProgress: scanProgressPrinter(io, 'list'),
            // Like restore -T: headers only, unless asked to check packed data too.
            decodePacked: flags.checkData === true,
            onMember: (m) => {
              if (flags.json) {
                pending += `${first ? '\n' : ',\n'}    ${JSON.stringify(memberJson(m))}`;
                first = false;
              } else {
                pending += `${String(m.size).padStart(12)} ${m.displayName}${m.linkTarget === null ? '' : ` -> ${m.linkTarget}`}\n`;
              }
              if (pending.length >= FLUSH_CHARS) flush();
            },
          }),
        );
        if (flags.json) {
          pending += `${first ? '' : '\n  '}],\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
          flush();
        } else {
          pending += `total size: ${summary.totalBytes}\nfiles archived: ${summary.memberCount}\n`;
          flush();
          printProblems(io, summary);
          io.out.write(
            summary.complete
              ? 'archive complete: FS_END found, no problems\n'
              : `archive has ${summary.problemCount} problem(s)${summary.endOffset === null ? ', no FS_END' : ''}\n`,
          );
        }
        return summary.complete ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
};
