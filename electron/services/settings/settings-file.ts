/**
 * The app's and the CLI's settings file: <sysbtape home>/settings.json ($SYSBTAPE_HOME, else
 * $XDG_CONFIG_HOME/sysbtape, else ~/.config/sysbtape), or $SYSBTAPE_SETTINGS. Small, zod-validated, written
 * atomically. Today it holds the tape library (changer) given once, so no command needs --changer again;
 * flags and environment variables still win over it (flag > env > this file > sysfs discovery).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SysbError } from '../../../shared/errors.ts';
import { changerRefSchema, libraryTapeSchema } from '../../../shared/library.ts';
import { sysbtapeHome } from '../ssh/server-store.ts';

const librarySchema = z
  .object({
    /** The changer: /dev/sgN, or sim:/folder for the simulated library (demo and tests). */
    changer: changerRefSchema,
    /** The library's drive as a tape target (/dev/nstN); a simulated library's drive is its own .tap file. */
    tape: libraryTapeSchema.optional(),
    /** The library's drive number when it has several (1 = first). */
    driveNumber: z.number().int().min(1).max(4096).optional(),
    /** Where a verified cartridge goes after an app job: back to its slot, or to the import/export slot (off site). */
    afterVerify: z.enum(['slot', 'export', 'stay']).default('slot'),
  })
  .strict();

/** Everything in settings.json. */
export const settingsSchema = z
  .object({
    version: z.literal(1),
    library: librarySchema.optional(),
  })
  .strict();
/** The settings. */
export type Settings = z.infer<typeof settingsSchema>;
/** The library's settings. */
export type LibrarySettings = z.infer<typeof librarySchema>;
/** What a caller gives to set the library (afterVerify may be left to its default). */
export type LibrarySettingsInput = z.input<typeof librarySchema>;

/** The settings file: $SYSBTAPE_SETTINGS, else <sysbtape home>/settings.json. */
export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SYSBTAPE_SETTINGS ? path.resolve(env.SYSBTAPE_SETTINGS) : path.join(sysbtapeHome(), 'settings.json');
}

/** Reads the settings; an absent file is empty settings, a bad one a clear error naming the file and the field. */
export function loadSettings(file = settingsPath()): Settings {
  if (!existsSync(file)) return { version: 1 };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SysbError('INVALID_INPUT', `settings file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SysbError(
      'INVALID_INPUT',
      `settings file ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Writes the settings atomically (temp file + rename), keeping what else is in the file. */
export function saveSettings(settings: Settings, file = settingsPath()): Settings {
  const checked = settingsSchema.parse(settings);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return checked;
}

/** Sets (or with null removes) the library in the settings file; returns the settings written. */
export function saveLibrarySettings(library: LibrarySettingsInput | null, file = settingsPath()): Settings {
  const { library: _old, ...rest } = loadSettings(file);
  return saveSettings(library === null ? rest : { ...rest, library: librarySchema.parse(library) }, file);
}
