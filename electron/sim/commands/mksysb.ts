/**
 * `mksysb -i [-e] [-p] [-X] FILE`: the rootvg backup (record 4) with AIX's progress text
 * ("N of M files (P%)"), its success message 0512-038, and its failure messages and exit code 3.
 */
import { readFileSync } from 'node:fs';
import { rootvgMembers, writeArchiveFile } from '../image-maker.ts';
import { simPath, type SimConfig } from '../sim-config.ts';
import { sleep, type SimIo } from './sim-io.ts';

function excludePatterns(): RegExp[] {
  let text: string;
  try {
    text = readFileSync(simPath('/etc/exclude.rootvg'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').map((l) => l.trim()).filter(Boolean).flatMap((l) => {
    try {
      return [new RegExp(l)];
    } catch {
      return [];
    }
  });
}

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
  if (flags.has('i')) io.out('\nCreating information file (/image.data) for rootvg.\n');
  await pace(50);
  io.out('\nCreating list of files to back up.\n');
  const date = Math.floor(Date.now() / 1000);
  const exclude = flags.has('e') ? excludePatterns() : [];
  let total = 0;
  for (const _m of rootvgMembers(cfg, date, exclude)) total++;
  await pace(50);
  io.out(`\nBacking up ${total} files`);
  const step = Math.max(1, Math.floor(total / 10));
  const failAt = cfg.faults.workdirFull ? Math.max(1, Math.floor(total * 0.02)) :
    cfg.faults.mksysbFailAtPercent !== undefined ? Math.max(1, Math.floor((total * cfg.faults.mksysbFailAtPercent) / 100)) : undefined;
  try {
    await writeArchiveFile(target, rootvgMembers(cfg, date, exclude), {
      date,
      pack: !flags.has('p'),
      ...(failAt !== undefined ? { failAfterMembers: failAt } : {}),
      onMember: async (n) => {
        if (n % Math.max(1, Math.floor(step / 3)) === 0) io.out('.');
        if (n % step === 0 && n < total) {
          io.out(`\n${n} of ${total} files (${Math.floor((n * 100) / total)}%)`);
          await pace(cfg.mksysbMillis / 10);
        }
      },
    });
  } catch (err) {
    const why = cfg.faults.workdirFull || (err as Error).message !== 'simulated write failure' ?
      'There is not enough space in the file system.' : 'A system call received a parameter that is not valid.';
    io.out('\n');
    io.err(`backup: 0511-089 The backup medium write failed: ${why}\nCheck backup media and rerun the backup.\n${FAILED_TAIL}`);
    return 3;
  }
  io.out(`\n${total} of ${total} files backed up (100%)\n0512-038 mksysb: Backup Completed Successfully.\n`);
  return 0;
}
