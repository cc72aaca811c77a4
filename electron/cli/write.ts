/** `sysbtape write`: writes an image set as a bootable four-record AIX tape (.tap file or /dev/nstN). */
import { SysbError } from '../../shared/errors.ts';
import { writeFourRecordTape, type WriteResult } from '../services/tape/four-record-writer.ts';
import { tapeDriveFor } from '../services/tape/open-tape-drive.ts';
import { type CliIo, type CommandModule, EXIT_OK, parseSize, printJson, progressPrinter, runAction, withSigint } from './command-kit.ts';

interface WriteFlags {
  images: string;
  tape: string;
  json?: boolean;
  assumeTapeblksz?: string;
  capacity?: string;
}

function printResult(io: CliIo, r: WriteResult): void {
  io.out.write(`Wrote ${r.target} from ${r.imageSet} in ${(r.durationMs / 1000).toFixed(1)} s (tapeblksz ${r.tapeblksz.text ?? `assumed ${r.tapeblksz.blockSize}`}):\n`);
  for (const rec of r.records) {
    io.out.write(`  record ${rec.index} ${rec.kind.padEnd(10)} ${String(rec.blocks).padStart(9)} × ${rec.blockSize} B  ${String(rec.bytes).padStart(12)} bytes  sha256 ${rec.sha256}\n`);
  }
  io.out.write(`Run 'sysbtape verify --tape ${r.target} --images ${r.imageSet}' to read it back.\n`);
}

/** Registers `write`. */
export const writeCommand: CommandModule = (program, io, setExit) => {
  program
    .command('write')
    .description('Write an image set (1_bosboot.img, 2_mkinsttape.img, 4_mksysb.img) as a bootable four-record tape.')
    .requiredOption('--images <dir>', 'image set directory')
    .requiredOption('--tape <target>', 'a virtual tape file ending in .tap (created when missing) or a no-rewind device /dev/nstN')
    .option('--assume-tapeblksz <n>', 'block size for record 4 when 2_mkinsttape.img has no ./tapeblksz (only 512 is accepted)')
    .option('--capacity <size>', 'virtual tape only: capacity of the .tap file, e.g. 100MiB')
    .option('--json', 'print the result as JSON')
    .action(runAction(io, setExit, async (flags: WriteFlags) => {
      let assume: number | undefined;
      if (flags.assumeTapeblksz !== undefined) {
        if (flags.assumeTapeblksz !== '512') throw new SysbError('USAGE', `--assume-tapeblksz accepts only 512 (got '${flags.assumeTapeblksz}'); for another size put /tapeblksz on the server and re-run mkinsttape`);
        assume = 512;
      }
      const capacityBytes = flags.capacity === undefined ? undefined : parseSize(flags.capacity);
      const drive = tapeDriveFor(flags.tape, capacityBytes === undefined ? {} : { simh: { capacityBytes } });
      const result = await withSigint((signal) => writeFourRecordTape(drive, flags.images, {
        ...(assume === undefined ? {} : { assumeTapeblksz: assume }),
        onProgress: progressPrinter(io),
        onWarning: (w) => io.err.write(`warning: ${w}\n`),
        signal,
      }));
      if (flags.json) printJson(io, result);
      else printResult(io, result);
      return EXIT_OK;
    }));
};
