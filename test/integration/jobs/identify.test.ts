/** Identify: a tape written earlier (found by record hashes), one the catalog never saw (described from image.data), a blank one; sysbtape identify. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import { identifyTape } from '../../../electron/services/jobs/identify-tape.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

const tempDir = useTempDirs();

describe('identify', () => {
  it('names the cartridge, write and image set of a tape written earlier', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'ZZZ999', mediaId: 'L6' });
    const tape = path.join(dir, 'shelf.tap');
    const written = catalog.writes.record(writeFromTapeResult(await writeTape(setDir, tape), { volser: 'ABC123', imageSetId }));
    // Another cartridge written from a different image set must not be mistaken for this one.
    const other = await smallImageSet(path.join(dir, 'other'), { seed: 5 });
    catalog.writes.record(writeFromTapeResult(await writeTape(other, path.join(dir, 'other.tap')), { volser: 'ZZZ999' }));
    const id = await identifyTape(catalog, tape);
    catalog.close();
    expect(id.known).toBe(true);
    expect(id.matches[0]).toMatchObject({
      volser: 'ABC123',
      barcode: 'ABC123L6',
      writeId: written.id,
      imageSetId,
      matchedRecords: [1, 2, 4],
      complete: true,
      serverName: 'aix1',
    });
    expect(id.matches.some((m) => m.volser === 'ZZZ999' && m.matchedRecords.includes(4))).toBe(false);
    expect(id.imageSets[0]).toEqual({ imageSetId, matchedRecords: [1, 2, 4] });
    expect(id.summary).toContain('cartridge ABC123 (ABC123L6)');
  });

  it('describes a tape the catalog never saw from record 2 image.data (host, OS level, date)', async () => {
    const dir = tempDir();
    const { catalog } = await catalogWithImageSet(dir);
    const foreign = await smallImageSet(path.join(dir, 'foreign'), { seed: 9, hostname: 'ledger42', oslevel: '7100-04-02-1614' });
    const tape = path.join(dir, 'found-in-a-drawer.tap');
    await writeTape(foreign, tape);
    const id = await identifyTape(catalog, tape);
    catalog.close();
    expect(id.known).toBe(false);
    expect(id.matches).toEqual([]);
    expect(id.reading.records.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(id.reading.imageData).toMatchObject({ hostname: 'ledger42', serviceLevel: '7100-04-02-1614' });
    expect(id.reading.imageData?.backupDate).toMatch(/2026/);
    expect(id.summary).toMatch(/unknown to the catalog: a mksysb tape of host ledger42, OS level 7100-04-02-1614, backup date .*2026/);

    const cli = await runCli(['--catalog', path.join(dir, 'catalog.db'), 'identify', '--tape', tape, '--json']);
    expect(cli.code).toBe(1);
    const json = JSON.parse(cli.out) as { known: boolean; imageData: { hostname: string }; records: unknown[] };
    expect(json.known).toBe(false);
    expect(json.imageData.hostname).toBe('ledger42');
    expect(json.records).toHaveLength(4);
  });

  it('reports a blank tape as blank', async () => {
    const dir = tempDir();
    const cli = await runCli(['--catalog', path.join(dir, 'catalog.db'), 'identify', '--tape', path.join(dir, 'new.tap')]);
    expect(cli.err).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.out).toContain('is blank');
  });
});
