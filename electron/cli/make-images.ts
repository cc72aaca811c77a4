/** `sysbtape make-images`: writes a synthetic image set (boot image, mkinsttape, mksysb) for tests and demos. */
import { SysbError } from '../../shared/errors.ts';
import { type ImageSetOptions, writeImageSet } from '../services/aix/synthetic/image-set.ts';
import { type CommandModule, EXIT_OK, parseSize, printJson, runAction } from './command-kit.ts';

interface MakeImagesFlags {
  out: string;
  mksysbSize: string;
  seed: string;
  hostname?: string;
  oslevel?: string;
  tapeblksz: string | false;
  pack: boolean;
  junkPadding?: boolean;
  bootBlocks?: string;
  emptyMkinsttape?: boolean;
  omitBootMagic?: boolean;
  json?: boolean;
}

/** Parses a non-negative integer flag or throws a usage error naming the flag. */
function parseInteger(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw new SysbError('USAGE', `${flag} must be a whole number from 0 to ${max}, got '${text}'`);
  return Number(text);
}

/** Registers `make-images`. */
export const makeImagesCommand: CommandModule = (program, io, setExit) => {
  program
    .command('make-images')
    .description('Write a synthetic AIX image set: 1_bosboot.img, 2_mkinsttape.img, 4_mksysb.img (same seed, same bytes).')
    .requiredOption('--out <dir>', 'directory to write the images into (created if missing)')
    .option('--mksysb-size <size>', 'size of the mksysb image (rounded up to 51200 bytes), e.g. 64MiB, 1GiB', '64MiB')
    .option('--seed <n>', 'seed for the contents', '1')
    .option('--hostname <name>', 'host name recorded in image.data (UNAME_INFO)')
    .option('--oslevel <level>', "AIX level in 'oslevel -s' form, e.g. 7200-05-03-2148")
    .option('--tapeblksz <text>', "./tapeblksz in the mkinsttape image: '<blocksize> <blocks|NONE>'", '512 NONE')
    .option('--no-tapeblksz', 'leave ./tapeblksz out of the mkinsttape image (standalone mkinsttape)')
    .option('--no-pack', 'store every member plain (like mksysb -p)')
    .option('--junk-padding', 'put junk after name NULs and in data padding, as real AIX archives have')
    .option('--boot-blocks <n>', 'boot image length in 512-byte blocks (default 4096)')
    .option('--empty-mkinsttape', 'fault: write a zero-length mkinsttape image')
    .option('--omit-boot-magic', 'fault: boot image without the IPL record magic 0xC9C2D4C1')
    .option('--json', 'print the result as JSON')
    .action(
      runAction(io, setExit, async (flags: MakeImagesFlags) => {
        const controller = new AbortController();
        const onSigint = (): void => controller.abort();
        process.once('SIGINT', onSigint);
        let lastReport = 0;
        const started = Date.now();
        const options: ImageSetOptions = {
          seed: parseInteger('--seed', flags.seed, 0xffffffff),
          mksysbSize: parseSize(flags.mksysbSize),
          tapeblksz: flags.tapeblksz === false ? null : flags.tapeblksz,
          pack: flags.pack,
          junkPadding: flags.junkPadding === true,
          faults: { emptyMkinsttape: flags.emptyMkinsttape === true, noBootMagic: flags.omitBootMagic === true },
          signal: controller.signal,
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastReport < 1000 && p.membersWritten !== p.membersTotal) return;
            lastReport = now;
            const pct = Math.floor((100 * p.membersWritten) / p.membersTotal);
            const seconds = Math.max(0.001, (now - started) / 1000);
            const rate = p.bytesWritten / seconds;
            const eta = rate > 0 ? Math.ceil((p.bytesTotal - p.bytesWritten) / rate) : 0;
            io.err.write(
              `${p.membersWritten} of ${p.membersTotal} files (${pct}%), ${(p.bytesWritten / 1048576).toFixed(1)} of ` +
                `${(p.bytesTotal / 1048576).toFixed(1)} MiB, ${(rate / 1048576).toFixed(0)} MiB/s, ETA ${eta} s\n`,
            );
          },
        };
        if (flags.hostname !== undefined) options.hostname = flags.hostname;
        if (flags.oslevel !== undefined) options.oslevel = flags.oslevel;
        if (flags.bootBlocks !== undefined) options.bootBlocks = parseInteger('--boot-blocks', flags.bootBlocks, 1 << 22);
        try {
          const result = await writeImageSet(flags.out, options);
          if (flags.json) {
            printJson(io, result);
          } else {
            const seconds = Math.max(0.001, (Date.now() - started) / 1000);
            io.out.write(`${result.files.boot}  ${result.bytes.boot} bytes\n`);
            io.out.write(`${result.files.mkinsttape}  ${result.bytes.mkinsttape} bytes\n`);
            io.out.write(
              `${result.files.mksysb}  ${result.bytes.mksysb} bytes, ${result.mksysbMembers} members (${result.packedMembers} packed)\n`,
            );
            io.out.write(`written in ${seconds.toFixed(1)} s (${(result.bytes.mksysb / 1048576 / seconds).toFixed(0)} MiB/s)\n`);
          }
          return EXIT_OK;
        } finally {
          process.removeListener('SIGINT', onSigint);
        }
      }),
    );
};
