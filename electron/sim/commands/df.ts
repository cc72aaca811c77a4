/** `df -k [path…]` in AIX's layout, over a fixed rootvg whose used space matches the simulated mksysb. */
import { statfsSync } from 'node:fs';
import type { SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

interface SimFs {
  device: string;
  mount: string;
  sizeKb: number;
  usedKb: number;
}

/** The simulated rootvg file systems; their used space adds up to about the mksysb size. */
export function rootvgFileSystems(cfg: SimConfig, freeTmpKb: number): SimFs[] {
  const usedKb = Math.ceil(cfg.mksysbBytes / 1024);
  const share = (f: number) => Math.max(64, Math.round(usedKb * f));
  const fs = (device: string, mount: string, used: number, extra: number): SimFs => ({ device, mount, usedKb: used, sizeKb: used + extra });
  return [
    fs('/dev/hd4', '/', share(0.08), 262144),
    fs('/dev/hd2', '/usr', share(0.6), 524288),
    fs('/dev/hd9var', '/var', share(0.12), 262144),
    fs('/dev/hd3', '/tmp', share(0.02), freeTmpKb),
    fs('/dev/hd1', '/home', share(0.06), 131072),
    fs('/dev/hd10opt', '/opt', share(0.12), 262144),
  ];
}

function realFreeKb(path: string): number {
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('/')) || '/') {
    try {
      const st = statfsSync(p);
      return Math.floor((st.bavail * st.bsize) / 1024);
    } catch {
      if (p === '/') return 0;
    }
  }
}

function mountOf(table: SimFs[], path: string): SimFs {
  let best = table[0]!;
  for (const f of table) {
    if ((path === f.mount || path.startsWith(f.mount === '/' ? '/' : `${f.mount}/`)) && f.mount.length >= best.mount.length) best = f;
  }
  return best;
}

function line(f: SimFs): string {
  const free = f.sizeKb - f.usedKb;
  const pct = Math.round((f.usedKb / f.sizeKb) * 100);
  return `${f.device.padEnd(13)} ${String(f.sizeKb).padStart(11)} ${String(free).padStart(9)} ${String(pct).padStart(4)}%  ${String(Math.ceil(f.usedKb / 8)).padStart(7)}  ${String(Math.min(99, Math.ceil(pct / 4))).padStart(4)}% ${f.mount}\n`;
}

/** `df -k` / `df -k PATH…` */
export function df(args: string[], cfg: SimConfig, io: SimIo): number {
  const paths = args.filter((a) => !a.startsWith('-'));
  const freeTmpKb = cfg.faults.workdirFull ? 96 : realFreeKb(paths.find((p) => p.startsWith('/tmp')) ?? '/tmp');
  const table = rootvgFileSystems(cfg, freeTmpKb);
  io.out('Filesystem    1024-blocks      Free %Used    Iused %Iused Mounted on\n');
  if (paths.length === 0) {
    for (const f of table) io.out(line(f));
    return 0;
  }
  let rc = 0;
  for (const p of paths) {
    if (!p.startsWith('/')) {
      io.err(`df: ${p}: A file or directory in the path name does not exist.\n`);
      rc = 1;
      continue;
    }
    io.out(line(mountOf(table, p)));
  }
  return rc;
}
