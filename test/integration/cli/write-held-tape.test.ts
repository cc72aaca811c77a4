/**
 * `sysbtape write` checks the tape under the lock its write holds (as the job engine's write step does,
 * see test/integration/jobs/write-once.test.ts): at the moment its checks are printed, another process
 * trying to take the tape for itself finds it busy, so nothing can change the tape before the write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli.ts';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { lockTapeFile } from '../../../electron/services/tape/tape-file-lock.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from '../jobs/job-fixtures.ts';

const tempDir = useTempDirs();

/** Tries to take `tape` exclusively, as another writer would; lets it go at once. */
function tryTake(tape: string): string {
  const fd = fs.openSync(tape, 'r');
  try {
    lockTapeFile(fd, tape, 'exclusive');
    return 'another process took the tape between the checks and the write';
  } catch (err) {
    return err instanceof Error && /in use/.test(err.message) ? 'busy' : String(err);
  } finally {
    fs.closeSync(fd);
  }
}

describe('sysbtape write holds the tape from its checks to its write', () => {
  it('when the checks are printed, no other process can take the tape; the write then succeeds', async () => {
    const dir = tempDir();
    const { catalog, setDir } = await catalogWithImageSet(dir);
    catalog.close();
    // A tape the catalog does not know: the checks read its first records and print UNKNOWN_CONTENTS.
    const tape = path.join(dir, 'foreign.tap');
    await writeTape(await smallImageSet(path.join(dir, 'other'), { seed: 9, hostname: 'elsewhere' }), tape);
    const taken: string[] = [];
    let errText = '';
    // Written synchronously by the command: the attempt happens right after the checks, before the write starts.
    const err = new Writable({
      write(chunk: Buffer, _enc, done) {
        const text = chunk.toString();
        errText += text;
        if (/^check \(confirm\) UNKNOWN_CONTENTS/m.test(text)) taken.push(tryTake(tape));
        done();
      },
    });
    const out = new PassThrough();
    out.resume();
    const stdin = new PassThrough();
    stdin.end();
    const code = await main(['--catalog', path.join(dir, 'catalog.db'), 'write', '--images', setDir, '--tape', tape, '--yes'], {
      out,
      err,
      stdin,
    });
    expect(code, errText).toBe(0);
    expect(taken).toEqual(['busy']);
  });

  it('a new .tap that only the hold created is removed again when the checks refuse, and the cartridge keeps its status', async () => {
    const dir = tempDir();
    const { catalog, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'NEW001', mediaId: 'L8' });
    const at = new Date().toISOString();
    catalog.writes.record({
      volser: 'NEW001',
      drive: '/dev/nst0',
      startedAt: at,
      endedAt: at,
      result: 'failed',
      error: 'media error',
      records: [],
    });
    const status = catalog.cartridges.require('NEW001').status;
    catalog.close();
    const tape = path.join(dir, 'new.tap');
    const asked = await runCli([
      '--catalog',
      path.join(dir, 'catalog.db'),
      'write',
      '--images',
      setDir,
      '--tape',
      tape,
      '--volser',
      'NEW001',
    ]);
    expect(asked.code).toBe(1);
    expect(asked.err).toMatch(/FAILED_BEFORE.*\[NEEDS_CONFIRMATION\]/s);
    expect(fs.existsSync(tape)).toBe(false);
    const after = await openCatalog(path.join(dir, 'catalog.db'), { autoBackup: false });
    try {
      expect(after.cartridges.require('NEW001').status).toBe(status);
    } finally {
      after.close();
    }
  });
});
