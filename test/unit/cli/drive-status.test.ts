// `sysbtape drive status`: --from-raw decoding of a saved bundle (text and JSON), usage errors, virtual tapes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../tape/tape-fixtures.ts';
import { inquiryFixture, modeSenseFixture, readAttributeFixture, tapeAlertFixture, vpd80Fixture } from '../tape/scsi/scsi-fixtures.ts';

const tempDir = useTempDirs();

function bundle(files: Record<string, Buffer>): string {
  const dir = path.join(tempDir(), 'bundle');
  mkdirSync(dir);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  return dir;
}

describe('sysbtape drive status', () => {
  it('--from-raw --json decodes a full bundle into the issue 17 JSON shape', async () => {
    const dir = bundle({
      'inquiry.bin': inquiryFixture(),
      'vpd80.bin': vpd80Fixture('1013005432'),
      'mode-sense.bin': modeSenseFixture(0x5c, false, 512),
      'log-2e.bin': tapeAlertFixture([21]),
      'read-attribute.bin': readAttributeFixture(),
    });
    const r = await runCli(['drive', 'status', '--from-raw', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j).toMatchObject({
      drive: { vendor: 'IBM', product: 'ULT3580-TD6', firmware: 'J451', serial: '1013005432' },
      medium: {
        generation: 'LTO-7',
        densityCode: 0x5c,
        nativeCapacityBytes: 6e12,
        writeProtected: false,
        mam: { barcode: 'ABC123L6', loadCount: 37 },
      },
      tapeAlert: [{ flag: 21, name: 'Cleaning requested', severity: 'warning' }],
      unsupported: [],
    });
  });

  it('text: absent files are "not supported by this drive"; a critical flag says what to do and exits 1', async () => {
    const dir = bundle({ 'inquiry.bin': inquiryFixture('IET', 'VIRTUAL-TAPE', '0001'), 'log-2e.bin': tapeAlertFixture([20]) });
    const r = await runCli(['drive', 'status', '--from-raw', dir]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/drive: IET VIRTUAL-TAPE, firmware 0001/);
    expect(r.out).toMatch(/cleaning: the drive needs cleaning now: load a cleaning cartridge/);
    expect(r.out).toMatch(/TapeAlert 20 \(critical\): Cleaning required/);
    expect(r.out).toMatch(/cartridge memory \(READ ATTRIBUTE\): not supported by this drive/);
    expect(r.out).toMatch(/MODE SENSE\(10\): not supported by this drive/);
  });

  it('usage errors: neither or both sources, --save-raw with --from-raw, a virtual tape, an empty bundle', async () => {
    expect((await runCli(['drive', 'status'])).err).toMatch(/either --tape \/dev\/nstN or --from-raw DIR/);
    const both = await runCli(['drive', 'status', '--tape', '/dev/nst0', '--from-raw', tempDir()]);
    expect(both.code).toBe(2);
    const save = await runCli(['drive', 'status', '--from-raw', tempDir(), '--save-raw', tempDir()]);
    expect(save.err).toMatch(/--save-raw needs --tape/);
    const tap = await runCli(['drive', 'status', '--tape', path.join(tempDir(), 'x.tap')]);
    expect(tap.code).toBe(2);
    expect(tap.err).toMatch(/virtual tape, not a SCSI drive/);
    const empty = await runCli(['drive', 'status', '--from-raw', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/not a drive status bundle/);
  });
});
