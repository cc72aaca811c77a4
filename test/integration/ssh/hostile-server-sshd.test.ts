/**
 * Issue #8 finding 8: a hostile or sick server cannot hang SysbTape nor make it hoard memory. Against
 * a real sshd running the simulated AIX host with its hostile fault switches: a `uname` that never
 * returns, capture steps that go silent or flood output without a newline, a `cat` that streams past
 * the file's end. Each timeout also stops the remote process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hungPidPath } from '../../../electron/sim/commands/hostile-faults.ts';
import { captureImages, DEFAULT_CAPTURE } from '../../../electron/services/ssh/capture.ts';
import { RemoteHost } from '../../../electron/services/ssh/remote-host.ts';
import type { RemoteTimeouts } from '../../../electron/services/ssh/remote-timeouts.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { startSshd, type TestSshd } from '../../helpers/sshd.ts';
import { QUICK_SIM, serverFor } from './ssh-test-kit.ts';

let sshd: TestSshd;
let home: string;
const savedEnv = new Map(['SYSBTAPE_HOME', 'XDG_DATA_HOME', 'SYSBTAPE_KNOWN_HOSTS'].map((k) => [k, process.env[k]]));
beforeAll(async () => {
  sshd = await startSshd({ sim: QUICK_SIM, faultBin: true });
  home = mkdtempSync(join(tmpdir(), 'sysbtape-hostile-'));
  process.env.SYSBTAPE_HOME = home;
  process.env.XDG_DATA_HOME = home;
  process.env.SYSBTAPE_KNOWN_HOSTS = join(home, 'no_known_hosts');
});
afterAll(async () => {
  await sshd?.stop();
  rmSync(home, { recursive: true, force: true });
  for (const [k, v] of savedEnv) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
});

/** True while a process exists and is not a zombie (a zombie has stopped; only its entry is left). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function hungPid(name: string): number {
  process.env.SYSBTAPE_SIM_ROOT = sshd.simRoot;
  try {
    return Number(readFileSync(hungPidPath(name), 'utf8').trim());
  } finally {
    delete process.env.SYSBTAPE_SIM_ROOT;
  }
}

/** Live processes of the fault `cat` reading `file`. */
function hostileCats(file: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
        return cmd.includes('fault-command.ts') && cmd.includes(file) && running(pid);
      } catch {
        return false;
      }
    });
}

const connect = (timeouts: Partial<RemoteTimeouts>) => RemoteHost.connect(serverFor(sshd), { knownHostsPath: null, timeouts });

describe('a command that never returns', () => {
  it('`server check` stops a hung `uname` after the command timeout, exits 1 naming it, and kills it on the server', async () => {
    sshd.setSim({ ...QUICK_SIM, faults: { hangCommands: ['uname'] } });
    process.env.SYSBTAPE_COMMAND_TIMEOUT = '2';
    try {
      const add = await runCli([
        'server',
        'add',
        'hung',
        '--host',
        sshd.host,
        '--port',
        String(sshd.port),
        '--user',
        sshd.user,
        '--key',
        sshd.keyPath,
        '--workdir',
        sshd.workdir,
      ]);
      expect(add.code).toBe(0);
      expect((await runCli(['server', 'trust', 'hung', '--accept-fingerprint', sshd.hostKeyFingerprint])).code).toBe(0);
      const check = await runCli(['server', 'check', 'hung']);
      expect(check.code).toBe(1);
      expect(check.err).toMatch(/'uname -s' on hung did not finish within 2 s; it was stopped on the server \[REMOTE_TIMEOUT\]/);
      expect(running(hungPid('uname'))).toBe(false);
    } finally {
      delete process.env.SYSBTAPE_COMMAND_TIMEOUT;
      sshd.setSim(QUICK_SIM);
    }
  });
});

describe('capture steps', () => {
  // bosboot is the first long step: no earlier step shares the short idle timeout (mksysb uses the same path).
  it('stops a silent bosboot after the idle timeout, kills it, restores /tapeblksz and makes no image set', async () => {
    writeFileSync(join(sshd.simRoot, 'tapeblksz'), '1024 NONE\n');
    sshd.setSim({ ...QUICK_SIM, faults: { hangCommands: ['bosboot'] } });
    const host = await connect({ captureIdleSeconds: 2 });
    try {
      const err = await captureImages(host, DEFAULT_CAPTURE).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'CAPTURE_FAILED',
        message: expect.stringMatching(/bosboot on aix1 printed nothing for 2 s; it was stopped on the server/),
      });
      expect(running(hungPid('bosboot'))).toBe(false);
      expect(readFileSync(join(sshd.simRoot, 'tapeblksz'), 'utf8')).toBe('1024 NONE\n');
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
      rmSync(join(sshd.simRoot, 'tapeblksz'), { force: true });
    }
  });

  it('keeps only the head and tail of a step that prints megabytes without a newline, and says what was cut', async () => {
    const flood = 6 * 1024 * 1024;
    sshd.setSim({ ...QUICK_SIM, faults: { floodOutput: { command: 'mksysb', bytes: flood } } });
    const host = await connect({});
    try {
      const result = await captureImages(host, DEFAULT_CAPTURE);
      const step = result.steps.find((s) => s.step === 'mksysb')!;
      expect(step.exitCode).toBe(0);
      expect(step.output.length).toBeLessThan(200 * 1024);
      expect(step.output).toMatch(/\[… \d+ characters of output cut here; the first and last \d+ are kept …\]/);
      expect(step.output).toMatch(/Backup Completed Successfully/); // the tail is kept
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  });

  it('gives a short error line when a failing step floods its output', async () => {
    sshd.setSim({
      ...QUICK_SIM,
      faults: { noTapeSupport: true, floodOutput: { command: 'bosboot', bytes: 4 * 1024 * 1024, stream: 'stderr' } },
    });
    const host = await connect({});
    try {
      const err = (await captureImages(host, DEFAULT_CAPTURE).catch((e: unknown) => e)) as Error & { code?: string };
      expect(err.code).toBe('CAPTURE_FAILED');
      expect(err.message).toMatch(/^bosboot failed on aix1/);
      expect(err.message.length).toBeLessThan(2000);
      expect(err.message).toMatch(/characters cut/);
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
    }
  });
});

describe('exec fetch', () => {
  it('stops at the file size when the server keeps streaming, names the file, and stops the remote reader', async () => {
    const remote = join(sshd.workdir, 'endless.img');
    writeFileSync(remote, Buffer.alloc(300 * 1024, 7));
    sshd.setSim({ ...QUICK_SIM, faults: { catStreamsPastEnd: true } });
    const local = mkdtempSync(join(tmpdir(), 'sysbtape-endless-'));
    const host = await connect({});
    try {
      const err = await host.fetch(remote, join(local, 'endless.img'), { transport: 'exec' }).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'FETCH_FAILED',
        message: expect.stringContaining(`${remote}: the server sent more than the ${300 * 1024} bytes the file has`),
      });
      expect(hostileCats(remote)).toEqual([]);
    } finally {
      host.close();
      sshd.setSim(QUICK_SIM);
      rmSync(local, { recursive: true, force: true });
    }
  });
});
