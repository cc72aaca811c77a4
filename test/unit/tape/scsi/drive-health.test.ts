import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeDriveHealth,
  HEALTH_COMMANDS,
  loadRawBundle,
  readDriveHealth,
  saveRawBundle,
} from '../../../../electron/services/tape/scsi/drive-health.ts';
import { decodeReadAttribute } from '../../../../electron/services/tape/scsi/mam.ts';
import { writeMamBarcode } from '../../../../electron/services/tape/scsi/drive-status.ts';
import { decodeModeSense10 } from '../../../../electron/services/tape/scsi/mode-sense.ts';
import { decodeSense } from '../../../../electron/services/tape/scsi/sense.ts';
import {
  resultOf,
  ScsiCommandError,
  SgIoTransport,
  type ScsiTransport,
  sgNodeForTape,
} from '../../../../electron/services/tape/scsi/sg-io.ts';
import { useTempDirs } from '../tape-fixtures.ts';
import { inquiryFixture, MAM_LTO6, modeSenseFixture, readAttributeFixture, tapeAlertFixture, vpd80Fixture } from './scsi-fixtures.ts';

const tempDir = useTempDirs();

/** Fixed sense data with a sense key and ASC/ASCQ. */
function fixedSense(key: number, asc: number, ascq: number): Uint8Array {
  const s = new Uint8Array(18);
  s[0] = 0x70;
  s[2] = key;
  s[7] = 10;
  s[12] = asc;
  s[13] = ascq;
  return s;
}

/** A transport answering by opcode (and page): data, or a CHECK CONDITION with the given sense. */
function fakeTransport(
  answers: Record<string, Uint8Array | [number, number, number]>,
): ScsiTransport & { sent: string[]; written: Uint8Array[] } {
  const sent: string[] = [];
  const written: Uint8Array[] = [];
  return {
    sent,
    written,
    dataOut: async (cdb, data) => {
      sent.push(`out 0x${cdb[0]!.toString(16)}`);
      written.push(data);
    },
    dataIn: async (cdb) => {
      const key =
        cdb[0] === 0x12 ? (cdb[1]! & 1 ? 'vpd80' : 'inquiry') : { 0x5a: 'mode-sense', 0x4d: 'log-2e', 0x8c: 'read-attribute' }[cdb[0]!]!;
      sent.push(key);
      const a = answers[key];
      if (!a) throw new Error(`no answer for ${key}`);
      if (a instanceof Uint8Array) return a;
      return resultOf(
        { id: 1, rc: 0, errno: 0, status: 2, hostStatus: 0, driverStatus: 0x08, resid: 0, sense: fixedSense(...a), data: new Uint8Array() },
        key,
      );
    },
    close: async () => {},
  };
}

const FULL = {
  inquiry: inquiryFixture(),
  vpd80: vpd80Fixture('1013005432'),
  'mode-sense': modeSenseFixture(0x5a, false, 512),
  'log-2e': tapeAlertFixture([20, 21]),
  'read-attribute': readAttributeFixture(),
};

