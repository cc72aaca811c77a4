/** The readiness report of an image set directory, from (or into) its manifest. */
import { type ImageSetManifest, readManifest } from '../ssh/image-set-manifest.ts';
import { assessImageSet, type StoredReadiness } from './assess.ts';

/** Assesses a freshly fetched image set; a failure is logged and leaves the set without a report (never fails the fetch). */
export async function assessReadiness(
  dir: string,
  manifest: ImageSetManifest,
  log: (line: string) => void,
): Promise<StoredReadiness | undefined> {
  try {
    const r = await assessImageSet(dir, manifest.readinessFacts ?? null, manifest.options.exclude, manifest.server);
    const counts = ['error', 'warning'].map((l) => `${r.report.findings.filter((f) => f.level === l).length} ${l}(s)`).join(', ');
    log(`readiness: ${r.report.ready ? 'ready' : 'NOT READY'} (${counts})`);
    return r;
  } catch (err) {
    log(`readiness: could not assess the image set: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** The stored report of an image set directory; computed when missing (older image sets: their manifest is left as it is). */
export async function readinessOfDir(dir: string): Promise<{ manifest: ImageSetManifest; readiness: StoredReadiness }> {
  const manifest = await readManifest(dir);
  if (manifest.readiness) return { manifest, readiness: manifest.readiness };
  return { manifest, readiness: await assessImageSet(dir, manifest.readinessFacts ?? null, manifest.options.exclude, manifest.server) };
}
