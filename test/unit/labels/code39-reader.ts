/** An independent Code 39 reader for tests: bar/space run widths → text, using the published symbol table. */
import { PNG } from 'pngjs';

// Code 39 symbol table: 9 elements (bar, space, bar, …), n = narrow, w = wide; exactly 3 wide per symbol.
const TABLE: Record<string, string> = {
  '0': 'nnnwwnwnn',
  '1': 'wnnwnnnnw',
  '2': 'nnwwnnnnw',
  '3': 'wnwwnnnnn',
  '4': 'nnnwwnnnw',
  '5': 'wnnwwnnnn',
  '6': 'nnwwwnnnn',
  '7': 'nnnwnnwnw',
  '8': 'wnnwnnwnn',
  '9': 'nnwwnnwnn',
  A: 'wnnnnwnnw',
  B: 'nnwnnwnnw',
  C: 'wnwnnwnnn',
  D: 'nnnnwwnnw',
  E: 'wnnnwwnnn',
  F: 'nnwnwwnnn',
  G: 'nnnnnwwnw',
  H: 'wnnnnwwnn',
  I: 'nnwnnwwnn',
  J: 'nnnnwwwnn',
  K: 'wnnnnnnww',
  L: 'nnwnnnnww',
  M: 'wnwnnnnwn',
  N: 'nnnnwnnww',
  O: 'wnnnwnnwn',
  P: 'nnwnwnnwn',
  Q: 'nnnnnnwww',
  R: 'wnnnnnwwn',
  S: 'nnwnnnwwn',
  T: 'nnnnwnwwn',
  U: 'wwnnnnnnw',
  V: 'nwwnnnnnw',
  W: 'wwwnnnnnn',
  X: 'nwnnwnnnw',
  Y: 'wwnnwnnnn',
  Z: 'nwwnwnnnn',
  '-': 'nwnnnnwnw',
  '.': 'wwnnnnwnn',
  ' ': 'nwwnnnwnn',
  '*': 'nwnnwnwnn',
};
const BY_PATTERN = new Map(Object.entries(TABLE).map(([ch, p]) => [p, ch]));

/** Widths of alternating dark/light runs, starting at the first dark run and ending at the last. */
export function runsOf(dark: boolean[]): number[] {
  const first = dark.indexOf(true);
  const last = dark.lastIndexOf(true);
  if (first < 0) return [];
  const runs: number[] = [];
  let cur = dark[first];
  let n = 0;
  for (let i = first; i <= last; i++) {
    if (dark[i] === cur) n++;
    else {
      runs.push(n);
      cur = dark[i];
      n = 1;
    }
  }
  runs.push(n);
  return runs;
}

/** Decodes Code 39 from run widths (bar first). Returns the text between the * start/stop, or throws why not. */
export function decodeCode39(runs: readonly number[]): string {
  if ((runs.length + 1) % 10 !== 0) throw new Error(`run count ${runs.length} is not 10k-1`);
  const narrow = Math.min(...runs);
  const wideThreshold = narrow * 2;
  let text = '';
  for (let i = 0; i < runs.length; i += 10) {
    const sym = runs
      .slice(i, i + 9)
      .map((w) => (w >= wideThreshold ? 'w' : 'n'))
      .join('');
    const ch = BY_PATTERN.get(sym);
    if (ch === undefined) throw new Error(`no Code 39 symbol ${sym} at element ${i}`);
    const gap = runs[i + 9];
    if (gap !== undefined && gap >= wideThreshold) throw new Error(`inter-character gap at ${i + 9} is wide`);
    text += ch;
  }
  if (!text.startsWith('*') || !text.endsWith('*') || text.length < 2) throw new Error(`no start/stop characters in '${text}'`);
  return text.slice(1, -1);
}

/** Reads a PNG and returns, per row, whether each pixel is dark. */
export function pngRows(buf: Buffer): { width: number; height: number; row: (y: number) => boolean[] } {
  const png = PNG.sync.read(buf);
  return {
    width: png.width,
    height: png.height,
    row: (y) => Array.from({ length: png.width }, (_, x) => png.data[(y * png.width + x) * 4]! < 128),
  };
}

/** Tries every row of a PNG and returns the texts that decode as Code 39, with the rows they were read on. */
export function decodeAllRows(buf: Buffer): Map<string, number[]> {
  const png = PNG.sync.read(buf);
  const found = new Map<string, number[]>();
  for (let y = 0; y < png.height; y++) {
    // Run lengths straight from the pixel row: most rows are text or blank and fail fast.
    const runs: number[] = [];
    let cur: boolean | undefined;
    let n = 0;
    for (let x = 0, i = y * png.width * 4; x < png.width; x++, i += 4) {
      const dark = png.data[i]! < 128;
      if (dark === cur) n++;
      else {
        if (cur !== undefined && (cur || runs.length > 0)) runs.push(n);
        cur = dark;
        n = 1;
      }
    }
    if (cur) runs.push(n);
    if (runs.length < 29) continue;
    try {
      const t = decodeCode39(runs);
      found.set(t, [...(found.get(t) ?? []), y]);
    } catch {
      /* not a barcode row */
    }
  }
  return found;
}
