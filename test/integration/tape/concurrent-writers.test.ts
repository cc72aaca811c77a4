// Issue 14 finding 6 end to end: two real `sysbtape write` processes on one .tap. The test holds the
// interleaving still so the contention is certain: as soon as the kernel lock table shows one process
// holding the tape, that process is stopped (SIGSTOP) while the other runs to its end. It must fail
// "in use"; the stopped one then finishes, and the tape verifies. 20 trials, either process may win.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeImageSet } from '../../../electron/services/aix/synthetic/image-set.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import { verifyTape } from '../../../electron/services/tape/tape-verifier.ts';

const bin = path.resolve('bin/sysbtape.js');
let root: string;
let images: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-writers-'));
  images = path.join(root, 'images');
  await writeImageSet(images, { mksysbSize: 4 * 1024 * 1024, bootBlocks: 16 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; err: string }>;
}

function startWrite(tape: string): Run {
  const child = spawn(process.execPath, [bin, 'write', '--images', images, '--tape', tape], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<{ code: number | null; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, err })));
  return { child, done };
}

/** The pid holding an exclusive flock on inode `ino`, from /proc/locks (reading it takes no lock). */
function exclusiveHolder(ino: number): number | undefined {
  for (const line of fs.readFileSync('/proc/locks', 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
    if (f[1] === 'FLOCK' && f[3] === 'WRITE' && f[5]?.endsWith(`:${ino}`)) return Number(f[4]);
  }
  return undefined;
}

describe('two concurrent sysbtape write processes on one .tap', () => {
  it('exactly one wins each of 20 trials; the other fails "in use"; the tape verifies', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const tape = path.join(root, `t${trial}.tap`);
      fs.writeFileSync(tape, '', { mode: 0o600 });
      const ino = fs.statSync(tape).ino;
      const runs = [startWrite(tape), startWrite(tape)];
      const exits: ({ code: number | null; err: string } | undefined)[] = [undefined, undefined];
      runs.forEach(
        (r, i) =>
          void r.done.then((e) => {
            exits[i] = e;
          }),
      );
      let holder: number | undefined;
      while (holder === undefined && exits.some((e) => e === undefined)) {
        holder = exclusiveHolder(ino);
        if (holder === undefined) await new Promise((r) => setTimeout(r, 1));
      }
      const winner = runs.findIndex((r) => r.child.pid === holder);
      expect(
        winner,
        `trial ${trial}: no process was seen holding a kernel lock on the tape (exits ${JSON.stringify(exits)})`,
      ).toBeGreaterThanOrEqual(0);
      runs[winner]!.child.kill('SIGSTOP');
      const loser = await runs[1 - winner]!.done;
      runs[winner]!.child.kill('SIGCONT');
      const won = await runs[winner]!.done;
      expect(loser.code, `trial ${trial}: ${loser.err}`).not.toBe(0);
      expect(loser.err, `trial ${trial}`).toMatch(new RegExp(`tape ${tape.replace(/[.]/g, '\\.')} is in use`));
      expect(won.code, `trial ${trial}: ${won.err}`).toBe(0);
      const v = await verifyTape(new SimhTapeDrive(tape), { images });
      expect(v.problems, `trial ${trial}`).toEqual([]);
      expect(v.ok).toBe(true);
    }
  }, 180_000);
});
