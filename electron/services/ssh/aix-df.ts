/** Parses AIX `df -k` output (Filesystem, 1024-blocks, Free, %Used, Iused, %Iused, Mounted on). */

/** One file system line of `df -k`. */
export interface DfLine {
  device: string;
  sizeKb: number;
  freeKb: number;
  usedKb: number;
  mount: string;
}

/** Reads every data line; lines that do not parse (headers, "-" sizes of /proc) are skipped. */
export function parseDfK(text: string): DfLine[] {
  const out: DfLine[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const sizeKb = Number(f[1]);
    const freeKb = Number(f[2]);
    if (!Number.isFinite(sizeKb) || !Number.isFinite(freeKb)) continue;
    out.push({ device: f[0]!, sizeKb, freeKb, usedKb: sizeKb - freeKb, mount: f.slice(6).join(' ') });
  }
  return out;
}

/** The file systems mksysb backs up by default (rootvg's standard ones). */
export const ROOTVG_MOUNTS = ['/', '/usr', '/var', '/tmp', '/home', '/opt', '/admin'];