describe('drive health', () => {
  it('decodes a full LTO-6 reading into the issue 17 JSON shape', async () => {
    const report = decodeDriveHealth(await readDriveHealth(fakeTransport(FULL)));
    expect(report).toEqual({
      drive: { vendor: 'IBM', product: 'ULT3580-TD6', firmware: 'J451', serial: '1013005432' },
      medium: {
        generation: 'LTO-6',
        densityCode: 0x5a,
        nativeCapacityBytes: 2.5e12,
        writeProtected: false,
        mam: expect.objectContaining({
          serial: MAM_LTO6.serial,
          barcode: MAM_LTO6.barcode,
          loadCount: 37,
          totalMiBWritten: MAM_LTO6.writtenMiB,
        }),
      },
      tapeAlert: [
        { flag: 20, name: 'Cleaning required', severity: 'critical' },
        { flag: 21, name: 'Cleaning requested', severity: 'warning' },
      ],
      unsupported: [],
      errors: [],
    });
  });

  it('ILLEGAL REQUEST makes a command "not supported"; another failure is an error; the rest carry on', async () => {
    const t = fakeTransport({ ...FULL, 'log-2e': [0x5, 0x20, 0x00], 'read-attribute': [0x2, 0x3a, 0x00] });
    const reading = await readDriveHealth(t);
    expect(t.sent).toEqual([...HEALTH_COMMANDS]);
    const report = decodeDriveHealth(reading);
    expect(report.unsupported).toEqual(['log-2e']);
    expect(report.errors).toEqual([{ command: 'read-attribute', message: expect.stringMatching(/NOT READY, ASC\/ASCQ 3ah\/00h/) }]);
    expect(report.drive.vendor).toBe('IBM');
    expect(report.medium.generation).toBe('LTO-6');
  });

  it('retries a command answered with UNIT ATTENTION (a reset being reported), as the rig showed after boot', async () => {
    const t = fakeTransport(FULL);
    let attentions = 1;
    const dataIn = t.dataIn;
    t.dataIn = async (cdb, n) => {
      if (cdb[0] === 0x5a && attentions-- > 0) throw new ScsiCommandError('UNIT ATTENTION', { key: 6, asc: 0x29, ascq: 0 });
      return dataIn(cdb, n);
    };
    const report = decodeDriveHealth(await readDriveHealth(t));
    expect(report.errors).toEqual([]);
    expect(report.medium.generation).toBe('LTO-6');
  });

  it('a saved bundle holds one .bin per answered command and decodes to the same report', async () => {
    const reading = await readDriveHealth(fakeTransport({ ...FULL, 'read-attribute': [0x5, 0x24, 0x00] }));
    const dir = path.join(tempDir(), 'bundle');
    await saveRawBundle(dir, reading.raw);
    expect(readdirSync(dir).sort()).toEqual(['inquiry.bin', 'log-2e.bin', 'mode-sense.bin', 'vpd80.bin']);
    expect(decodeDriveHealth(await loadRawBundle(dir))).toEqual(decodeDriveHealth(reading));
  });

  it('refuses a directory without any bundle file, naming the files it looked for', async () => {
    await expect(loadRawBundle(tempDir())).rejects.toThrow(/none of inquiry\.bin, vpd80\.bin.*not a drive status bundle/);
  });

  it('a response that does not decode is an error of its command, not a crash', () => {
    const report = decodeDriveHealth({
      raw: { inquiry: new Uint8Array(10), 'log-2e': tapeAlertFixture([4]) },
      unsupported: [],
      errors: [],
    });
    expect(report.errors).toEqual([{ command: 'inquiry', message: expect.stringMatching(/10 bytes/) }]);
    expect(report.tapeAlert.map((f) => f.flag)).toEqual([4]);
  });

  it('MODE SENSE: each LTO density maps to its generation and native capacity; WP bit; unknown density has none', () => {
    const cases: [number, string, number][] = [
      [0x58, 'LTO-5', 1.5e12],
      [0x5a, 'LTO-6', 2.5e12],
      [0x5c, 'LTO-7', 6e12],
      [0x5d, 'LTO-7 Type M', 9e12],
      [0x5e, 'LTO-8', 12e12],
      [0x60, 'LTO-9', 18e12],
    ];
    for (const [d, gen, cap] of cases)
      expect(decodeModeSense10(modeSenseFixture(d))).toMatchObject({ generation: gen, nativeCapacityBytes: cap });
    expect(decodeModeSense10(modeSenseFixture(0x5e, true)).writeProtected).toBe(true);
    const unknown = decodeModeSense10(modeSenseFixture(0x00));
    expect(unknown.densityCode).toBe(0);
    expect(unknown.generation).toBeUndefined();
  });

  it('sense data: fixed and descriptor formats', () => {
    expect(decodeSense(fixedSense(5, 0x24, 0))).toEqual({ key: 5, asc: 0x24, ascq: 0 });
    expect(decodeSense(Uint8Array.of(0x72, 0x05, 0x20, 0x00, 0, 0, 0, 0))).toEqual({ key: 5, asc: 0x20, ascq: 0 });
    expect(decodeSense(new Uint8Array())).toBeUndefined();
    expect(() =>
      resultOf(
        {
          id: 1,
          rc: 0,
          errno: 0,
          status: 2,
          hostStatus: 0,
          driverStatus: 8,
          resid: 0,
          sense: fixedSense(5, 0x20, 0),
          data: new Uint8Array(),
        },
        'x',
      ),
    ).toThrow(ScsiCommandError);
  });

  it('writes the barcode attribute with WRITE ATTRIBUTE to the sg node of the tape', async () => {
    const sys = tempDir();
    mkdirSync(path.join(sys, 'class/scsi_tape/nst2/device/scsi_generic/sg7'), { recursive: true });
    const t = fakeTransport({});
    const opened: string[] = [];
    await writeMamBarcode('/dev/nst2', 'ABC123L6', {
      sysRoot: sys,
      openTransport: async (d) => {
        opened.push(d);
        return t;
      },
    });
    expect(opened).toEqual(['/dev/sg7']);
    expect(t.sent).toEqual(['out 0x8d']);
    expect(decodeReadAttribute(t.written[0]!)).toEqual([expect.objectContaining({ id: 0x0806, value: 'ABC123L6' })]);
  });

  it('the real SG_IO worker: an fd that is not a SCSI device fails with the errno, named (ENOTTY on /dev/null)', async () => {
    const t = await SgIoTransport.open('/dev/null');
    try {
      await expect(t.dataIn(Uint8Array.of(0x12, 0, 0, 0, 96, 0), 96)).rejects.toThrow(
        /SCSI command 0x12 on \/dev\/null: SG_IO failed: ENOTTY/,
      );
      await expect(t.dataOut(Uint8Array.of(0x8d), Uint8Array.of(1, 2))).rejects.toThrow(/SG_IO failed: ENOTTY/);
    } finally {
      await t.close();
    }
  });

  it('finds /dev/sgN of /dev/nstN through sysfs, and none when the sg driver has no node', async () => {
    const sys = tempDir();
    mkdirSync(path.join(sys, 'class/scsi_tape/nst1/device/scsi_generic/sg4'), { recursive: true });
    writeFileSync(path.join(sys, 'class/scsi_tape/nst1/device/scsi_generic/sg4/dev'), '21:4\n');
    mkdirSync(path.join(sys, 'class/scsi_tape/nst0/device'), { recursive: true });
    expect(await sgNodeForTape('/dev/nst1', sys)).toBe('/dev/sg4');
    expect(await sgNodeForTape('/dev/nst0', sys)).toBeUndefined();
    await expect(sgNodeForTape('/tmp/x.tap', sys)).rejects.toThrow(/not a Linux st device/);
  });
});
