import { describe, expect, it } from 'vitest';
import { driveElement, loadVolser, requireLoaded, unloadDrive } from '../../../electron/services/library/library-ops.ts';
import type { LibraryElement, LibraryInventory, MediaChanger } from '../../../electron/services/library/media-changer.ts';

function el(
  kind: LibraryElement['kind'],
  address: number,
  number: number,
  barcode?: string,
  extra: Partial<LibraryElement> = {},
): LibraryElement {
  return {
    kind,
    address,
    number,
    full: barcode !== undefined,
    barcode,
    sourceAddress: undefined,
    exception: undefined,
    accessible: true,
    identifier: undefined,
    ...extra,
  };
}

/** A changer over an in-memory inventory that records the moves asked of it. */
function changerOf(inv: LibraryInventory): MediaChanger & { moves: string[] } {
  const moves: string[] = [];
  return {
    device: inv.device,
    moves,
    inventory: async () => inv,
    transfer: async (s, d) => {
      moves.push(`${s}->${d}`);
    },
    load: async (s, d) => {
      moves.push(`${s}->${d}`);
    },
    unload: async (d, s) => {
      moves.push(`${d}->${s ?? '?'}`);
    },
    rescan: async () => {},
    close: async () => {},
  };
}

function library(drives: LibraryElement[], slots: (string | undefined)[], ie: (string | undefined)[] = [undefined]): LibraryInventory {
  return {
    device: '/dev/sg9',
    transports: [],
    drives,
    slots: slots.map((b, i) => el('slot', 1000 + i, i + 1, b)),
    importExport: ie.map((b, i) => el('import-export', 10 + i, i + 1, b)),
  };
}

describe('library operations on an inventory', () => {
  it('loads the VOLSER from its slot; already in the drive is a no-op', async () => {
    const c = changerOf(library([el('drive', 500, 1)], ['AAA001L6', 'BBB002L7']));
    expect(await loadVolser(c, 'bbb002', {})).toEqual({
      volser: 'BBB002',
      from: 'slot 2 (address 1001)',
      drive: 'drive 1 (address 500)',
      alreadyLoaded: false,
    });
    const there = changerOf(library([el('drive', 500, 1, 'BBB002L7')], ['AAA001L6']));
    expect((await loadVolser(there, 'BBB002', {})).alreadyLoaded).toBe(true);
    expect(c.moves).toEqual(['1001->500']);
    expect(there.moves).toEqual([]);
  });

  it('wrong barcode in the drive, VOLSER in another drive or nowhere: refused, nothing moves', async () => {
    const c = changerOf(library([el('drive', 500, 1, 'ZZZ999L6'), el('drive', 501, 2, 'BBB002L7')], ['AAA001L6']));
    await expect(loadVolser(c, 'AAA001', { driveNumber: 1 })).rejects.toThrow(
      /drive 1 \(address 500\) already holds cartridge ZZZ999L6, not AAA001/,
    );
    await expect(loadVolser(c, 'BBB002', { driveNumber: 1 })).rejects.toThrow(/BBB002 is in another drive, drive 2/);
    await expect(loadVolser(c, 'NOPE01', { driveNumber: 1 })).rejects.toMatchObject({ problem: 'NOT_FOUND' });
    await expect(requireLoaded(c, 'AAA001', { driveNumber: 1 })).rejects.toThrow(
      /wrong cartridge in drive 1 .*label ZZZ999L6, expected AAA001; nothing was written/,
    );
    await expect(requireLoaded(changerOf(library([el('drive', 500, 1)], [])), 'AAA001', {})).rejects.toMatchObject({
      problem: 'SOURCE_EMPTY',
    });
    expect(c.moves).toEqual([]);
  });

  it('several drives: --drive N, else the one reporting the serial of the tape, else a clear error', () => {
    const inv = library(
      [
        el('drive', 500, 1, undefined, { identifier: 'IBM ULT3580-HH6 1068000001' }),
        el('drive', 501, 2, undefined, { identifier: 'IBM ULT3580-HH6 1068000002' }),
      ],
      [],
    );
    expect(driveElement(inv, { driveNumber: 2 }).address).toBe(501);
    expect(driveElement(inv, { tapeSerial: '1068000002' }).address).toBe(501);
    expect(() => driveElement(inv, { tapeSerial: '999' })).toThrow(/has 2 drives and none reports serial 999; say which with --drive N/);
    expect(() => driveElement(inv, { driveNumber: 3 })).toThrow(/has no drive 3/);
  });

  it('unloads to the source slot, to --slot N, or --export to an empty import/export slot', async () => {
    const drive = el('drive', 500, 1, 'AAA001L6', { sourceAddress: 1001 });
    const c = changerOf(library([drive], ['XXX001L6', undefined, undefined]));
    expect((await unloadDrive(c, {})).to).toBe('slot 2 (address 1001)');
    expect((await unloadDrive(c, {}, { slotNumber: 3 })).to).toBe('slot 3 (address 1002)');
    expect((await unloadDrive(c, {}, { toExport: true })).to).toBe('import/export slot 1 (address 10)');
    const fullMail = changerOf(library([drive], [undefined], ['MAIL01L6']));
    await expect(unloadDrive(fullMail, {}, { toExport: true })).rejects.toThrow(/no empty import\/export slot/);
    expect(c.moves).toEqual(['500->1001', '500->1002', '500->10']);
  });
});
