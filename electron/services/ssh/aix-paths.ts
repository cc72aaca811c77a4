/**
 * AIX system files SysbTape reads or writes, as remote shell words. `${SYSBTAPE_SIM_ROOT:-}` is empty
 * on a real AIX host (so these are /tapeblksz and /etc/exclude.rootvg) and points the simulated host
 * at its private root, so it never needs root or writes to the real /.
 */
import { raw, type ShellText } from './shell-quote.ts';

/** "/tapeblksz" on the server, as a double-quoted shell word. */
export const TAPEBLKSZ: ShellText = raw('"${SYSBTAPE_SIM_ROOT:-}/tapeblksz"');
/** "/etc/exclude.rootvg" on the server, as a double-quoted shell word. */
export const EXCLUDE_ROOTVG: ShellText = raw('"${SYSBTAPE_SIM_ROOT:-}/etc/exclude.rootvg"');
/** Runs what follows in the C locale so messages and numbers parse the same everywhere. */
export const C_LOCALE: ShellText = raw('LANG=C LC_ALL=C; export LANG LC_ALL;');

/** File names of the three images in the work directory, by tape record. */
export const IMAGE_FILES = { 1: '1_bosboot.img', 2: '2_mkinsttape.img', 4: '4_mksysb.img' } as const;

/** A tape record that holds a captured image. */
export type ImageRecord = keyof typeof IMAGE_FILES;

/** The records in tape order. */
export const IMAGE_RECORDS: readonly ImageRecord[] = [1, 2, 4];
