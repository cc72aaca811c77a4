/** `sysbtape identify --tape T`: which cartridge and image set a tape holds, or what it holds when the catalog does not know it. */
import type { Command } from 'commander';
import { describePartialMatch, identifyTape, type TapeIdentity } from '../services/jobs/identify-tape.ts';
import { formatStepProgress, toStepProgress } from '../services/jobs/progress-relay.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, openCliCatalog, printJson, runAction, withSigint } from './command-kit.ts';

interface IdentifyFlags {
  tape: string;
  json?: boolean;
}

/** The JSON shape of an identification. */
export function identityJson(id: TapeIdentity): unknown {
  const d = id.reading.imageData;
  const best = id.matches[0];
  return {
    target: id.target,
    contents: id.contents,
    known: id.known,
    summary: id.summary,
    // The cartridge the tape IS (records 2 and 4 match its write); partial matches never name it.
    cartridge: best ? { volser: best.volser, barcode: best.barcode, writeId: best.writeId } : null,
    // What the cartridge memory's BARCODE attribute names (a SCSI drive's cartridge), read before the data.
    cartridgeMemory: id.cartridgeMemory,
    matches: id.matches,
    partialMatches: id.partialMatches,
    imageSets: id.imageSets,
    records: id.reading.records.map((r) => ({
      index: r.index,
      blockSize: r.blockSize,
      blocks: r.blocks,
      bytes: r.bytes,
      sha256: r.sha256,
    })),
    end: id.reading.end,
    error: id.reading.error,
    imageData: d
      ? { hostname: d.hostname, osLevel: d.osLevel, serviceLevel: d.serviceLevel, backupDate: d.backupDate, volumeGroup: d.volumeGroup }
      : null,
  };
}

function print(io: CliIo, id: TapeIdentity): void {
  io.out.write(`Tape ${id.target}: ${id.summary}\n`);
  for (const r of id.reading.records) io.out.write(`  record ${r.index}: ${r.blocks} × ${r.blockSize} B, ${r.bytes} bytes\n`);
  for (const m of id.matches.slice(0, 5)) {
    io.out.write(`  match: cartridge ${m.volser} write ${m.writeId} (${m.writtenAt}), records ${m.matchedRecords.join(',')}\n`);
  }
  const read = id.reading.records.map((r) => r.index);
  for (const m of id.partialMatches.slice(0, 5)) io.out.write(`  partial match, not this tape: ${describePartialMatch(m, read)}\n`);
  const d = id.reading.imageData;
  if (d)
    io.out.write(
      `  record 2 image.data: host ${d.hostname ?? '?'}, OS level ${d.serviceLevel ?? d.osLevel ?? '?'}, backup date ${d.backupDate ?? '?'}\n`,
    );
}

/** Registers `identify`. */
export const identifyCommand: CommandModule = (program, io, setExit) => {
  program
    .command('identify')
    .description('Read a tape and say which cartridge and image set it holds (by record hashes), or what it holds (host, OS level, date).')
    .requiredOption('--tape <target>', 'a virtual tape file ending in .tap or a no-rewind device /dev/nstN')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (f: IdentifyFlags, cmd: Command) => {
        const catalog = await openCliCatalog(cmd);
        try {
          let last = 0;
          const id = await withSigint((signal) =>
            identifyTape(catalog, f.tape, {
              signal,
              onProgress: (p) => {
                if (f.json || Date.now() - last < 1000) return;
                last = Date.now();
                io.err.write(`${formatStepProgress(toStepProgress('verify', p))}\n`);
              },
            }),
          );
          if (f.json) printJson(io, identityJson(id));
          else print(io, id);
          // Exit 0 only for a tape the catalog knows or one that is provably blank; unreadable is not blank.
          return id.contents === 'unknown' ? EXIT_PROBLEMS : EXIT_OK;
        } finally {
          catalog.close();
        }
      }),
    );
};
