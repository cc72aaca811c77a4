/**
 * `mksysb -i [-e] [-p] [-X] FILE`: the rootvg backup (record 4) with AIX's progress text
 * ("N of M files (P%)"), its success message 0512-038, and its failure messages and exit code 3.
 * (-e is accepted; the synthetic rootvg has nothing that /etc/exclude.rootvg patterns would match.)
 */
import { mksysbFileCount, SimulatedWriteError, writeMksysbImage } from '../image-maker.ts';
import type { SimConfig } from '../sim-config.ts';
import { sleep, type SimIo } from './sim-io.ts';

const FAILED_TAIL = '0512-005 mksysb: Backup Completed.\n\tThe backup command completed with errors.\n\tThe messages displayed on Standard Error contained additional\n\tinformation.\n';

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
  const total = mksysbFileCount(cfg, date, pack);
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
    const why = err instanceof SimulatedWriteError && !cfg.faults.workdirFull ?
      'A system call received a parameter that is not valid.' : 'There is not enough space in the file system.';
    io.out('\n');
    io.err(`backup: 0511-089 The backup medium write failed: ${why}\nCheck backup media and rerun the backup.\n${FAILED_TAIL}`);
    return 3;
  }
  io.out(`\n${total} of ${total} files backed up (100%)\n0512-038 mksysb: Backup Completed Successfully.\n`);
  return 0;
}
