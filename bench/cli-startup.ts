/**
 * Benchmark: how long short `sysbtape` commands take from start to exit — `--help`, `--version`,
 * `tape list` and `tape show` on a catalog of 40 cartridges — against `node -e 0` (Node's own start) in
 * the same run, interleaved round by round so that machine load affects all alike. Runs the compiled
 * CLI (dist/cli/bundle, built first) and, for comparison, the TypeScript sources
 * (SYSBTAPE_SOURCES=1). Goal: each command within 3× of `node -e 0`.
 * Usage: node bench/cli-startup.ts [rounds]   (default 15; results also in bench/results/)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = path.join(root, 'node_modules', '.bin', 'node');
const bin = path.join(root, 'bin', 'sysbtape.js');
const rounds = Number(process.argv[2] ?? 15);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-cli-bench-'));
const catalog = path.join(work, 'catalog.db');

/** Runs the CLI once (for set-up), failing loudly. */
function cli(args: string[]): void {
  execFileSync(node, [bin, '--catalog', catalog, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

interface Case {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const commands: Array<[string, string[]]> = [
  ['--help', [bin, '--help']],
  ['--version', [bin, '--version']],
  ['tape list', [bin, '--catalog', catalog, 'tape', 'list']],
  ['tape show', [bin, '--catalog', catalog, 'tape', 'show', 'BEN001']],
];
const cases: Case[] = [
  { name: 'node -e 0', args: ['-e', '0'] },
  ...commands.map(([name, args]): Case => ({ name, args })),
  ...commands.map(([name, args]): Case => ({ name: `${name} (.ts sources)`, args, env: { ...process.env, SYSBTAPE_SOURCES: '1' } })),
];

/** Wall-clock milliseconds of one run of the case; the command must succeed. */
function once(c: Case): number {
  const started = performance.now();
  const r = spawnSync(node, c.args, { stdio: 'ignore', env: c.env ?? process.env });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

try {
  execFileSync(node, [path.join(root, 'build', 'build-cli.ts')], { stdio: 'inherit' });
  cli(['tape', 'add', 'BEN001..BEN040', '--media', 'L8', '--location', 'bench shelf']);
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) once(c); // warm-up: page cache, Node's compile cache
  for (let i = 0; i < rounds; i++) for (const c of cases) times.get(c.name)!.push(once(c));

  const base = median(times.get('node -e 0')!);
  const lines = [
    `# CLI start-up, median of ${rounds} runs (${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)})`,
    '',
    '| command | median ms | × node -e 0 | goal ≤ 3× |',
    '|---|---:|---:|---|',
    ...cases.map((c) => {
      const m = median(times.get(c.name)!);
      const ratio = m / base;
      return `| ${c.name} | ${m.toFixed(0)} | ${ratio.toFixed(2)} | ${c.name === 'node -e 0' ? '' : ratio <= 3 ? 'yes' : 'no'} |`;
    }),
  ];
  const text = `${lines.join('\n')}\n`;
  process.stdout.write(text);
  const results = path.join(root, 'bench', 'results');
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `cli-startup-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), text);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
