/** The simulated `mksysb -e`: /etc/exclude.rootvg patterns leave members out of the image. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanArchiveFile } from '../../../electron/services/aix/archive-file.ts';
import { mksysb } from '../../../electron/sim/commands/mksysb.ts';
import type { SimIo } from '../../../electron/sim/commands/sim-io.ts';
import { DEFAULT_SIM_CONFIG, type SimConfig } from '../../../electron/sim/sim-config.ts';

const cfg: SimConfig = { ...DEFAULT_SIM_CONFIG, mksysbBytes: 1024 * 1024, mksysbMillis: 0 };
let root: string;
const savedRoot = process.env.SYSBTAPE_SIM_ROOT;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sysbtape-simroot-'));
  mkdirSync(join(root, 'etc'));
  process.env.SYSBTAPE_SIM_ROOT = root;
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (savedRoot === undefined) delete process.env.SYSBTAPE_SIM_ROOT;
  else process.env.SYSBTAPE_SIM_ROOT = savedRoot;
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: SimIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  const code = await mksysb(args, cfg, io);
  return { code, out, err };
}

/** Member names and sizes of an image, read by the product's archive reader. */
async function members(path: string): Promise<{ names: string[]; sizes: Map<string, number>; complete: boolean }> {
  const names: string[] = [];
  const sizes = new Map<string, number>();
  const summary = await scanArchiveFile(path, {
    onMember: (m) => {
      names.push(m.name.toString('latin1'));
      sizes.set(m.name.toString('latin1'), m.size);
    },
  });
  return { names, sizes, complete: summary.complete };
}

const filesLine = (out: string): number => Number(/(\d+) of \1 files backed up \(100%\)/.exec(out)?.[1]);

describe('simulated mksysb -e', () => {
  it('leaves out what /etc/exclude.rootvg matches, reports the smaller file count, ignores the file without -e', async () => {
    writeFileSync(join(root, 'etc', 'exclude.rootvg'), '^./tmp/\n\n');
    const full = join(root, 'full.img');
    const excluded = join(root, 'excluded.img');
    const plain = await run('-i', full);
    expect(plain.code).toBe(0);
    const withE = await run('-i', '-e', excluded);
    expect(withE.code).toBe(0);
    expect(withE.out).toMatch(/0512-038 mksysb: Backup Completed Successfully/);

    const a = await members(full);
    const b = await members(excluded);
    expect(a.complete && b.complete).toBe(true);
    // without -e the file is ignored: the operator's scratch files are there
    const tmpNames = a.names.filter((n) => n.startsWith('./tmp/'));
    expect(tmpNames).toEqual(expect.arrayContaining(['./tmp/perf/vmstat.out', './tmp/ibmsupt/general/general.snap', './tmp/lost+found']));
    expect(b.names.filter((n) => n.startsWith('./tmp/'))).toEqual([]);
    // ./tmp itself does not match "^./tmp/" (as with grep), and everything else is kept
    expect(b.names).toContain('./tmp');
    expect(b.names).toEqual(a.names.filter((n) => !n.startsWith('./tmp/')));
    expect(b.names.slice(0, 2)).toEqual(['./bosinst.data', './image.data']);
    expect(b.sizes.get('./home/scratch/extract.sql')).toBe(a.sizes.get('./home/scratch/extract.sql'));
    expect(filesLine(plain.out)).toBe(a.names.length);
    expect(filesLine(withE.out)).toBe(b.names.length);
    expect(withE.out).toMatch(new RegExp(`Backing up ${b.names.length} files`));
  });

  it('applies every pattern, blank lines ignored, and keeps ./bosinst.data and ./image.data', async () => {
    writeFileSync(join(root, 'etc', 'exclude.rootvg'), '^./home/scratch/\r\n\n   \n\\.data$\n^./tmp/perf/\n');
    const path = join(root, 'several.img');
    expect((await run('-ie', path)).code).toBe(0);
    const { names } = await members(path);
    expect(names.slice(0, 2)).toEqual(['./bosinst.data', './image.data']);
    expect(names.filter((n) => n.startsWith('./home/scratch/') || n.startsWith('./tmp/perf/'))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['./home/scratch', './tmp/perf', './tmp/ibmsupt/general/general.snap', './home/guest/r\xe9sum\xe9.txt']),
    );
  });

  it('without /etc/exclude.rootvg, -e leaves nothing out', async () => {
    rmSync(join(root, 'etc', 'exclude.rootvg'));
    const path = join(root, 'nofile.img');
    const r = await run('-i', '-e', path);
    expect(r.code).toBe(0);
    const { names } = await members(path);
    expect(names).toContain('./tmp/perf/vmstat.out');
    expect(filesLine(r.out)).toBe(names.length);
  });

  it('a pattern grep cannot compile stops mksysb with a message naming the line, and writes no image', async () => {
    writeFileSync(join(root, 'etc', 'exclude.rootvg'), '^./tmp/\n\n^./home/[scratch\n');
    const path = join(root, 'bad.img');
    const r = await run('-i', '-e', path);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(
      /\/etc\/exclude\.rootvg line 3: the pattern "\^\.\/home\/\[scratch" is not a valid regular expression: unmatched \[/,
    );
    expect(r.err).toMatch(/correct or remove line 3 of \/etc\/exclude\.rootvg, or run mksysb without -e/);
    expect(r.out).not.toMatch(/Backup Completed/);
    expect(existsSync(path)).toBe(false);
    // without -e the same file is not read at all
    expect((await run('-i', path)).code).toBe(0);
  });
});
