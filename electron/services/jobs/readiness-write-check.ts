/**
 * The restore-readiness write check (issue 16): the image set's report, with TOO_BIG_FOR_MEDIA re-checked
 * for the cartridge's media id. Each error blocks under its own code; warnings need READINESS_WARNINGS
 * confirmed. An image set without a stored report (recorded before reports existed) is assessed now.
 */
import { READINESS_WARNINGS, type StoredReadiness } from '../../../shared/readiness.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { reportForMedia } from '../readiness/assess.ts';
import { readinessOfDir } from '../readiness/manifest-readiness.ts';
import type { WriteCheck } from './job-model.ts';

/** The readiness checks of writing image set `imageSetId` to cartridge `volser`. */
export async function readinessWriteChecks(catalog: Catalog, imageSetId: number, volser: string): Promise<WriteCheck[]> {
  const set = catalog.imageSets.get(imageSetId);
  const cartridge = catalog.cartridges.get(volser);
  if (!set || !cartridge) return [];
  let stored: StoredReadiness | null = set.readiness;
  if (!stored) {
    // A set whose files are gone is already blocked by IMAGE_SET_NOT_VERIFIED.
    stored = (await readinessOfDir(set.stagingPath).catch(() => null))?.readiness ?? null;
    if (stored) catalog.imageSets.setReadiness(set.id, stored);
  }
  if (!stored) return [];
  const report = reportForMedia(stored, cartridge.mediaId);
  const checks: WriteCheck[] = report.findings
    .filter((f) => f.level === 'error')
    .map((f) => ({
      code: f.code,
      kind: 'blocking',
      message: `readiness: ${f.title}: ${f.detail} Fix: ${f.fix}`,
    }));
  const warnings = report.findings.filter((f) => f.level === 'warning');
  if (warnings.length > 0) {
    checks.push({
      code: READINESS_WARNINGS,
      kind: 'confirm',
      message: `image set ${set.id}'s readiness report has ${warnings.length} warning(s) about what a restore brings back: ${warnings.map((w) => `${w.code}: ${w.detail}`).join(' ')}`,
    });
  }
  return checks;
}
