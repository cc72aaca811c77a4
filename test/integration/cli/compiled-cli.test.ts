// bin/sysbtape.js runs the compiled CLI (dist/cli: the bundle, else the plain tsc output) only while it is
// newer than every source, else the .ts sources. Checked on a copy of bin/ in a scratch checkout whose two entry points say which one ran.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../unit/aix/fixtures.ts';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A checkout with bin/sysbtape.js, sources (electron/, shared/) and a compiled dist/cli, each entry printing its name. */
function scratchCheckout(): { root: string; run: (env?: NodeJS.ProcessEnv) => string; age: (file: string, seconds: number) => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-bin-'));
  dirs.push(root);
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  fs.mkdirSync(path.join(root, 'bin'));
  fs.copyFileSync(path.join(repoRoot, 'bin', 'sysbtape.js'), path.join(root, 'bin', 'sysbtape.js'));
  const entry = (name: string): string => `export async function main() { process.stdout.write('${name}'); return 0; }\n`;
  write('electron/cli.ts', entry('sources'));
  write('electron/services/x.ts', 'export const x = 1;\n');
  write('shared/y.ts', 'export const y = 1;\n');
  write('dist/cli/electron/cli.js', entry('compiled'));
  const age = (file: string, seconds: number): void => {
    const t = new Date(Date.now() - seconds * 1000);
    fs.utimesSync(path.join(root, file), t, t);
  };
  for (const f of ['electron/cli.ts', 'electron/services/x.ts', 'shared/y.ts']) age(f, 60);
  const run = (env: NodeJS.ProcessEnv = {}): string => {
    const clean = { ...process.env };
    delete clean.SYSBTAPE_SOURCES;
    return execFileSync(node, [path.join(root, 'bin', 'sysbtape.js')], { env: { ...clean, ...env }, encoding: 'utf8' });
  };
  return { root, run, age };
}

describe('which CLI bin/sysbtape.js runs', () => {
  it('runs the compiled CLI while it is newer than every source', () => {
    expect(scratchCheckout().run()).toBe('compiled');
  });
  it('runs the sources when any .ts file under electron/ or shared/ is newer than the build', () => {
    const a = scratchCheckout();
    a.age('dist/cli/electron/cli.js', 120);
    expect(a.run()).toBe('sources');
    const b = scratchCheckout();
    fs.utimesSync(path.join(b.root, 'shared/y.ts'), new Date(), new Date(Date.now() + 5000));
    expect(b.run()).toBe('sources');
  });
  it('prefers the bundle (dist/cli/bundle) to the plain tsc output, under the same freshness rule', () => {
    const a = scratchCheckout();
    fs.mkdirSync(path.join(a.root, 'dist/cli/bundle'));
    fs.writeFileSync(
      path.join(a.root, 'dist/cli/bundle/cli.js'),
      `export async function main() { process.stdout.write('bundle'); return 0; }\n`,
    );
    expect(a.run()).toBe('bundle');
    a.age('dist/cli/bundle/cli.js', 120);
    expect(a.run()).toBe('sources');
  });
  it('runs the sources when there is no build, or when SYSBTAPE_SOURCES is set', () => {
    const a = scratchCheckout();
    expect(a.run({ SYSBTAPE_SOURCES: '1' })).toBe('sources');
    fs.rmSync(path.join(a.root, 'dist'), { recursive: true });
    expect(a.run()).toBe('sources');
  });
});
