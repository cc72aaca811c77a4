/**
 * Which /dev/sgN is the library's changer. Given explicitly (--changer, or SYSBTAPE_CHANGER), or found
 * through sysfs from the drive: every sg node whose SCSI device type is 8 (medium changer) is a candidate;
 * one on the drive's own SCSI target (H:C:T, another LUN — how most autoloaders and tgt present it) wins,
 * else the only one on the drive's host adapter. More than one, or none: the operator must say which.
 */
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ChangerError } from './media-changer.ts';

/** A changer's sg node and its SCSI address (host:channel:target:lun). */
export interface ChangerCandidate {
  device: string;
  hctl: string;
}

async function readTrim(p: string): Promise<string | undefined> {
  return (await readFile(p, 'utf8').catch(() => undefined))?.trim();
}

/** Every medium changer the sg driver has a node for. */
export async function listChangers(sysRoot = '/sys'): Promise<ChangerCandidate[]> {
  const dir = path.join(sysRoot, 'class/scsi_generic');
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ChangerCandidate[] = [];
  for (const name of names.filter((n) => /^sg\d+$/.test(n)).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))) {
    if ((await readTrim(path.join(dir, name, 'device/type'))) !== '8') continue;
    const real = await realpath(path.join(dir, name, 'device')).catch(() => undefined);
    if (real) out.push({ device: `/dev/${name}`, hctl: path.basename(real) });
  }
  return out;
}

/** The SCSI address (H:C:T:L) of a tape device /dev/nstN. */
export async function hctlOfTape(tape: string, sysRoot = '/sys'): Promise<string | undefined> {
  const m = /^\/dev\/n?st(\d+)[lma]?$/.exec(tape);
  if (!m) return undefined;
  const real = await realpath(path.join(sysRoot, 'class/scsi_tape', `nst${m[1]}`, 'device')).catch(() => undefined);
  return real ? path.basename(real) : undefined;
}

/** Picks the changer of a drive from the candidates (pure; see the module comment for the rule). */
export function changerForDrive(driveHctl: string, candidates: ChangerCandidate[]): ChangerCandidate | undefined {
  const [h, c, t] = driveHctl.split(':');
  const sameTarget = candidates.filter((x) => x.hctl.startsWith(`${h}:${c}:${t}:`));
  if (sameTarget.length === 1) return sameTarget[0];
  if (sameTarget.length > 1) return undefined;
  const sameHost = candidates.filter((x) => x.hctl.startsWith(`${h}:`));
  return sameHost.length === 1 ? sameHost[0] : undefined;
}

/** Where the changer device came from, for messages. */
export type ChangerSource = 'flag' | 'env' | 'settings' | 'sysfs';

/**
 * Resolves the changer: --changer, else $SYSBTAPE_CHANGER, else the settings file's library.changer, else
 * sysfs from --tape; a clear error otherwise.
 */
export async function resolveChanger(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  tape: string | undefined,
  sysRoot = '/sys',
  settingsChanger?: string,
): Promise<{ device: string; source: ChangerSource }> {
  if (flag) return { device: flag, source: 'flag' };
  if (env.SYSBTAPE_CHANGER) return { device: env.SYSBTAPE_CHANGER, source: 'env' };
  if (settingsChanger) return { device: settingsChanger, source: 'settings' };
  const all = await listChangers(sysRoot);
  const hint = 'give it with --changer /dev/sgN (or SYSBTAPE_CHANGER, or the Library settings); lsscsi -g lists "mediumx" devices';
  if (tape && /^\/dev\/n?st\d/.test(tape)) {
    const hctl = await hctlOfTape(tape, sysRoot);
    const found = hctl ? changerForDrive(hctl, all) : undefined;
    if (found) return { device: found.device, source: 'sysfs' };
    throw new ChangerError(
      'NOT_FOUND',
      `no single medium changer found beside ${tape} (${all.length} changer(s) on this machine); ${hint}`,
    );
  }
  if (all.length === 1) return { device: all[0]!.device, source: 'sysfs' };
  throw new ChangerError('NOT_FOUND', `${all.length === 0 ? 'no medium changer found' : `${all.length} medium changers found`}; ${hint}`);
}
