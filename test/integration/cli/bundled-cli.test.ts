// The CLI bundle (build/build-cli.ts) is what `sysbtape` runs once built: it must do what the sources do,
// including what modules find relative to their own file — the SHA-256 and job-step workers, the
// simulated AIX commands of the demo, the catalog's input schemas (loaded with require). Built here into
// a scratch folder two levels below the repository (as dist/cli is), then the whole demo runs from it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../unit/aix/fixtures.ts';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const out = path.join(repoRoot, '.tmp', `cli-bundle-test-${process.pid}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-bundle-'));

beforeAll(() => {
  execFileSync(node, [path.join(repoRoot, 'build', 'build-cli.ts'), out], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}, 180_000);
afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the bundled CLI's main() as bin/sysbtape.js does (from a file: workers inherit node's flags, so no -e). */
function bundled(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const runner = path.join(work, 'run.mjs');
  const entry = pathToFileURL(path.join(out, 'bundle', 'cli.js')).href;
  fs.writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(entry)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  return spawnSync(node, [runner, ...args], { cwd: work, encoding: 'utf8', timeout: 170_000 });
}

describe('the bundled CLI', () => {
  it('is a handful of files, not the ~50 modules a short command loads from the tsc output', () => {
    const files = fs.readdirSync(path.join(out, 'bundle'));
    expect(files).toContain('cli.js');
    const entry = fs.readFileSync(path.join(out, 'bundle', 'cli.js'), 'utf8');
    // The command list is in the entry itself, each command a chunk loaded on demand.
    expect(entry).toMatch(/name: "tape"/);
    expect(entry).toMatch(/import\("\.\/tape-catalog-[\w-]+\.js"\)/);
  });

  it('runs the whole demo: capture from the simulated AIX host, fetch, write, verify (workers), catalog, label', () => {
    const r = bundled(['demo']);
    expect(r.stderr + r.stdout).toMatch(/Verdict: PASS/);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(work, 'sysbtape-demo', 'labels', 'DEMO01L6.pdf'))).toBe(true);
  }, 180_000);

  it('validates input with the catalog schemas it loads by require, and lists what it stored', () => {
    const catalog = path.join(work, 'catalog.db');
    const bad = bundled(['--catalog', catalog, 'tape', 'add', 'ABC001', '--media', 'L8', '--retention-until', '2026-13-45']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/retention/i);
    expect(bundled(['--catalog', catalog, 'tape', 'add', 'ABC001', '--media', 'L8']).status).toBe(0);
    const list = bundled(['--catalog', catalog, 'tape', 'list', '--json']);
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { cartridges: { volser: string }[] }).cartridges.map((c) => c.volser)).toEqual(['ABC001']);
  });
});
