/** uname, oslevel and lsdev as an AIX 7.3 LPAR answers them. */
import type { SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

/** `uname [-a|-s|-n|-r|-v|-M|-p]` */
export function uname(args: string[], cfg: SimConfig, io: SimIo): number {
  const fields: Record<string, string> = { s: 'AIX', n: cfg.hostname, r: '3', v: '7', m: '00F9C1A24C00', M: 'IBM,9009-42A', p: 'powerpc' };
  const flags = args.join('').replaceAll('-', '').split('').filter(Boolean);
  if (flags.length === 0) flags.push('s');
  if (flags.includes('a')) flags.splice(0, flags.length, 's', 'n', 'r', 'v', 'm');
  const unknown = flags.find((f) => !(f in fields));
  if (unknown) {
    io.err(`uname: Not a recognized flag: ${unknown}\nUsage: uname [-snlrvmapFufMTWx]\n`);
    return 1;
  }
  io.out(`${flags.map((f) => fields[f]).join(' ')}\n`);
  return 0;
}

/** `oslevel [-s|-r]` */
export function oslevel(args: string[], cfg: SimConfig, io: SimIo): number {
  const [v, tl, sp, build] = cfg.oslevel.split('-');
  if (args.includes('-s')) io.out(`${cfg.oslevel}\n`);
  else if (args.includes('-r')) io.out(`${v}-${tl}\n`);
  else io.out(`${(v ?? '7300').split('').join('.')}\n`);
  void sp;
  void build;
  return 0;
}

/** `lsdev -P -c tape` (predefined tape types) and `lsdev -C -c tape` (configured drives). */
export function lsdev(args: string[], cfg: SimConfig, io: SimIo): number {
  const joined = ` ${args.join(' ')} `;
  const predefined = /\s-P\b/.test(joined) || /-\w*P/.test(joined);
  if (!/tape/.test(joined)) {
    io.out('hdisk0 Available 00-00-00 MPIO IBM 2076 FC Disk\nent0   Available         Virtual I/O Ethernet Adapter (l-lan)\n');
    return 0;
  }
  if (cfg.faults.noTapeSupport) return 0;
  if (predefined) {
    io.out(
      [
        'tape 1200mb-c scsi 1.2 GB 1/4-Inch Tape Drive',
        'tape 4mm2gb   scsi 2.0 GB 4mm Tape Drive',
        'tape 8mm      scsi 2.3 GB 8mm Tape Drive',
        'tape ost      scsi Other SCSI Tape Drive',
        'tape scsd     scsi SCSI Tape Drive',
        '',
      ].join('\n'),
    );
  } else {
    io.out('rmt0 Available 00-08-00-3,0 Other SCSI Tape Drive\n');
  }
  return 0;
}
