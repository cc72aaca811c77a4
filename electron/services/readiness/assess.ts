/**
 * The readiness report of an image set: computed once after the fetch (from the facts in its manifest
 * and its three images), kept in manifest.json and the catalog, and re-checked for a cartridge's media
 * id before a write.
 */
import type { MediaId } from '../../../shared/model.ts';
import { readinessReport, type ReadinessReport, type StoredReadiness } from '../../../shared/readiness.ts';

export type { StoredReadiness } from '../../../shared/readiness.ts';
import { readImageFacts } from './image-facts.ts';
import { mediaFit, readinessFindings, tapeBytesOf } from './readiness-checks.ts';
import type { ServerFacts } from './server-facts.ts';

/** Reads the images in `dir` and runs every check. */
export async function assessImageSet(dir: string, facts: ServerFacts | null, exclude: boolean, server?: string): Promise<StoredReadiness> {
  const image = await readImageFacts(dir);
  const findings = readinessFindings({ facts, image, exclude, ...(server ? { server } : {}) });
  return {
    assessedAt: new Date().toISOString(),
    report: readinessReport(findings),
    mediaFit: { tapeBytes: tapeBytesOf(image), largestDirectories: image.largestDirectories, ...(server ? { server } : {}) },
  };
}

/** The stored report with TOO_BIG_FOR_MEDIA re-checked for one cartridge's media id. */
export function reportForMedia(stored: StoredReadiness, mediaId: MediaId): ReadinessReport {
  const fit = mediaFit(stored.mediaFit, mediaId);
  return readinessReport(stored.report.findings.map((f) => (f.code === 'TOO_BIG_FOR_MEDIA' ? fit : f)));
}
