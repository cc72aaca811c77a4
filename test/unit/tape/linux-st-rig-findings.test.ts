// Pins what the real-driver rig (test/rig) found in LinuxStDrive: over tgt, a variable-mode read at
// end of data returns a full-length block of nothing with GMT_EOD set (must read as end of data); and a
// drive that was only probed, never closed, kept the process alive (sysbtape write hung after a refusal).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LinuxStDrive } from '../../../electron/services/tape/linux-st-drive.ts';
import type { StControl } from '../../../electron/services/tape/st-control.ts';
import type { StFs } from '../../../electron/services/tape/st-fs.ts';
import { GMT, type MtGet } from '../../../electron/services/tape/st-ioctl.ts';

function fakeSt(reads: number[], gstatAfter: number[]): { control: StControl; fs: StFs; gets: () => number } {
  let gets = 0;
  let blockSize = 0;
  let readsDone = 0;
  const status = (): MtGet => ({
    type: 0x72,
    resid: 0,
    dsreg: blockSize,
    erreg: 0,
    fileno: 4,
    blkno: 0,
    // Before any read: loaded and online; after read i: what the script says.
    gstat: readsDone === 0 ? GMT.ONLINE : (gstatAfter[readsDone - 1] ?? GMT.ONLINE),
  });
  return {
    gets: () => gets,
    control: {
      op: async (_fd, op, count) => {
        if (op === 'SETBLK') blockSize = count;
      },
      get: async () => {
        gets++;
        return status();
      },
      dispose: async () => {},
    },
    fs: {
      open: async () => 3,
      read: async (_fd, _buf, _off, len) => Math.min(reads[readsDone++] ?? 0, len),
      write: async (_fd, _buf, _off, len) => len,
      close: async () => {},
    },
  };
}

describe('LinuxStDrive reads at end of data over tgt', () => {
  it('a variable-mode read that returns data with GMT_EOD set is end of data, not a block', async () => {
    const st = fakeSt([1024 * 1024], [GMT.ONLINE | GMT.EOD]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(0);
    await expect(drive.read(Buffer.alloc(1024 * 1024))).rejects.toMatchObject({ errno: 'EOD', code: 'TAPE_END_OF_DATA' });
    await drive.close();
  });

  it('a variable-mode read of a real block (no GMT_EOD) returns it', async () => {
    const st = fakeSt([512, 0], [GMT.ONLINE, GMT.ONLINE | GMT.EOF]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(0);
    expect(await drive.read(Buffer.alloc(4096))).toBe(512);
    expect(await drive.read(Buffer.alloc(4096))).toBe(0);
    await drive.close();
  });

  it('fixed-mode reads do not pay for a status call', async () => {
    const st = fakeSt([4096, 4096], [GMT.ONLINE, GMT.ONLINE]);
    const drive = new LinuxStDrive('/dev/nst0', st);
    await drive.open('read');
    await drive.setBlockSize(512);
    const before = st.gets();
    expect(await drive.read(Buffer.alloc(4096))).toBe(4096);
    expect(await drive.read(Buffer.alloc(4096))).toBe(4096);
    expect(st.gets()).toBe(before);
    await drive.close();
  });
});

describe('LinuxStDrive and process exit', () => {
  it('a drive that was only probed (status, no close) does not keep the process alive', () => {
    // /dev/null opens like a tape with O_NONBLOCK and fails MTIOCGET (ENOTTY) in the real koffi worker.
    const driveUrl = new URL('../../../electron/services/tape/linux-st-drive.ts', import.meta.url).href;
    const dir = mkdtempSync(join(tmpdir(), 'sysbtape-probe-'));
    const script = join(dir, 'probe.mjs');
    writeFileSync(
      script,
      [
        `import { LinuxStDrive } from ${JSON.stringify(driveUrl)};`,
        "await new LinuxStDrive('/dev/null').status().catch((e) => console.log(e.code));",
        "console.log('probed');",
      ].join('\n'),
    );
    // The guard timeout only stops a hung child; a pass means it ended by itself with code 0.
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.signal, 'the child had to be killed: something kept it alive').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('TAPE_IO');
    expect(r.stdout).toContain('probed');
  });
});
