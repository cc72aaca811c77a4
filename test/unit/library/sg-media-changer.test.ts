import { describe, expect, it } from 'vitest';
import { ChangerError } from '../../../electron/services/library/media-changer.ts';
import { SgMediaChanger } from '../../../electron/services/library/sg-media-changer.ts';
import { ScsiCommandError, type ScsiTransport } from '../../../electron/services/tape/scsi/sg-io.ts';
import { elementAddressPage, elementStatus } from './smc-bytes.ts';

const INQUIRY_CHANGER = Uint8Array.from([0x08, 0, 5, 2, 31, 0, 0, 0, ...Buffer.from('IBM     3573-TL         F.11')]);
const LAYOUT = elementAddressPage({ mte: [1, 1], st: [1000, 3], ie: [10, 1], dte: [500, 1] });

/** A library as bytes: answers each opcode from the state below and records MOVE MEDIUM commands. */
class FakeLibrary implements ScsiTransport {
  moves: string[] = [];
  drive: { barcode?: string; source?: number } = {};
  slots: (string | undefined)[] = ['ABC123L6', undefined, 'DEF456L6'];
  fail: Partial<Record<number, Error>> = {};
  async dataIn(cdb: Uint8Array, length: number): Promise<Uint8Array> {
    const err = this.fail[cdb[0]!];
    if (err) throw err;
    switch (cdb[0]) {
      case 0x12:
        return INQUIRY_CHANGER;
      case 0x1a:
        return LAYOUT;
      case 0xb8: {
        const type = cdb[1]! & 0x0f;
        const data =
          type === 1
            ? elementStatus([{ type: 1, pvoltag: true, elements: [{ address: 1 }] }])
            : type === 4
              ? elementStatus([
                  { type: 4, pvoltag: true, elements: [{ address: 500, full: this.drive.barcode !== undefined, ...this.drive }] },
                ])
              : type === 2
                ? elementStatus([
                    {
                      type: 2,
                      pvoltag: true,
                      elements: this.slots.map((b, i) => ({ address: 1000 + i, full: b !== undefined, barcode: b })),
                    },
                  ])
                : elementStatus([{ type: 3, pvoltag: true, elements: [{ address: 10 }] }]);
        return data.subarray(0, length);
      }
      case 0xa5: {
        const src = (cdb[4]! << 8) | cdb[5]!;
        const dst = (cdb[6]! << 8) | cdb[7]!;
        this.moves.push(`${src}->${dst}`);
        if (dst === 500) {
          this.drive = { barcode: this.slots[src - 1000]!, source: src };
          this.slots[src - 1000] = undefined;
        } else {
          this.slots[dst - 1000] = this.drive.barcode;
          this.drive = {};
        }
        return new Uint8Array();
      }
      default:
        return new Uint8Array();
    }
  }
  async dataOut(): Promise<void> {}
  async close(): Promise<void> {}
}

function changerOn(lib: FakeLibrary): SgMediaChanger {
  return new SgMediaChanger('/dev/sg9', lib, lib);
}

describe('SgMediaChanger against canned library responses', () => {
  it('inventories, loads a slot into the drive and unloads it back to its source slot', async () => {
    const lib = new FakeLibrary();
    const changer = changerOn(lib);
    const inv = await changer.inventory();
    expect(inv.slots.map((s) => s.barcode ?? '-')).toEqual(['ABC123L6', '-', 'DEF456L6']);
    await changer.load(1002, 500);
    expect((await changer.inventory()).drives[0]).toMatchObject({ full: true, barcode: 'DEF456L6', sourceAddress: 1002 });
    await changer.unload(500);
    expect(lib.moves).toEqual(['1002->500', '500->1002']);
  });

  it('refuses an empty slot and a full drive before sending MOVE MEDIUM', async () => {
    const lib = new FakeLibrary();
    const changer = changerOn(lib);
    await expect(changer.load(1001, 500)).rejects.toMatchObject({
      problem: 'SOURCE_EMPTY',
      message: expect.stringMatching(/slot 2 \(address 1001\) is empty/),
    });
    lib.drive = { barcode: 'ZZZ999L6', source: 1001 };
    await expect(changer.load(1000, 500)).rejects.toMatchObject({
      problem: 'DESTINATION_FULL',
      message: expect.stringMatching(/drive 1 .*holds ZZZ999L6/),
    });
    expect(lib.moves).toEqual([]);
  });

  it('names a door open, a not-responding changer, and retries a unit attention', async () => {
    const lib = new FakeLibrary();
    lib.fail[0xa5] = new ScsiCommandError('MOVE MEDIUM: NOT READY', { key: 2, asc: 0x04, ascq: 0x83 });
    await expect(changerOn(lib).load(1000, 500)).rejects.toMatchObject({ problem: 'DOOR_OPEN', message: expect.stringMatching(/door/) });

    const dead = new FakeLibrary();
    dead.fail[0x1a] = new ScsiCommandError('SCSI command 0x1a on /dev/sg9 did not finish in 70000 ms');
    await expect(changerOn(dead).inventory()).rejects.toMatchObject({
      problem: 'NOT_RESPONDING',
      message: expect.stringMatching(/not responding/),
    });

    const attention = new FakeLibrary();
    let once = true;
    const real = attention.dataIn.bind(attention);
    attention.dataIn = async (cdb, len) => {
      if (once && cdb[0] === 0x1a) {
        once = false;
        throw new ScsiCommandError('UNIT ATTENTION', { key: 6, asc: 0x28, ascq: 0 });
      }
      return real(cdb, len);
    };
    expect((await changerOn(attention).inventory()).slots).toHaveLength(3);
  });

  it('maps the SMC sense codes of a move the library refused', async () => {
    const lib = new FakeLibrary();
    lib.fail[0xa5] = new ScsiCommandError('x', { key: 5, asc: 0x3b, ascq: 0x0e });
    await expect(changerOn(lib).load(1000, 500)).rejects.toMatchObject({ problem: 'SOURCE_EMPTY' });
    lib.fail[0xa5] = new ScsiCommandError('x', { key: 5, asc: 0x53, ascq: 0x02 });
    lib.drive = { barcode: 'ABC123L6', source: 1001 };
    await expect(changerOn(lib).unload(500)).rejects.toMatchObject({ problem: 'MEDIUM_REMOVAL_PREVENTED' });
  });

  it('refuses a device that is not a medium changer', async () => {
    const lib = new FakeLibrary();
    lib.dataIn = async () => Uint8Array.from([0x01, ...new Array<number>(35).fill(0x20)]);
    await expect(changerOn(lib).checkIsChanger()).rejects.toBeInstanceOf(ChangerError);
    await expect(changerOn(lib).checkIsChanger()).rejects.toMatchObject({ problem: 'NOT_A_CHANGER' });
  });
});
