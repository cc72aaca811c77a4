/**
 * `sysbtape drive status --tape /dev/nstN | --from-raw DIR [--json] [--save-raw DIR]`: what the drive and
 * its cartridge say about themselves (INQUIRY, serial, MODE SENSE, TapeAlert, cartridge memory).
 */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { decodeDriveHealth, type HealthReading, loadRawBundle, saveRawBundle } from '../services/tape/scsi/drive-health.ts';
import { formatDriveHealth, readTapeHealth } from '../services/tape/scsi/drive-status.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction } from './command-kit.ts';

interface DriveStatusFlags {
  tape?: string;
  fromRaw?: string;
  saveRaw?: string;
  json?: boolean;
}

async function status(io: CliIo, f: DriveStatusFlags): Promise<number> {
  if ((f.tape === undefined) === (f.fromRaw === undefined)) throw new SysbError('USAGE', 'give either --tape /dev/nstN or --from-raw DIR');
  if (f.fromRaw !== undefined && f.saveRaw !== undefined)
    throw new SysbError('USAGE', '--save-raw needs --tape (a bundle read with --from-raw is already saved)');
  let reading: HealthReading;
  let source: string;
  if (f.tape !== undefined) {
    const live = await readTapeHealth(f.tape);
    reading = live;
    source = `${f.tape} (SCSI generic node ${live.sgDevice})`;
  } else {
    reading = await loadRawBundle(f.fromRaw!).catch((err: unknown) => {
      throw err instanceof SysbError ? err : new SysbError('INVALID_INPUT', err instanceof Error ? err.message : String(err));
    });
    source = `bundle ${f.fromRaw}`;
  }
  if (f.saveRaw !== undefined) await saveRawBundle(f.saveRaw, reading.raw);
  const report = decodeDriveHealth(reading);
  if (f.json) printJson(io, report);
  else {
    for (const line of formatDriveHealth(report, source)) io.out.write(`${line}\n`);
    if (f.saveRaw !== undefined) io.out.write(`raw responses saved in ${f.saveRaw}\n`);
  }
  // A critical TapeAlert flag is a problem the operator must act on before trusting this drive.
  return report.tapeAlert.some((t) => t.severity === 'critical') ? EXIT_PROBLEMS : EXIT_OK;
}

/** Registers `drive status`. */
export const driveCommand: CommandModule = (program, io, setExit) => {
  const drive = program.command('drive').description('What a tape drive and its cartridge report about their health.');
  drive
    .command('status')
    .description(
      'Drive, cartridge generation and capacity, cleaning state, TapeAlert flags and cartridge memory (like tapeinfo + sg_logs -p 0x2e + sg_read_attr).',
    )
    .option('--tape <device>', 'a no-rewind tape device /dev/nstN (read through its SCSI generic node /dev/sgN)')
    .option('--from-raw <dir>', 'decode a bundle saved earlier with --save-raw instead of reading a drive')
    .option(
      '--save-raw <dir>',
      'also keep the raw responses in DIR (inquiry.bin, vpd80.bin, mode-sense.bin, log-2e.bin, read-attribute.bin)',
    )
    .option('--json', 'print as JSON')
    .action(runAction(io, setExit, async (f: DriveStatusFlags, _cmd: Command) => status(io, f)));
};
