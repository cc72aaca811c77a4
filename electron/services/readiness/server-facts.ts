/**
 * Facts about the AIX server gathered at capture (read-only commands run with LANG=C), and the parsers
 * of those commands' AIX output. A command that failed or is missing leaves its fact null and a line in
 * `unchecked`: the check that needs it says "could not check", it never fails the capture.
 */

/** One logical volume line of `lsvg -l rootvg`. */
export interface LvFact {
  name: string;
  type: string;
  lps: number;
  pps: number;
  pvs: number;
  /** e.g. open/syncd, closed/syncd */
  state: string;
  /** null for N/A */
  mountPoint: string | null;
}

/** One line of `mount`. */
export interface MountFact {
  node: string | null;
  device: string;
  mountPoint: string;
  vfs: string;
}

/** One line of `lsps -a`. */
export interface PagingSpaceFact {
  name: string;
  pv: string;
  vg: string;
  size: string;
  active: boolean;
}

/** What `du -sk` said for one exclude pattern. */
export interface ExcludeSizeFact {
  pattern: string;
  /** The literal path the pattern starts with, if it has one du can measure. */
  path: string | null;
  kb: number | null;
}

/** The facts of one capture. */
export interface ServerFacts {
  gatheredAt: string;
  oslevel: string | null;
  /** bootinfo -K */
  kernelBits: number | null;
  /** bootinfo -p, e.g. chrp */
  platform: string | null;
  rootvgLvs: LvFact[] | null;
  mounts: MountFact[] | null;
  /** lsvg -o */
  variedOnVgs: string[] | null;
  pagingSpaces: PagingSpaceFact[] | null;
  /** ps -e -o args, one command line each */
  processes: string[] | null;
  /** bootlist -m normal -o (information only) */
  bootlist: string[] | null;
  /** /etc/exclude.rootvg lines in effect when mksysb ran with -e; null when -e was not used or unreadable. */
  excludePatterns: string[] | null;
  excludeSizes: ExcludeSizeFact[];
  /** Commands that could not be run or understood: "lsps -a: exit 127: not found". */
  unchecked: string[];
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
const int = (t: string | undefined): number => (t !== undefined && /^\d+$/.test(t) ? Number(t) : NaN);

/** `lsvg -l rootvg`: skips the "rootvg:" and header lines; throws on a line it cannot read. */
export function parseLsvgL(text: string): LvFact[] {
  const out: LvFact[] = [];
  for (const line of lines(text)) {
    if (/^\S+:$/.test(line.trim()) || /^LV NAME\s/.test(line.trim())) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 7) throw new Error(`unexpected lsvg -l line: ${line}`);
    const [name, type, lps, pps, pvs, state, ...mount] = f as [string, string, string, string, string, string, ...string[]];
    const mountPoint = mount.join(' ');
    out.push({ name, type, lps: int(lps), pps: int(pps), pvs: int(pvs), state, mountPoint: mountPoint === 'N/A' ? null : mountPoint });
  }
  return out;
}

/** AIX `mount` (no arguments): the table after the dashed line; a line starting with blanks has no node. */
export function parseMount(text: string): MountFact[] {
  const out: MountFact[] = [];
  for (const line of lines(text)) {
    if (/^\s*node\s+mounted/.test(line) || /^-+\s/.test(line.trim())) continue;
    const f = line.trim().split(/\s+/);
    const local = /^\s/.test(line);
    const [node, device, mountPoint, vfs] = local ? [null, f[0], f[1], f[2]] : [f[0] ?? null, f[1], f[2], f[3]];
    if (!device || !mountPoint || !vfs) continue;
    out.push({ node, device, mountPoint, vfs });
  }
  return out;
}

/** `lsvg -o`: one volume group name a line. */
export function parseLsvgO(text: string): string[] {
  return lines(text)
    .map((l) => l.trim())
    .filter((l) => /^[\w.-]+$/.test(l));
}

/** `lsps -a` */
export function parseLsps(text: string): PagingSpaceFact[] {
  return lines(text)
    .filter((l) => !/^Page Space\s/.test(l))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 6)
    .map((f) => ({ name: f[0]!, pv: f[1]!, vg: f[2]!, size: f[3]!, active: f[5] === 'yes' }));
}

/** `ps -e -o args`: drops the COMMAND header. */
export function parsePsArgs(text: string): string[] {
  return lines(text)
    .filter((l, i) => !(i === 0 && l.trim() === 'COMMAND'))
    .map((l) => l.trim());
}

/** `bootinfo -K`: 32 or 64. */
export function parseKernelBits(text: string): number | null {
  const n = Number(text.trim());
  return n === 32 || n === 64 ? n : null;
}

/** `du -sk PATH`: the kilobytes on its first line. */
export function parseDuSk(text: string): number | null {
  const m = /^\s*(\d+)\s/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * The path an /etc/exclude.rootvg line (an egrep regex over "./path" names, e.g. `^./tmp/`) starts with,
 * when it is literal up to a directory boundary; null for patterns du cannot measure (e.g. `\.log$`).
 */
export function excludePatternPath(pattern: string): string | null {
  const p = pattern.trim();
  if (!p.startsWith('^./')) return null;
  // A literal part (letters, digits, / _ - @ + and escaped dots), then something matching all under it.
  const m = /^((?:[\w/@+-]|\\\.)*)(.*)$/.exec(p.slice(3));
  if (!m || !['', '$', '.*', '.*$'].includes(m[2]!)) return null;
  const path = `/${m[1]!.replace(/\\\./g, '.')}`.replace(/\/+$/, '');
  return path === '' ? null : path;
}
