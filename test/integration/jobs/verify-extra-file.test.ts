/** Finding 7 of issue 14: `verify --record` on a tape with a fifth file records its failed verdict (exit 1, not 2). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../electron/services/catalog/catalog.ts';
import { dummyTocBlock } from '../../../electron/services/tape/dummy-toc.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { padTo, writeRawTape } from '../../unit/tape/tape-fixtures.ts';
import { catalogWithImageSet, useTempDirs } from './job-fixtures.ts';

const tempDir = useTempDirs();

describe('verify --record on a tape with five files', () => {
  it('records the failed verdict with the problem on record 5', async () => {
    const dir = tempDir();
    const { catalog, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'FIVE01', mediaId: 'L6' });
    catalog.close();
    const read = (f: string): Buffer => fs.readFileSync(path.join(setDir, f));
    const tape = path.join(dir, 'five.tap');
    await writeRawTape(tape, [
      { blockSize: 512, data: padTo(read('1_bosboot.img'), 512) },
      { blockSize: 512, data: padTo(read('2_mkinsttape.img'), 512) },
      { blockSize: 512, data: dummyTocBlock() },
      { blockSize: 512, data: padTo(read('4_mksysb.img'), 512) },
      { blockSize: 512, data: Buffer.alloc(1024, 7) },
    ]);
    const catalogPath = path.join(dir, 'catalog.db');
    const r = await runCli(['--catalog', catalogPath, 'verify', '--tape', tape, '--images', setDir, '--record', '--volser', 'FIVE01']);
    expect(r.err).not.toMatch(/must be|invalid/i);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Recorded verification \d+ \(fail\) for cartridge FIVE01/);

    const after = await openCatalog(catalogPath, { autoBackup: false });
    const history = after.history('FIVE01');
    after.close();
    expect(history.cartridge.status).toBe('failed');
    expect(history.verifications).toHaveLength(1);
    expect(history.verifications[0]!.verdict).toBe('fail');
    expect(history.verifications[0]!.problems).toContainEqual(expect.objectContaining({ code: 'EXTRA_FILES', record: 5 }));
  });
});
