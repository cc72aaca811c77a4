/**
 * The checks before a write, in Etcher's two kinds. Blocking: the cartridge is under retention (only
 * an override with a recorded reason lets it through), it is retired, the image set is not verified,
 * no tape, a write-protected tape, a medium too small. Needing confirmation: a tape holding data the
 * catalog does not know, a cartridge that failed before, a cartridge that holds a recorded backup.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import type { TapeCheck, TapeChecks } from '../../../shared/model.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { ImageSet } from '../catalog/model.ts';
import { MANIFEST_FILE } from '../ssh/image-set-manifest.ts';
import type { TapeProbe } from './tape-work.ts';

/** The request fields the checks look at. */
export interface CheckRequest { target: string; volser: string; mediaId: string; imageSetId: string }

/** The image set a request names, or NOT_FOUND. */
export function requireImageSet(catalog: Catalog, id: string): ImageSet {
  const set = /^\d+$/.test(id) ? catalog.imageSets.get(Number(id)) : undefined;
  if (!set) throw new SysbError('NOT_FOUND', `no image set ${id} in the catalog; capture one or pick another`);
  return set;
}

/** Runs every check; `probe` reads the tape's status and first block (in a worker). */
export async function tapeChecks(catalog: Catalog, req: CheckRequest, probe: (target: string) => Promise<TapeProbe>): Promise<TapeChecks> {
  const checks: TapeCheck[] = [];
  const block = (code: string, message: string): void => { checks.push({ code, kind: 'blocking', message }); };
  const confirm = (code: string, message: string): void => { checks.push({ code, kind: 'confirm', message }); };

  const set = requireImageSet(catalog, req.imageSetId);
  // The manifest is written only after every image matched the server's checksum.
  const verified = await access(path.join(set.stagingPath, MANIFEST_FILE)).then(() => true, () => false);
  if (!verified || set.state === 'failed' || set.state === 'discarded') {
    block('IMAGE_SET_NOT_VERIFIED', `image set ${set.id} (${set.serverName}, ${set.capturedAt}) is not fully fetched and verified (state ${set.state}); capture it again`);
  }

  const cartridge = catalog.cartridges.get(req.volser);
  if (cartridge) {
    if (cartridge.status === 'retired') block('RETIRED', `cartridge ${cartridge.volser} was retired${cartridge.retiredReason ? ` (${cartridge.retiredReason})` : ''}; use another cartridge`);
    const retention = catalog.cartridges.checkRetention(req.volser);
    if (retention.blocked) block('RETENTION', retention.message);
    if (cartridge.mediaId !== req.mediaId) block('MEDIA_ID_MISMATCH', `the catalog has ${cartridge.volser} as media ${cartridge.mediaId}, not ${req.mediaId}; check the label`);
    if (cartridge.status === 'failed') confirm('FAILED_BEFORE', `${cartridge.volser} failed before (last use ${cartridge.lastUsedAt ?? 'unknown'}); write it again anyway`);
  }

  const probed = await probe(req.target);
  if (!probed.status.online || probed.status.noTape) {
    block('NO_TAPE', `no tape in ${req.target}; load the cartridge`);
    return { target: req.target, volser: req.volser, checks };
  }
  if (probed.status.writeProtected) block('WRITE_PROTECTED', `the tape in ${req.target} is write-protected; slide the tab to write-enable it`);
  if (probed.capacityBytes !== null) {
    const need = set.images.reduce((n, i) => n + i.size, 0);
    if (need > probed.capacityBytes) block('TOO_SMALL', `the tape holds ${probed.capacityBytes} bytes but the image set needs ${need}; use a larger cartridge`);
  }
  if (probed.hasData) {
    const lastGood = cartridge ? catalog.writes.lastGood(cartridge.id) : undefined;
    if (!lastGood) confirm('UNKNOWN_CONTENTS', `the tape in ${req.target} holds data the catalog does not know; everything on it will be erased`);
    else confirm('OVERWRITE', `${req.volser} holds a backup written ${lastGood.endedAt}; it will be replaced`);
  }
  return { target: req.target, volser: req.volser, checks };
}

/** Throws unless every blocking check is overridden (retention only, with a reason) and every confirmation given. */
export function assertChecksPass(result: TapeChecks, confirmed: readonly string[], overrideReason: string | null): void {
  const blocking = result.checks.filter((c) => c.kind === 'blocking' && !(c.code === 'RETENTION' && overrideReason));
  if (blocking.length > 0) throw new SysbError('CHECK_BLOCKED', blocking.map((c) => c.message).join('; '));
  const missing = result.checks.filter((c) => c.kind === 'confirm' && !confirmed.includes(c.code));
  if (missing.length > 0) throw new SysbError('NEEDS_CONFIRMATION', `confirm first: ${missing.map((c) => c.message).join('; ')}`);
}
