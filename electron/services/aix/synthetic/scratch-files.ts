/**
 * What operators usually list in /etc/exclude.rootvg (`^./tmp/`, `^./home/scratch/`): snap output and
 * performance logs under /tmp and a user's scratch area under /home, so `mksysb -e` has something to
 * leave out. Names, times and contents are fixed (no seeded draws), so adding them to the plan moves
 * no other member's name, time or content.
 */
import type { PlannedMember } from './mksysb-plan.ts';

/** A directory with fixed attributes. */
export interface ScratchDir {
  dir: string;
  perm: number;
  mtime: number;
}

const DAY = 86400;
/** IFJOURNAL, as on every directory of the synthetic rootvg. */
const IFJOURNAL = 0x10000;

function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

function text(name: string, mtime: number, uid: number, content: string): PlannedMember {
  return { name, type: 'file', perm: 0o644, uid, gid: uid === 0 ? 0 : 1, mtime, size: content.length, text: content, kind: 'text' };
}

function snapText(at: number): string {
  const lines = [`snap: general information gathered ${iso(at)}`, '', '.....    lslpp -hac', ''];
  for (const fileset of ['bos.rte', 'bos.mp64', 'bos.net.tcp.client', 'bos.sysmgt.sysbr', 'devices.scsi.tape.rte', 'openssh.base.server']) {
    lines.push(`/usr/lib/objrepos:${fileset}:7.3.2.0::COMMIT:COMPLETE:${iso(at - 200 * DAY)}:23456`);
  }
  lines.push(
    '',
    '.....    lsattr -El sys0',
    '',
    'maxuproc 4096 Maximum number of PROCESSES allowed per user True',
    'realmem 16777216 Amount of usable physical memory in Kbytes False',
    '',
  );
  return lines.join('\n');
}

function vmstatText(at: number): string {
  const lines = [
    `# vmstat 60 started ${iso(at)}`,
    'kthr    memory              page              faults              cpu',
    '----- ----------- ------------------------ ------------ -----------',
    ' r  b   avm   fre  re  pi  po  fr   sr  cy  in   sy  cs us sy id wa',
  ];
  for (let i = 0; i < 24; i++)
    lines.push(
      ` ${i % 3}  0 ${412_300 + i * 37} ${98_100 - i * 11}   0   0   0   0    0   0 ${30 + i} ${900 + i * 7} ${210 + i} ${2 + (i % 5)}  1 ${96 - (i % 5)}  0`,
    );
  return `${lines.join('\n')}\n`;
}

/** The scratch directories (parents first) and files, dated shortly before `date`. */
export function scratchFiles(date: number): { dirs: ScratchDir[]; files: { dir: string; member: PlannedMember }[] } {
  const dirs: ScratchDir[] = [
    { dir: './home/scratch', perm: IFJOURNAL | 0o775, mtime: date - 2 * DAY },
    { dir: './tmp', perm: IFJOURNAL | 0o1777, mtime: date - 600 },
    { dir: './tmp/ibmsupt', perm: IFJOURNAL | 0o755, mtime: date - 9 * DAY },
    { dir: './tmp/ibmsupt/general', perm: IFJOURNAL | 0o755, mtime: date - 9 * DAY },
    { dir: './tmp/lost+found', perm: IFJOURNAL | 0o700, mtime: date - 700 * DAY },
    { dir: './tmp/perf', perm: IFJOURNAL | 0o755, mtime: date - DAY },
  ];
  const files = [
    {
      dir: './home/scratch',
      member: text(
        './home/scratch/extract.sql',
        date - 2 * DAY,
        205,
        "SELECT acct_id, balance FROM ledger WHERE posted >= CURRENT DATE - 30 DAYS;\nEXPORT TO '/home/scratch/ledger.del' OF DEL SELECT * FROM ledger;\n",
      ),
    },
    {
      dir: './home/scratch',
      member: text(
        './home/scratch/build.out',
        date - 3 * DAY,
        205,
        'make: Entering directory /home/scratch/src\ncc -O -c report.c\ncc -o report report.o -lm\nmake: Leaving directory /home/scratch/src\n',
      ),
    },
    { dir: './tmp/ibmsupt/general', member: text('./tmp/ibmsupt/general/general.snap', date - 9 * DAY, 0, snapText(date - 9 * DAY)) },
    { dir: './tmp/perf', member: text('./tmp/perf/vmstat.out', date - DAY, 0, vmstatText(date - DAY)) },
    { dir: './tmp', member: text('./tmp/.oslevel.datafiles', date - 600, 0, '7300-02-01-2346\n') },
  ];
  return { dirs, files };
}
