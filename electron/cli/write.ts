/**
 * `sysbtape write`: writes an image set as a bootable four-record AIX tape (.tap file or /dev/nstN),
 * after the same checks as `run` (see write-guard.ts), keeping the catalog true about the cartridge.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { openCatalog } from '../services/catalog/catalog.ts';
import { checkImageSet } from '../services/tape/image-set.ts';
import { HeldTape } from '../services/jobs/held-tape.ts';
import { candidateLengths } from '../services/jobs/identify-tape.ts';
import { settleAbandonedWrites } from '../services/jobs/job-owner.ts';
import { stopHere, stopsInDirectWrite } from '../services/jobs/test-stop.ts';
import type { TapeProgress } from '../services/tape/tape-progress.ts';
import type { WriteResult } from '../services/tape/four-record-writer.ts';
import { tapeDriveFor } from '../services/tape/open-tape-drive.ts';
import {
  type CliIo,
  type CommandModule,
  EXIT_OK,
  catalogPathOf,
  parseSize,
  printJson,
  progressPrinter,
  runAction,
  withSigint,
} from './command-kit.ts';
import { clearDirectWrite, writeKeepingCatalogTrue } from './write-guard.ts';

interface WriteFlags {
  images: string;
  tape: string;
  json?: boolean;
  assumeTapeblksz?: string;
  capacity?: string;
  volser?: string;
  yes?: boolean;
  confirm?: string;
  overrideRetention?: string;
}

function printResult(io: CliIo, r: WriteResult): void {
  io.out.write(
    `Wrote ${r.target} from ${r.imageSet} in ${(r.durationMs / 1000).toFixed(1)} s (tapeblksz ${r.tapeblksz.text ?? `assumed ${r.tapeblksz.blockSize}`}):\n`,
  );
  for (const rec of r.records) {
    io.out.write(
      `  record ${rec.index} ${rec.kind.padEnd(10)} ${String(rec.blocks).padStart(9)} × ${rec.blockSize} B  ${String(rec.bytes).padStart(12)} bytes  sha256 ${rec.sha256}\n`,
    );
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
    .option(
      '--volser <volser>',
      'the cartridge being written: the write is recorded in its catalog history (status written, then verify --record)',
    )
    .option(
      '--yes',
      'confirm every "are you sure" check (unknown tape contents, another cartridge\'s tape, a cartridge that failed before)',
    )
    .option('--confirm <codes>', 'confirm only these checks, e.g. UNKNOWN_CONTENTS,KNOWN_CONTENTS')
    .option('--override-retention <reason>', 'write a cartridge still under retention; the reason is recorded in its history')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(io, setExit, async (flags: WriteFlags, cmd: Command) => {
        let assume: number | undefined;
        if (flags.assumeTapeblksz !== undefined) {
          if (flags.assumeTapeblksz !== '512')
            throw new SysbError(
              'USAGE',
              `--assume-tapeblksz accepts only 512 (got '${flags.assumeTapeblksz}'); for another size put /tapeblksz on the server and re-run mkinsttape`,
            );
          assume = 512;
        }
        const capacityBytes = flags.capacity === undefined ? undefined : parseSize(flags.capacity);
        // A bad target is a usage error, found before the catalog is opened.
        tapeDriveFor(flags.tape, capacityBytes === undefined ? {} : { simh: { capacityBytes } });
        // A missing or broken image set is a usage error, found before the tape is read or the catalog changed.
        await checkImageSet(flags.images, assume === undefined ? {} : { assumeTapeblksz: assume });
        const imageDir = path.resolve(flags.images);
        const catalog = await openCatalog(catalogPathOf(cmd));
        try {
          // A cartridge an earlier write left `writing` when its process died holds a tape nobody knows: unknown.
          settleAbandonedWrites(catalog);
          return await withSigint(async (signal) => {
            const printProgress = progressPrinter(io);
            const onTape = (p: TapeProgress): void => {
              printProgress(p);
              if (stopsInDirectWrite(p)) stopHere();
            };
            // One worker holds the tape open for writing from the first record the checks read to the last record
            // written: no other process can change the tape between the checks and the write.
            const tape = new HeldTape(
              {
                target: flags.tape,
                images: flags.images,
                candidateLengths: candidateLengths(catalog),
                ...(capacityBytes === undefined ? {} : { capacityBytes }),
                ...(assume === undefined ? {} : { assumeTapeblksz: assume }),
              },
              {
                signal,
                onProgress: (p) => {
                  if (p.kind === 'tape') onTape(p.tape);
                },
                onLog: (line) => io.err.write(`${line}\n`),
              },
            );
            try {
              const cleared = await clearDirectWrite(io, catalog, tape, {
                target: flags.tape,
                imageDir,
                ...(flags.volser === undefined ? {} : { volser: flags.volser }),
                ...(capacityBytes === undefined ? {} : { capacityBytes }),
                ...(flags.yes ? { yes: true } : {}),
                ...(flags.confirm === undefined ? {} : { confirm: flags.confirm }),
                ...(flags.overrideRetention === undefined ? {} : { overrideRetention: flags.overrideRetention }),
              });
              const { result, writeId } = await writeKeepingCatalogTrue(catalog, cleared, imageDir, flags.tape, () => tape.write());
              if (flags.json) printJson(io, cleared.volser ? { ...result, volser: cleared.volser, writeId } : result);
              else {
                printResult(io, result);
                if (cleared.volser)
                  io.out.write(
                    `Recorded write ${writeId ?? '-'} for cartridge ${cleared.volser} (status written; 'sysbtape verify --record --volser ${cleared.volser}' verifies it).\n`,
                  );
              }
              for (const v of cleared.overwritten)
                io.err.write(`cartridge ${v}'s tape was overwritten without a record: its catalog status is now unknown\n`);
              return EXIT_OK;
            } finally {
              await tape.release();
            }
          });
        } finally {
          catalog.close();
        }
      }),
    );
};
