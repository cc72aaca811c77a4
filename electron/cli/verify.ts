/** `sysbtape verify`: reads a four-record tape back and reports one verdict (exit 0 ok, 1 failed, 2 usage). */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { reverifyCartridge } from '../services/jobs/reverify.ts';
import { tapeDriveFor } from '../services/tape/open-tape-drive.ts';
import { verifyTape, type VerifyResult } from '../services/tape/tape-verifier.ts';
import {
  type CliIo,
  type CommandModule,
  EXIT_OK,
  EXIT_PROBLEMS,
  openCliCatalog,
  printJson,
  progressPrinter,
  runAction,
  withSigint,
} from './command-kit.ts';

interface VerifyFlags {
  tape: string;
  images?: string;
  decodePacked?: boolean;
  json?: boolean;
  record?: boolean;
  volser?: string;
}

/** The JSON the CLI promises (issue 3): nothing more, nothing less. */
export function verifyJson(r: VerifyResult): unknown {
  return {
    ok: r.ok,
    records: r.records.map((rec) => ({
      index: rec.index,
      kind: rec.kind,
      blockSize: rec.blockSize,
      blocks: rec.blocks,
      bytes: rec.bytes,
      sha256: rec.sha256,
      ...(rec.matches === undefined ? {} : { matches: rec.matches }),
    })),
    problems: r.problems.map((p) => ({
      code: p.code,
      message: p.message,
      ...(p.record === undefined ? {} : { record: p.record }),
      ...(p.offset === undefined ? {} : { offset: p.offset }),
    })),
  };
}

function printResult(io: CliIo, r: VerifyResult): void {
  io.out.write(`Tape ${r.target}${r.tapeblksz?.text ? ` (tapeblksz "${r.tapeblksz.text}")` : ''}:\n`);
  for (const rec of r.records) {
    const sizes = rec.blockSizes.map((s) => `${s.blocks}×${s.size}`).join(' + ');
    const match = rec.matches === undefined ? '' : rec.matches ? '  matches' : '  DIFFERS';
    const arch = rec.archive ? `  ${rec.archive.members} members` : '';
    io.out.write(
      `  record ${rec.index} ${rec.kind.padEnd(10)} ${sizes.padStart(14)} B  ${String(rec.bytes).padStart(12)} bytes  sha256 ${rec.sha256}${arch}${match}\n`,
    );
  }
  for (const p of r.problems) {
    const where = [p.record !== undefined ? `record ${p.record}` : '', p.offset !== undefined ? `offset ${p.offset}` : '']
      .filter(Boolean)
      .join(', ');
    io.out.write(`  problem ${p.code}${where ? ` (${where})` : ''}: ${p.message}\n`);
  }
  io.out.write(
    r.ok ? 'Verdict: OK — four records, end of data, every check passed.\n' : `Verdict: FAILED — ${r.problems.length} problem(s).\n`,
  );
}

// `--record`: the job engine's re-verification (worker thread, catalog history); see services/jobs/reverify.ts.
async function recordedVerify(io: CliIo, flags: VerifyFlags, cmd: Command): Promise<number> {
  if (!flags.volser) throw new SysbError('USAGE', '--record needs --volser V: the cartridge whose history gets the verification');
  const volser = flags.volser;
  const catalog = await openCliCatalog(cmd);
  try {
    const progress = progressPrinter(io);
    const r = await withSigint((signal) =>
      reverifyCartridge(catalog, volser, flags.tape, {
        ...(flags.images === undefined ? {} : { images: flags.images }),
        signal,
        onProgress: (p) => {
          if (p.kind === 'tape') progress(p.tape);
        },
      }),
    );
    if (flags.json)
      printJson(io, { ...(verifyJson(r.result) as object), verificationId: r.verification.id, volser: r.verification.volser });
    else {
      printResult(io, r.result);
      io.out.write(`Recorded verification ${r.verification.id} (${r.verification.verdict}) for cartridge ${r.verification.volser}.\n`);
    }
    return r.result.ok ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    catalog.close();
  }
}

/** Registers `verify`. */
export const verifyCommand: CommandModule = (program, io, setExit) => {
  program
    .command('verify')
    .description('Read a four-record tape back: structure, block sizes, hashes, archives, tapeblksz; compare with an image set.')
    .requiredOption('--tape <target>', 'a virtual tape file ending in .tap or a no-rewind device /dev/nstN')
    .option('--images <dir>', 'image set to compare with, byte for byte')
    .option('--decode-packed', "also decode record 4's packed members against their sizes (slow)")
    .option('--json', 'print the result as JSON')
    .option('--record', 'store the verification in the catalog (with --volser); the cartridge keeps its whole history')
    .option('--volser <volser>', 'the cartridge being verified (compared with its last good write unless --images is given)')
    .action(
      runAction(io, setExit, async (flags: VerifyFlags, cmd: Command) => {
        if (flags.record) return recordedVerify(io, flags, cmd);
        const drive = tapeDriveFor(flags.tape);
        const result = await withSigint((signal) =>
          verifyTape(drive, {
            ...(flags.images === undefined ? {} : { images: flags.images }),
            decodePacked: flags.decodePacked === true,
            onProgress: progressPrinter(io),
            signal,
          }),
        );
        if (flags.json) printJson(io, verifyJson(result));
        else printResult(io, result);
        return result.ok ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
};
