// The SCSI decoders of `drive status` against Debian's sg3-utils (and sdparm for mode data): every canned
// response is decoded by both, and the two must agree.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInquiry, decodeUnitSerial } from '../../../electron/services/tape/scsi/inquiry.ts';
import { decodeReadAttribute, encodeBarcodeAttribute, summarizeMam } from '../../../electron/services/tape/scsi/mam.ts';
import { decodeModeSense10 } from '../../../electron/services/tape/scsi/mode-sense.ts';
import { decodeTapeAlertPage, TAPE_ALERT_FLAGS } from '../../../electron/services/tape/scsi/tape-alert.ts';
import { useTempDirs } from '../../unit/tape/tape-fixtures.ts';
import {
  inquiryFixture,
  MAM_LTO6,
  modeSenseFixture,
  readAttributeFixture,
  tapeAlertFixture,
  vpd80Fixture,
} from '../../unit/tape/scsi/scsi-fixtures.ts';

const tempDir = useTempDirs();

/** Writes bytes to a file and runs an sg3-utils tool on it; returns its output. */
function decodeWith(tool: string, args: string[], bytes: Buffer): string {
  const file = path.join(tempDir(), 'response.bin');
  writeFileSync(file, bytes);
  return execFileSync(
    tool,
    args.map((a) => a.replace('FILE', file)),
    { encoding: 'utf8' },
  );
}

/** "  Name: value" lines into a map (the value trimmed). */
function fields(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const at = line.lastIndexOf(': ');
    if (at > 0) m.set(line.slice(0, at).trim(), line.slice(at + 2).trim());
  }
  return m;
}

