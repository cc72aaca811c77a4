/**
 * `sysbtape library status|inventory|load VOLSER|unload [--json]`: the tape library (autoloader) beside
 * the drive. The changer is --changer /dev/sgN, else $SYSBTAPE_CHANGER, else found through sysfs from
 * --tape /dev/nstN (see services/library/changer-discovery.ts).
 */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { reconcile } from '../services/library/library-catalog.ts';
import { ejectInDrive, loadVolser, tapeSerialOf, unloadDrive, type DriveChoice } from '../services/library/library-ops.ts';
import { describeElement, type LibraryElement, type LibraryInventory } from '../services/library/media-changer.ts';
import { librarySettings, withChanger } from '../services/library/open-changer.ts';
import type { ChangerSource } from '../services/library/changer-discovery.ts';
import { settingsPath } from '../services/settings/settings-file.ts';
import { librarySettingsCommands } from './library-settings.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction, withCatalog } from './command-kit.ts';
import { intFlag } from './ssh-cli-kit.ts';

function sourceText(source: ChangerSource): string {
  const text: Record<ChangerSource, string> = {
    flag: 'from --changer',
    env: 'from SYSBTAPE_CHANGER',
    settings: `from the settings file ${settingsPath()}`,
    sysfs: 'found through sysfs',
  };
  return text[source];
}

interface LibraryFlags {
  changer?: string;
  tape?: string;
  drive?: string;
  json?: boolean;
}

/** The library's drive: --tape, else (when the settings file names the changer) the settings' drive. */
function tapeOf(f: LibraryFlags): string | undefined {
  if (f.tape || f.changer || process.env.SYSBTAPE_CHANGER) return f.tape;
  return librarySettings()?.tape;
}

function driveChoice(f: LibraryFlags): Promise<DriveChoice> {
  const driveNumber =
    f.drive === undefined
      ? f.changer || process.env.SYSBTAPE_CHANGER
        ? undefined
        : librarySettings()?.driveNumber
      : intFlag('--drive', f.drive, 1, 4096);
  if (driveNumber !== undefined) return Promise.resolve({ driveNumber });
  const tape = tapeOf(f);
  return tape ? tapeSerialOf(tape).then((tapeSerial) => (tapeSerial ? { tapeSerial } : {})) : Promise.resolve({});
}

function line(e: LibraryElement): string {
  return (
    `${describeElement(e).padEnd(32)} ${e.full ? (e.barcode ?? '(full, no label)') : 'empty'}` +
    `${e.exception ? `  exception ASC/ASCQ ${e.exception.asc.toString(16)}h/${e.exception.ascq.toString(16)}h` : ''}` +
    `${e.accessible ? '' : '  not accessible'}${e.identifier ? `  serial ${e.identifier}` : ''}`
  );
}

function statusSummary(inv: LibraryInventory): Record<string, number> {
  const full = (list: LibraryElement[]): number => list.filter((e) => e.full).length;
  return {
    drives: inv.drives.length,
    drivesFull: full(inv.drives),
    slots: inv.slots.length,
    slotsFull: full(inv.slots),
    importExport: inv.importExport.length,
    importExportFull: full(inv.importExport),
  };
}

function commonOptions(c: Command): Command {
  return c
    .option(
      '--changer <device>',
      "the library's changer /dev/sgN or sim:/folder (default: $SYSBTAPE_CHANGER, the settings file, else found beside --tape)",
    )
    .option('--tape <device>', 'the drive /dev/nstN in the library (to find the changer and its drive element)')
    .option('--json', 'print as JSON');
}

