/**
 * Identify by cartridge memory (issue 17): the MAM BARCODE attribute names the cartridge before any data
 * is read; the data is still read and a disagreement is said. A .tap has no cartridge memory.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFromTapeResult } from '../../../electron/services/catalog/tape-results.ts';
import type { DriveHealthReport } from '../../../electron/services/tape/scsi/drive-health.ts';
import { identifyTape } from '../../../electron/services/jobs/identify-tape.ts';
import { cartridgeForBarcode, readMamIdentity } from '../../../electron/services/jobs/mam-identity.ts';
import { catalogWithImageSet, smallImageSet, useTempDirs, writeTape } from './job-fixtures.ts';

const tempDir = useTempDirs();

function reportWithBarcode(barcode: string | undefined): DriveHealthReport {
  return { drive: {}, medium: { mam: barcode === undefined ? {} : { barcode } }, tapeAlert: [], unsupported: [], errors: [] };
}

describe('identify by cartridge memory', () => {
  it('names the cataloged cartridge from the MAM barcode (only READ ATTRIBUTE is asked), nothing for a .tap or an empty barcode', async () => {
    const { catalog } = await catalogWithImageSet(tempDir());
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    const asked: (readonly string[] | undefined)[] = [];
    const read = async (_t: string, commands?: readonly string[]) => {
      asked.push(commands);
      return reportWithBarcode('ABC123L6');
    };
    expect(await readMamIdentity(catalog, '/dev/nst0', read as never)).toEqual({ barcode: 'ABC123L6', volser: 'ABC123' });
    expect(asked).toEqual([['read-attribute']]);
    // The media id is part of the barcode: ABC123L7 is not the cataloged ABC123L6.
    expect(await readMamIdentity(catalog, '/dev/nst0', (async () => reportWithBarcode('ABC123L7')) as never)).toEqual({
      barcode: 'ABC123L7',
      volser: null,
    });
    expect(await readMamIdentity(catalog, '/dev/nst0', (async () => reportWithBarcode(undefined)) as never)).toBeUndefined();
    expect(await readMamIdentity(catalog, '/tmp/x.tap', read as never)).toBeUndefined();
    expect(cartridgeForBarcode(catalog, 'abc123l6')).toBe('ABC123');
    catalog.close();
  });

  it('puts the cartridge memory first in the identity and still reads the data; a disagreement is said', async () => {
    const dir = tempDir();
    const { catalog, imageSetId, setDir } = await catalogWithImageSet(dir);
    catalog.cartridges.add({ volser: 'ABC123', mediaId: 'L6' });
    catalog.cartridges.add({ volser: 'ZZZ999', mediaId: 'L6' });
    const tape = path.join(dir, 'shelf.tap');
    catalog.writes.record(writeFromTapeResult(await writeTape(setDir, tape), { volser: 'ABC123', imageSetId }));
    const logs: string[] = [];
    const id = await identifyTape(catalog, tape, {
      readMam: async () => ({ barcode: 'ABC123L6', volser: 'ABC123' }),
      onLog: (l) => logs.push(l),
    });
    expect(id.cartridgeMemory).toEqual({ barcode: 'ABC123L6', volser: 'ABC123' });
    expect(id.reading.records.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(id.matches[0]?.volser).toBe('ABC123');
    expect(id.summary).toMatch(/^cartridge memory barcode ABC123L6 \(cartridge ABC123\); cartridge ABC123 \(ABC123L6\): write/);
    expect(logs[0]).toMatch(/cartridge memory: barcode ABC123L6, cartridge ABC123 in the catalog/);

    const relabelled = await identifyTape(catalog, tape, { readMam: async () => ({ barcode: 'ZZZ999L6', volser: 'ZZZ999' }) });
    expect(relabelled.summary).toMatch(/\(cartridge ZZZ999\) — but its data is what the catalog recorded for ABC123/);
    const foreign = await smallImageSet(path.join(dir, 'foreign'), { seed: 9, hostname: 'ledger42' });
    await writeTape(foreign, path.join(dir, 'foreign.tap'));
    const plain = await identifyTape(catalog, path.join(dir, 'foreign.tap'));
    expect(plain.cartridgeMemory).toBeNull();
    expect(plain.summary).toMatch(/^unknown to the catalog/);
    catalog.close();
  });
});
