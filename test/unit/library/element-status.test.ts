import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeElementAddressPage, decodeElementStatus } from '../../../electron/services/library/element-status.ts';
import { elementAddressPage, elementStatus } from './smc-bytes.ts';

describe('element address assignment page 0x1D', () => {
  it('decodes a TS3100-like layout from MODE SENSE(6)', () => {
    const a = decodeElementAddressPage(elementAddressPage({ mte: [1, 1], st: [0x1000, 24], ie: [0x10, 1], dte: [0x100, 2] }));
    expect(a).toEqual({
      transport: { first: 1, count: 1 },
      storage: { first: 0x1000, count: 24 },
      importExport: { first: 0x10, count: 1 },
      drive: { first: 0x100, count: 2 },
    });
  });

  it('skips block descriptors and other pages, and reads MODE SENSE(10)', () => {
    const six = elementAddressPage({ mte: [0, 1], st: [1000, 8], ie: [0, 0], dte: [500, 1] });
    const page = Array.from(six.subarray(4));
    // 10-byte header with an 8-byte block descriptor, then a vendor page 0x00 before 0x1D.
    const ten = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 8, ...new Array<number>(8).fill(0), 0x00, 2, 0xaa, 0xbb, ...page]);
    expect(decodeElementAddressPage(ten, true).storage).toEqual({ first: 1000, count: 8 });
  });

  it('says so when the page is missing', () => {
    expect(() => decodeElementAddressPage(Uint8Array.of(5, 0, 0, 0, 0x1c, 0))).toThrow(/no element address assignment page/);
  });
});

describe('READ ELEMENT STATUS decoding', () => {
  it('decodes slots with voltags, empty slots and a NUL-padded label (52-byte descriptors)', () => {
    const data = elementStatus([
      {
        type: 2,
        pvoltag: true,
        elements: [
          { address: 0x1000, full: true, barcode: 'ABC123L6' },
          { address: 0x1001, full: false },
          { address: 0x1002, full: true, barcode: 'CLN001L1', nulPad: true },
          { address: 0x1003, full: true },
        ],
      },
    ]);
    const { elements, truncated } = decodeElementStatus(data, { slot: 0x1000 });
    expect(truncated).toBe(false);
    expect(elements.map((e) => [e.kind, e.number, e.full, e.barcode])).toEqual([
      ['slot', 1, true, 'ABC123L6'],
      ['slot', 2, false, undefined],
      ['slot', 3, true, 'CLN001L1'],
      ['slot', 4, true, undefined],
    ]);
  });

  it('decodes two drives with DVCID serials and the source slot of a loaded cartridge', () => {
    const data = elementStatus([
      {
        type: 4,
        pvoltag: true,
        dvcid: true,
        elements: [
          { address: 0x100, full: true, barcode: 'XYZ789L8', source: 0x1005, serial: '1068012345' },
          { address: 0x101, full: false, serial: '1068067890' },
        ],
      },
    ]);
    const { elements } = decodeElementStatus(data, { drive: 0x100 });
    expect(elements).toEqual([
      {
        kind: 'drive',
        address: 0x100,
        number: 1,
        full: true,
        barcode: 'XYZ789L8',
        sourceAddress: 0x1005,
        exception: undefined,
        accessible: true,
        identifier: '1068012345',
      },
      {
        kind: 'drive',
        address: 0x101,
        number: 2,
        full: false,
        barcode: undefined,
        sourceAddress: undefined,
        exception: undefined,
        accessible: true,
        identifier: '1068067890',
      },
    ]);
  });

  it('decodes import/export elements with alternate tags (84-byte descriptors, HPE MSL layout), access and exceptions', () => {
    const data = elementStatus([
      {
        type: 3,
        pvoltag: true,
        avoltag: true,
        elements: [
          { address: 0x10, full: true, barcode: 'MAIL01L7' },
          { address: 0x11, full: false, access: false, except: { asc: 0x3b, ascq: 0x12 } },
        ],
      },
    ]);
    const { elements } = decodeElementStatus(data, { 'import-export': 0x10 });
    expect(elements[0]).toMatchObject({ kind: 'import-export', number: 1, full: true, barcode: 'MAIL01L7', accessible: true });
    expect(elements[1]).toMatchObject({
      kind: 'import-export',
      number: 2,
      full: false,
      accessible: false,
      exception: { asc: 0x3b, ascq: 0x12 },
    });
  });

  it('decodes several pages in one report (type 0: all elements) and descriptors without tags', () => {
    const data = elementStatus([
      { type: 1, pvoltag: false, elements: [{ address: 1 }] },
      { type: 4, pvoltag: false, elements: [{ address: 500, full: true, source: 1000 }] },
      { type: 2, pvoltag: true, elements: [{ address: 1000 }, { address: 1001, full: true, barcode: 'AAA001L9' }] },
    ]);
    const kinds = decodeElementStatus(data, { slot: 1000, drive: 500, transport: 1 }).elements.map(
      (e) => `${e.kind}${e.number}:${e.barcode ?? '-'}`,
    );
    expect(kinds).toEqual(['transport1:-', 'drive1:-', 'slot1:-', 'slot2:AAA001L9']);
  });

  it('reports a truncated response (byte count available larger than the buffer) and decodes what it has', () => {
    const data = elementStatus([
      { type: 2, pvoltag: true, elements: [{ address: 1000, full: true, barcode: 'ABC123L6' }, { address: 1001 }] },
    ]);
    const cut = data.subarray(0, 8 + 8 + 52 + 10);
    const r = decodeElementStatus(cut, { slot: 1000 });
    expect(r.truncated).toBe(true);
    expect(r.elements.map((e) => e.barcode)).toEqual(['ABC123L6']);
  });

  it('refuses an unknown element type or a too-short descriptor', () => {
    const bad = elementStatus([{ type: 2, pvoltag: false, elements: [{ address: 1 }] }]);
    bad[8] = 9;
    expect(() => decodeElementStatus(bad)).toThrow(/unknown element type code 9/);
    expect(() => decodeElementStatus(Uint8Array.of(0, 0, 0, 0))).toThrow(/too short/);
  });
});

describe('READ ELEMENT STATUS bytes captured from tgt (fixtures/README.md)', () => {
  const fixture = (name: string): Uint8Array => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

  it('decodes the storage slots with their labels, the emptied slot 3 included', () => {
    const { elements, truncated } = decodeElementStatus(fixture('tgt-res-slots.bin'), { slot: 1000 });
    expect(truncated).toBe(false);
    expect(elements.map((e) => [e.address, e.number, e.full, e.barcode ?? null])).toEqual([
      [1000, 1, true, 'RIG301L6'],
      [1001, 2, false, null],
      [1002, 3, false, null],
    ]);
  });

  it('decodes the loaded drive: label, source slot and DVCID identifier (86-byte descriptor)', () => {
    const [drive, ...rest] = decodeElementStatus(fixture('tgt-res-drive.bin'), { drive: 500 }).elements;
    expect(rest).toEqual([]);
    expect(drive).toMatchObject({
      kind: 'drive',
      address: 500,
      number: 1,
      full: true,
      barcode: 'RIG302L6',
      sourceAddress: 1002,
      exception: undefined,
    });
    expect(drive?.identifier).toMatch(/^IET\s+VIRTUAL-TAPE/);
  });
});