/** Registers `library`. */
export const libraryCommand: CommandModule = (program, io: CliIo, setExit) => {
  const lib = program
    .command('library')
    .description('A tape library or autoloader: what is in which slot (by barcode), load and unload cartridges.');

  commonOptions(lib.command('status'))
    .description('The changer, its drives and how many slots are full.')
    .action(
      runAction(io, setExit, async (f: LibraryFlags) =>
        withChanger(f.changer, f.tape, async (changer, source) => {
          const inv = await changer.inventory();
          const summary = statusSummary(inv);
          if (f.json) printJson(io, { changer: changer.device, found: source, ...summary, drives: inv.drives });
          else {
            io.out.write(`changer ${changer.device} (${sourceText(source)})\n`);
            io.out.write(
              `${summary.slotsFull}/${summary.slots} slots full, ${summary.importExportFull}/${summary.importExport} import/export full\n`,
            );
            for (const d of inv.drives) io.out.write(`${line(d)}\n`);
          }
          return EXIT_OK;
        }),
      ),
    );

  commonOptions(lib.command('inventory'))
    .description(
      'Every slot with its barcode, reconciled with the catalog: labels it does not know, and where each cataloged cartridge is.',
    )
    .option('--add-unknown', 'add unknown labels to the catalog as blank cartridges (media id from the label suffix, e.g. L6)')
    .option('--rescan', 'make the library rescan its slots and barcodes first (INITIALIZE ELEMENT STATUS; can take minutes)')
    .action(
      runAction(io, setExit, async (f: LibraryFlags & { addUnknown?: boolean; rescan?: boolean }, cmd: Command) => {
        const inv = await withChanger(f.changer, f.tape, async (changer) => {
          if (f.rescan) await changer.rescan();
          return changer.inventory();
        });
        const r = await withCatalog(cmd, (catalog) => reconcile(catalog, inv, { addUnknown: f.addUnknown === true }));
        if (f.json) printJson(io, { changer: inv.device, ...r });
        else {
          for (const e of r.elements) {
            const kind = e.kind === 'import-export' ? 'import/export' : e.kind;
            const label = e.full ? (e.barcode ?? '(no label)') : 'empty';
            const ret = e.retentionUntil ? ` retention ${e.retentionUntil}${e.underRetention ? ' (under retention)' : ''}` : '';
            io.out.write(`${`${kind} ${e.number}`.padEnd(18)} ${label.padEnd(10)} ${e.state ?? ''}${ret}\n`);
          }
          for (const a of r.added) io.out.write(`added ${a} to the catalog as a blank cartridge\n`);
          for (const u of r.unknown) {
            io.out.write(
              `unknown to the catalog: ${u.barcode} in ${u.where}` +
                `${u.mediaId ? ` — add it with --add-unknown (media ${u.mediaId})` : ' — label has no LTO media id; add it with sysbtape tape add'}\n`,
            );
          }
          for (const w of r.unlabeled) io.out.write(`no readable label: ${w}\n`);
        }
        return r.unknown.length > 0 || r.unlabeled.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
      }),
    );

  commonOptions(lib.command('load <volser>'))
    .description('Load the cartridge labelled VOLSER into the drive (from its slot). Refused when the drive holds another cartridge.')
    .option('--drive <n>', "the library's drive number (1 = first); default: the drive of --tape, or the only one")
    .action(
      runAction(io, setExit, async (volser: string, f: LibraryFlags) => {
        if (!/^[A-Za-z0-9]{6}$/.test(volser)) throw new SysbError('USAGE', `VOLSER must be 6 characters A–Z0–9, got '${volser}'`);
        const choice = await driveChoice(f);
        const r = await withChanger(f.changer, f.tape, (changer) => loadVolser(changer, volser, choice));
        if (f.json) printJson(io, r);
        else
          io.out.write(r.alreadyLoaded ? `${r.volser} is already in ${r.drive}\n` : `loaded ${r.volser} from ${r.from} into ${r.drive}\n`);
        return EXIT_OK;
      }),
    );

  commonOptions(lib.command('unload'))
    .description('Unload the drive back to the slot its cartridge came from (or --slot N, or --export to the import/export slot).')
    .option('--drive <n>', "the library's drive number (1 = first); default: the drive of --tape, or the only one")
    .option('--slot <n>', 'the storage slot to put it in')
    .option('--export', 'put it in the import/export (mail) slot, to go off site')
    .option('--no-eject', 'do not rewind and unload the cartridge in the drive (mt offline) before the robot takes it')
    .action(
      runAction(io, setExit, async (f: LibraryFlags & { slot?: string; export?: boolean; eject: boolean }) => {
        if (f.slot !== undefined && f.export) throw new SysbError('USAGE', 'give --slot N or --export, not both');
        const slotNumber = f.slot === undefined ? undefined : intFlag('--slot', f.slot, 1, 65535);
        const choice = await driveChoice(f);
        // Most drives keep the cartridge until told to unload it; the robot cannot take it before.
        // A failed eject (no cartridge, already ejected) is not fatal: the move then names what stops it.
        const tape = tapeOf(f);
        if (tape && f.eject) await ejectInDrive(tape).catch(() => undefined);
        const r = await withChanger(f.changer, f.tape, (changer) =>
          unloadDrive(changer, choice, {
            ...(slotNumber === undefined ? {} : { slotNumber }),
            toExport: f.export === true,
          }),
        );
        if (f.json) printJson(io, r);
        else io.out.write(`unloaded ${r.barcode ?? '(no label)'} from ${r.drive} to ${r.to}\n`);
        return EXIT_OK;
      }),
    );

  librarySettingsCommands(lib, io, setExit);
};
