/**
 * `sysbtape library settings` and `sysbtape library simulate`: the library given once in the settings file
 * (so no command needs --changer), and a simulated library folder for demos and tests (never hardware).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { changerRefSchema, libraryTapeSchema, SIMULATED_CHANGER_PREFIX } from '../../shared/library.ts';
import { createSimulatedLibrary, simulatedDriveTarget } from '../services/library/simulated-changer.ts';
import { asSysbError } from '../services/library/open-changer.ts';
import { loadSettings, saveLibrarySettings, settingsPath, type LibrarySettingsInput } from '../services/settings/settings-file.ts';
import { type CliIo, EXIT_OK, printJson, runAction } from './command-kit.ts';
import { intFlag } from './ssh-cli-kit.ts';

interface SettingsFlags {
  changer?: string;
  tape?: string;
  drive?: string;
  afterVerify?: string;
  clear?: boolean;
  json?: boolean;
}

function checked<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  v: unknown,
): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new SysbError('USAGE', r.error.issues[0]?.message ?? 'invalid value');
  return r.data;
}

/** Registers `library settings` and `library simulate` under `library`. */
export function librarySettingsCommands(lib: Command, io: CliIo, setExit: (code: number) => void): void {
  lib
    .command('settings')
    .description('Show or set the library in the settings file (used when no --changer or SYSBTAPE_CHANGER is given).')
    .option('--changer <device>', 'the changer: /dev/sgN (or a udev link), or sim:/folder for a simulated library')
    .option('--tape <device>', "the library's drive /dev/nstN (what jobs write to)")
    .option('--drive <n>', "the library's drive number when it has several (1 = first)")
    .option('--after-verify <where>', 'where a verified cartridge goes after an app job: slot, export or stay', 'slot')
    .option('--clear', 'remove the library from the settings file')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (f: SettingsFlags, cmd: Command) => {
        const file = settingsPath();
        const given =
          cmd.getOptionValueSource('afterVerify') === 'cli' || f.changer !== undefined || f.tape !== undefined || f.drive !== undefined;
        if (f.clear && given) throw new SysbError('USAGE', 'give --clear alone');
        let settings = loadSettings(file);
        if (f.clear) settings = saveLibrarySettings(null, file);
        else if (given) {
          const changer = f.changer ?? settings.library?.changer;
          if (!changer) throw new SysbError('USAGE', 'give the changer with --changer /dev/sgN (or sim:/folder)');
          if (!['slot', 'export', 'stay'].includes(f.afterVerify ?? 'slot'))
            throw new SysbError('USAGE', `--after-verify must be slot, export or stay, got '${f.afterVerify}'`);
          const input: LibrarySettingsInput = {
            changer: checked(changerRefSchema, changer),
            afterVerify: (f.afterVerify ?? 'slot') as 'slot' | 'export' | 'stay',
            ...((f.tape ?? settings.library?.tape) ? { tape: checked(libraryTapeSchema, f.tape ?? settings.library?.tape) } : {}),
            ...(f.drive !== undefined
              ? { driveNumber: intFlag('--drive', f.drive, 1, 4096) }
              : settings.library?.driveNumber
                ? { driveNumber: settings.library.driveNumber }
                : {}),
          };
          settings = saveLibrarySettings(input, file);
        }
        if (f.json) printJson(io, { path: file, library: settings.library ?? null });
        else if (!settings.library) io.out.write(`No library in ${file}.\n`);
        else {
          const l = settings.library;
          io.out.write(
            `${file}\nchanger ${l.changer}\ndrive ${l.tape ?? (l.changer.startsWith(SIMULATED_CHANGER_PREFIX) ? simulatedDriveTarget(l.changer.slice(4), l.driveNumber ?? 1) : '(found beside the drive)')}` +
              `${l.driveNumber ? ` (drive ${l.driveNumber})` : ''}\nafter a verified write: ${l.afterVerify}\n`,
          );
        }
        return EXIT_OK;
      }),
    );

  lib
    .command('simulate <folder>')
    .description('Create a SIMULATED library in a folder (slots of .tap cartridges; for demos and tests, not hardware).')
    .requiredOption('--barcodes <labels>', 'the cartridges in slots 1, 2, … e.g. SIM001L8,SIM002L8 (an empty entry leaves a slot empty)')
    .option('--slots <n>', 'number of storage slots (default: one per barcode)')
    .option('--mail-slots <n>', 'number of import/export slots', '1')
    .option('--use', 'also make it the library in the settings file')
    .action(
      runAction(io, setExit, async (folder: string, f: { barcodes: string; slots?: string; mailSlots: string; use?: boolean }) => {
        const labels = f.barcodes.split(',').map((b) => b.trim().toUpperCase());
        const count = f.slots === undefined ? labels.length : intFlag('--slots', f.slots, 1, 500);
        if (labels.length > count) throw new SysbError('USAGE', `${labels.length} barcodes do not fit in ${count} slots`);
        for (const b of labels)
          if (b !== '' && !/^[A-Z0-9]{6}[A-Z0-9]{0,2}$/.test(b))
            throw new SysbError('USAGE', `barcode '${b}' must be a label like ABC123L8`);
        const dir = path.resolve(folder);
        try {
          createSimulatedLibrary(dir, {
            slots: Array.from({ length: count }, (_v, i) => labels[i] || null),
            importExport: intFlag('--mail-slots', f.mailSlots, 0, 50),
          });
        } catch (err) {
          throw asSysbError(err);
        }
        io.out.write(`simulated library in ${dir}: ${count} slots, drive ${simulatedDriveTarget(dir)}\n`);
        if (f.use) {
          saveLibrarySettings({ changer: `${SIMULATED_CHANGER_PREFIX}${dir}` });
          io.out.write(`it is now the library in ${settingsPath()}\n`);
        }
        return EXIT_OK;
      }),
    );
}
