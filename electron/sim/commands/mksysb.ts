/**
 * `mksysb -i [-e] [-p] [-X] FILE`: the rootvg backup (record 4) with AIX's progress text
 * ("N of M files (P%)"), its success message 0512-038, and its failure messages and exit code 3.
 * -e leaves out every member whose "./path" name matches a line of /etc/exclude.rootvg (grep basic
 * regular expressions, blank lines ignored, e.g. `^./tmp/`); the file count shows what is left. No
 * file means nothing is left out; a line grep cannot compile stops mksysb (exit 1) before writing.
 * ./bosinst.data and ./image.data are always backed up; image.data still describes the whole rootvg.
 */
import { ExcludePatternError, loadExcludeList } from '../exclude-rootvg.ts';
import { type ExcludeTest, mksysbFileCount, SimulatedWriteError, writeMksysbImage } from '../image-maker.ts';
import { type SimConfig, simPath } from '../sim-config.ts';
import { sleep, type SimIo } from './sim-io.ts';

const EXCLUDE_FILE = '/etc/exclude.rootvg';

/** The -e test from /etc/exclude.rootvg, or the lines to print when a pattern is not valid. */
function readExcludes(): { test?: ExcludeTest; error?: string } {
  try {
    const list = loadExcludeList(simPath(EXCLUDE_FILE));
    return list && list.patterns.length > 0 ? { test: list.excludes } : {};
  } catch (err) {
    if (err instanceof ExcludePatternError) {
      return {
        error:
          `grep: ${EXCLUDE_FILE} line ${err.line}: the pattern "${err.pattern}" is not a valid regular expression: ${err.reason}\n` +
          `mksysb: The list of files to back up could not be created: correct or remove line ${err.line} of ${EXCLUDE_FILE}, or run mksysb without -e.\n`,
      };
    }
    return { error: `mksysb: Cannot read ${EXCLUDE_FILE}: ${(err as Error).message}\n` };
  }
}

const FAILED_TAIL =
  '0512-005 mksysb: Backup Completed.\n\tThe backup command completed with errors.\n\tThe messages displayed on Standard Error contained additional\n\tinformation.\n';

/** Simulated mksysb. */
export async function mksysb(args: string[], cfg: SimConfig, io: SimIo): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('-')).flatMap((a) => a.slice(1).split('')));
  const target = args.filter((a) => !a.startsWith('-')).at(-1);
  if (!target) {
    io.err('Usage: mksysb [-a] [-A] [-b Number] [-e] [-F filename] [-i] [-m] [-p] [-v] [-V] [-X] [-Z] Device | File\n');
    return 1;
  }
  if (!target.startsWith('/')) {
    io.err(`0512-006 mksysb: The device or file name must begin with a '/'.\n`);
    return 1;
  }
  const pace = (ms: number) => sleep(ms + (cfg.faults.slowOutputMs ?? 0), io.signal);
  const pack = !flags.has('p');
  const date = Math.floor(Date.now() / 1000);
  if (flags.has('i')) io.out('\nCreating information file (/image.data) for rootvg.\n');
  await pace(50);
  io.out('\nCreating list of files to back up.\n');
  const excludes = flags.has('e') ? readExcludes() : {};
  if (excludes.error !== undefined) {
    io.err(excludes.error);
    return 1;
  }
  const exclude = excludes.test;
  const total = mksysbFileCount(cfg, date, pack, exclude);
  await pace(50);
  io.out(`\nBacking up ${total} files`);
  const step = Math.max(1, Math.floor(total / 10));
  const failPercent = cfg.faults.workdirFull ? 2 : cfg.faults.mksysbFailAtPercent;
  const failAtFiles = failPercent === undefined ? undefined : Math.max(1, Math.floor((total * failPercent) / 100));
  let nextLine = step;
  let nextDot = 0;
  try {
    await writeMksysbImage(target, cfg, {
      date,
      pack,
      ...(exclude ? { exclude } : {}),
      ...(failAtFiles !== undefined ? { failAtFiles } : {}),
      onFiles: async (p) => {
        if (p.membersWritten >= nextDot) {
          io.out('.');
          nextDot = p.membersWritten + Math.max(1, Math.floor(step / 3));
        }
        if (p.membersWritten >= nextLine && p.membersWritten < total) {
          nextLine = p.membersWritten + step;
          io.out(`\n${p.membersWritten} of ${total} files (${Math.floor((p.membersWritten * 100) / total)}%)`);
          await pace(cfg.mksysbMillis / 10);
        }
      },
    });
  } catch (err) {
    const why =
      err instanceof SimulatedWriteError && !cfg.faults.workdirFull
        ? 'A system call received a parameter that is not valid.'
        : 'There is not enough space in the file system.';
    io.out('\n');
    io.err(`backup: 0511-089 The backup medium write failed: ${why}\nCheck backup media and rerun the backup.\n${FAILED_TAIL}`);
    return 3;
  }
  io.out(`\n${total} of ${total} files backed up (100%)\n0512-038 mksysb: Backup Completed Successfully.\n`);
  return 0;
}
