// `sysbtape … | head`: the reader closes the pipe early; the command must end quietly (no EPIPE stack trace),
// as `ls | head` does. The real command runs in a child process whose stdout is a real pipe we close at once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, repoRoot } from '../../unit/aix/fixtures.ts';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const bin = path.join(repoRoot, 'bin', 'sysbtape.js');

/** Runs sysbtape with a stdout pipe whose reading end is closed before the command writes; resolves to its exit and stderr. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // like `head` exiting: the command's next write gets EPIPE
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, err }));
  });
}

describe('a closed output pipe', () => {
  it.each([
    ['list IMAGE', ['list', fixturePath('test.bff')]],
    ['list IMAGE --json', ['list', fixturePath('test.bff'), '--json']],
    ['--help', ['--help']],
  ])('ends `sysbtape %s` quietly with exit 0', async (_name, args) => {
    const r = await runWithClosedStdout(args);
    expect(r).toEqual({ code: 0, signal: null, err: '' });
  });
});
