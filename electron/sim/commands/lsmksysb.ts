/** `lsmksysb -l -f FILE`: the header lines of a mksysb image. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ARCHIVE_SIGNATURE } from '../../services/aix/backup-format.ts';
import type { SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

/** Simulated lsmksysb (only -l is implemented). */
export function lsmksysb(args: string[], cfg: SimConfig, io: SimIo): number {
  const fi = args.findIndex((a) => a === '-f' || /^-\w*f$/.test(a));
  const file = fi >= 0 ? args[fi + 1] : '/dev/rmt0';
  if (!file) return 1;
  let size: number;
  const head = Buffer.alloc(4);
  try {
    size = statSync(file).size;
    const fd = openSync(file, 'r');
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
  } catch {
    io.err(`0516-1120 lsmksysb: Unable to open ${file}.\n`);
    return 1;
  }
  if (!head.equals(ARCHIVE_SIGNATURE)) {
    io.err(`0516-1132 lsmksysb: ${file} is not a valid backup image.\n`);
    return 1;
  }
  const mb = Math.ceil(size / (1024 * 1024));
  const [v] = cfg.oslevel.split('-');
  io.out(
    [
      'VOLUME GROUP:           rootvg',
      `BACKUP DATE/TIME:       ${new Date().toUTCString()}`,
      `UNAME INFO:             AIX ${cfg.hostname} 3 7 00F9C1A24C00`,
      `BACKUP OSLEVEL:         ${(v ?? '7300').split('').join('.')}`,
      `MAINTENANCE LEVEL:      ${cfg.oslevel}`,
      `BACKUP SIZE (MB):       ${mb}`,
      `SHRINK SIZE (MB):       ${mb}`,
      'VG DATA ONLY:           no',
      '',
    ].join('\n'),
  );
  return 0;
}