describe('SCSI decoders agree with sg3-utils', () => {
  it('standard INQUIRY: vendor, product, firmware as sg_inq reads them', () => {
    for (const bytes of [inquiryFixture(), inquiryFixture('HP', 'Ultrium 8-SCSI', 'Q3D0'), inquiryFixture('IET', 'VIRTUAL-TAPE', '0001')]) {
      const ours = decodeInquiry(bytes);
      const out = decodeWith('sg_inq', ['--inhex=FILE', '--raw'], bytes);
      const sg = fields(out);
      expect(ours.peripheralType).toBe(1);
      expect(out).toMatch(/Peripheral device type: tape$/m);
      expect(ours).toMatchObject({
        vendor: sg.get('Vendor identification'),
        product: sg.get('Product identification'),
        firmware: sg.get('Product revision level'),
      });
    }
  });

  it('VPD 0x80: the unit serial number as sg_vpd reads it', () => {
    const bytes = vpd80Fixture('HU1234ABCD');
    const sg = fields(decodeWith('sg_vpd', ['--inhex=FILE', '--raw', '--page=sn'], bytes));
    expect(decodeUnitSerial(bytes)).toBe(sg.get('Unit serial number'));
    expect(decodeUnitSerial(bytes)).toBe('HU1234ABCD');
  });

  it('TapeAlert: all 64 flag names in order as sg_logs prints them, and the same flags set', () => {
    const all = Array.from({ length: 64 }, (_, i) => i + 1);
    const lines = decodeWith('sg_logs', ['--in=FILE', '--raw'], tapeAlertFixture(all))
      .split('\n')
      .filter((l) => /: [01]$/.test(l));
    expect(lines).toHaveLength(64);
    lines.forEach((line, i) => {
      const name = line.slice(0, line.lastIndexOf(':')).trim();
      // sg_logs spells the four reserved codes at the end "Reserved parameter code 0x3d, flag".
      if (i < 60) expect(TAPE_ALERT_FLAGS[i]![0], `flag ${i + 1}`).toBe(name);
      else expect(name).toBe(`Reserved parameter code 0x${(i + 1).toString(16)}, flag`);
    });
    for (const set of [[], [3, 20, 21], [4, 5, 6, 19, 64], all]) {
      const bytes = tapeAlertFixture(set);
      const sgSet = decodeWith('sg_logs', ['--in=FILE', '--raw'], bytes)
        .split('\n')
        .filter((l) => /: [01]$/.test(l))
        .map((l, i) => (l.endsWith(': 1') ? i + 1 : 0))
        .filter((n) => n > 0);
      expect(decodeTapeAlertPage(bytes).map((f) => f.flag)).toEqual(sgSet);
      expect(sgSet).toEqual(set);
    }
  });

  it('TapeAlert severities follow SSC: 4, 5, 6, 20 critical; 3, 7, 21 warning; 19 informational', () => {
    const sev = Object.fromEntries(decodeTapeAlertPage(tapeAlertFixture([3, 4, 5, 6, 7, 19, 20, 21])).map((f) => [f.flag, f.severity]));
    expect(sev).toEqual({
      3: 'warning',
      4: 'critical',
      5: 'critical',
      6: 'critical',
      7: 'warning',
      19: 'informational',
      20: 'critical',
      21: 'warning',
    });
  });

  it('READ ATTRIBUTE: the cartridge memory values sg_read_attr reads', () => {
    const bytes = readAttributeFixture();
    const sg = fields(decodeWith('sg_read_attr', ['--in=FILE', '--raw'], bytes));
    const attrs = decodeReadAttribute(bytes);
    const byName: Record<string, number> = {
      'Remaining capacity in partition [MiB]': 0x0000,
      'Maximum capacity in partition [MiB]': 0x0001,
      'Load count': 0x0003,
      'Total MiB written in medium life': 0x0220,
      'Total MiB read in medium life': 0x0221,
      'Medium manufacturer': 0x0400,
      'Medium serial number': 0x0401,
      'User medium text label': 0x0803,
      Barcode: 0x0806,
    };
    for (const [name, id] of Object.entries(byName)) {
      expect(String(attrs.find((a) => a.id === id)?.value), name).toBe(sg.get(name));
    }
    expect(summarizeMam(attrs)).toEqual({
      serial: MAM_LTO6.serial,
      barcode: MAM_LTO6.barcode,
      manufacturer: MAM_LTO6.manufacturer,
      userMediumTextLabel: MAM_LTO6.textLabel,
      loadCount: MAM_LTO6.loadCount,
      remainingCapacityMiB: MAM_LTO6.remainingMiB,
      maximumCapacityMiB: MAM_LTO6.maximumMiB,
      totalMiBWritten: MAM_LTO6.writtenMiB,
      totalMiBRead: MAM_LTO6.readMiB,
    });
  });

  it('WRITE ATTRIBUTE of the barcode: sg_read_attr reads the parameter list as the barcode attribute', () => {
    const list = Buffer.from(encodeBarcodeAttribute('ABC123L6'));
    const sg = fields(decodeWith('sg_read_attr', ['--in=FILE', '--raw'], list));
    expect(sg.get('Barcode')).toBe('ABC123L6');
    expect(decodeReadAttribute(list)).toEqual([{ id: 0x0806, readOnly: false, format: 'ascii', value: 'ABC123L6' }]);
    expect(() => encodeBarcodeAttribute('x'.repeat(33))).toThrow(/1 to 32 printable ASCII/);
  });

  it('MODE SENSE(10): sdparm finds the mode page right after the block descriptor the decoder reads', () => {
    // sg_modes cannot read a file; sdparm --inhex decodes the page that follows header + block descriptor,
    // so it agrees with the decoder on the header and descriptor lengths. Density and WP come from the layout.
    for (const [density, wp] of [
      [0x58, false],
      [0x5a, true],
      [0x5c, false],
      [0x5d, false],
      [0x5e, true],
      [0x60, false],
    ] as const) {
      const bytes = modeSenseFixture(density, wp, 512);
      const out = decodeWith('sdparm', ['--inhex=FILE', '--raw', '--pdt=1', '--all'], bytes);
      expect(out).toMatch(/^Device configuration \(SSC\) mode page:$/m);
      expect(out).toMatch(/^\s+LOIS\s+1$/m);
      expect(out).toMatch(/^\s+SDCA\s+1$/m);
      expect(decodeModeSense10(bytes)).toMatchObject({ densityCode: density, writeProtected: wp, blockLength: 512 });
    }
  });
});
