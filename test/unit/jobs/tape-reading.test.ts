/** readTapeContents: blank only when the drive proves it (end of data at the start, st or tgt style); any other first-read failure is not blank. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTapeContents } from '../../../electron/services/jobs/tape-reading.ts';
import { SimhTapeDrive } from '../../../electron/services/tape/simh-tape-drive.ts';
import type { TapeStatus } from '../../../electron/services/tape/tape-drive.ts';
import { TapeError } from '../../../electron/services/tape/tape-error.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function emptyTape(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sysbtape-reading-'));
  dirs.push(d);
  const f = path.join(d, 'empty.tap');
  fs.writeFileSync(f, '');
  return f;
}

/** A drive whose reads fail as a medium error would (EIO without end of data). */
class MediumErrorDrive extends SimhTapeDrive {
  override async read(): Promise<number> {
    throw new TapeError('EIO', 'medium error: unrecovered read error');
  }
}

/** A real drive with no cartridge: open says no medium, status says so too. */
class NoCartridgeDrive extends SimhTapeDrive {
  override async open(): Promise<void> {
    throw new TapeError('ENOMEDIUM', 'no tape in /dev/nst0');
  }
  override async status(): Promise<TapeStatus> {
    return { ...(await super.status()), online: false, noTape: true };
  }
}

describe('readTapeContents: what blank means', () => {
  it('end of data at the start is blank, whether the drive returns 0 first (st) or fails at once (tgt)', async () => {
    for (const endOfData of ['zero-then-error', 'error'] as const) {
      const r = await readTapeContents(new SimhTapeDrive(emptyTape(), { endOfData }));
      expect(r).toMatchObject({ blank: true, hasData: false, end: 'end-of-data', records: [] });
    }
  });

  it('a medium error on the first read is not blank', async () => {
    const r = await readTapeContents(new MediumErrorDrive(emptyTape()));
    expect(r).toMatchObject({ blank: false, end: 'error', records: [] });
    expect(r.error).toMatch(/medium error/);
  });

  it('no cartridge in the drive is not blank', async () => {
    const r = await readTapeContents(new NoCartridgeDrive(emptyTape()));
    expect(r).toMatchObject({ blank: false, end: 'error' });
  });
});
