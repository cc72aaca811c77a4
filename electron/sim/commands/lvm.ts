/**
 * The read-only facts commands a capture runs for the readiness report, in AIX 7.3's own output layout:
 * `lsvg -l rootvg`, `lsvg -o`, `mount`, `lsps -a`, `bootinfo -K|-p`, `bootlist -m normal -o`,
 * `ps -e -o args` and `du -sk PATH`. The fault switches in sim.json add what each finding is about.
 */
import { rootvgFileSystems } from './df.ts';
import { plannedMembers } from '../image-maker.ts';
import type { SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

interface SimLv {
  name: string;
  type: string;
  lps: number;
  state: string;
  mount: string;
}

const PP_KB = 64 * 1024;

/** rootvg's logical volumes: the system LVs, one per file system of df, and the faults' extra LVs. */
function rootvgLvs(cfg: SimConfig): SimLv[] {
  const lvs: SimLv[] = [
    { name: 'hd5', type: 'boot', lps: 1, state: 'closed/syncd', mount: 'N/A' },
    { name: 'hd6', type: 'paging', lps: 8, state: 'open/syncd', mount: 'N/A' },
    { name: 'hd8', type: 'jfs2log', lps: 1, state: 'open/syncd', mount: 'N/A' },
  ];
  for (const fs of rootvgFileSystems(cfg, 262144)) {
    lvs.push({
      name: fs.device.replace('/dev/', ''),
      type: 'jfs2',
      lps: Math.max(1, Math.ceil(fs.sizeKb / PP_KB)),
      state: 'open/syncd',
      mount: fs.mount,
    });
  }
  lvs.push({ name: 'lg_dumplv', type: 'sysdump', lps: 16, state: 'open/syncd', mount: 'N/A' });
  if (cfg.faults.unmountedData) lvs.push({ name: 'fslv00', type: 'jfs2', lps: 16, state: 'closed/syncd', mount: '/data' });
  if (cfg.faults.rawLv) lvs.push({ name: 'oraraw01', type: 'raw', lps: 32, state: 'open/syncd', mount: 'N/A' });
  return lvs;
}

/** `lsvg -l VG` / `lsvg -o` / `lsvg` */
export function lsvg(args: string[], cfg: SimConfig, io: SimIo): number {
  if (args.includes('-o')) {
    io.out(`${cfg.faults.datavgVariedOn ? 'datavg\n' : ''}rootvg\n`);
    return 0;
  }
  const vg = args.filter((a) => !a.startsWith('-')).at(-1);
  if (!args.includes('-l') || !vg) {
    io.out(`rootvg\n${cfg.faults.datavgVariedOn ? 'datavg\n' : ''}`);
    return 0;
  }
  if (vg === 'datavg' && cfg.faults.datavgVariedOn) {
    io.out(
      'datavg:\nLV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT\n' +
        'loglv00             jfs2log    1       1       1    open/syncd    N/A\n' +
        'fslv01              jfs2       320     320     1    open/syncd    /oradata\n',
    );
    return 0;
  }
  if (vg !== 'rootvg') {
    io.err(`0516-306 lsvg: Unable to find volume group ${vg} in the Device\n\tConfiguration Database.\n`);
    return 1;
  }
  io.out('rootvg:\nLV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT\n');
  for (const lv of rootvgLvs(cfg)) {
    io.out(
      `${lv.name.padEnd(20)}${lv.type.padEnd(11)}${String(lv.lps).padEnd(8)}${String(lv.lps).padEnd(8)}1    ${lv.state.padEnd(14)}${lv.mount}\n`,
    );
  }
  return 0;
}

/** `mount` without arguments: the mounted file systems table. */
export function mount(args: string[], cfg: SimConfig, io: SimIo): number {
  if (args.length > 0) {
    io.err('mount: 0506-324 Cannot mount: the simulated host only lists mounts.\n');
    return 1;
  }
  const when = 'Nov 21 02:14';
  const row = (dev: string, over: string, vfs: string, opts: string) =>
    `         ${dev.padEnd(16)} ${over.padEnd(16)} ${vfs.padEnd(6)} ${when} ${opts}\n`;
  io.out(
    '  node       mounted        mounted over    vfs       date        options      \n' +
      '-------- ---------------  ---------------  ------ ------------ --------------- \n',
  );
  for (const lv of rootvgLvs(cfg)) {
    if (lv.type === 'jfs2' && lv.state.startsWith('open')) io.out(row(`/dev/${lv.name}`, lv.mount, 'jfs2', 'rw,log=/dev/hd8'));
  }
  io.out(row('/proc', '/proc', 'procfs', 'rw'));
  if (cfg.faults.datavgVariedOn) io.out(row('/dev/fslv01', '/oradata', 'jfs2', 'rw,log=/dev/loglv00'));
  return 0;
}

/** `lsps -a` */
export function lsps(_args: string[], _cfg: SimConfig, io: SimIo): number {
  io.out(
    'Page Space      Physical Volume   Volume Group    Size %Used   Active    Auto    Type   Chksum\n' +
      'hd6             hdisk0            rootvg         512MB     3     yes     yes      lv       0\n',
  );
  return 0;
}

/** `bootinfo -K` (kernel bits) / `bootinfo -p` (platform) / `bootinfo -b` (boot disk) */
export function bootinfo(args: string[], _cfg: SimConfig, io: SimIo): number {
  if (args.includes('-K')) io.out('64\n');
  else if (args.includes('-p')) io.out('chrp\n');
  else if (args.includes('-b')) io.out('hdisk0\n');
  else {
    io.err('usage: bootinfo {-b|-K|-p|-s hdisk|-y}\n');
    return 1;
  }
  return 0;
}

/** `bootlist -m normal -o` */
export function bootlist(args: string[], _cfg: SimConfig, io: SimIo): number {
  if (!args.includes('-o')) {
    io.err('bootlist: the simulated host only displays the boot list (-o).\n');
    return 1;
  }
  io.out('hdisk0 blv=hd5 pathid=0\n');
  return 0;
}

/** `ps -e -o args` */
export function ps(_args: string[], cfg: SimConfig, io: SimIo): number {
  const procs = [
    '/etc/init',
    '/usr/sbin/syncd 60',
    '/usr/lib/errdemon',
    '/usr/sbin/srcmstr',
    '/usr/sbin/cron',
    '/usr/sbin/syslogd',
    '/usr/sbin/sshd',
    '/usr/sbin/rsct/bin/rmcd -a IBM.LPCommands -r -S 1500',
    '/usr/sbin/portmap',
    '/usr/sbin/inetd',
  ];
  if (cfg.faults.databaseRunning) {
    procs.push(
      'ora_pmon_PROD',
      'ora_smon_PROD',
      'ora_lgwr_PROD',
      'ora_dbw0_PROD',
      '/u01/app/oracle/product/19c/bin/tnslsnr LISTENER -inherit',
    );
  }
  procs.push('sshd: root@notty', 'ps -e -o args');
  io.out(`COMMAND\n${procs.join('\n')}\n`);
  return 0;
}

/** `du -sk PATH…`: kilobytes under each path, from the files the host's mksysb would back up. */
export function du(args: string[], cfg: SimConfig, io: SimIo): number {
  const paths = args.filter((a) => !a.startsWith('-'));
  const members = plannedMembers(cfg, Math.floor(Date.now() / 1000));
  let rc = 0;
  for (const p of paths) {
    const prefix = `.${p.replace(/\/+$/, '')}`;
    const under = members.filter((m) => m.name === prefix || m.name.startsWith(`${prefix}/`));
    if (under.length === 0) {
      io.err(`du: ${p}: A file or directory in the path name does not exist.\n`);
      rc = 2;
      continue;
    }
    io.out(`${Math.ceil(under.reduce((s, m) => s + m.size, 0) / 1024)}\t${p}\n`);
  }
  return rc;
}
