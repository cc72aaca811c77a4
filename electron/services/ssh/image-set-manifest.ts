/**
 * manifest.json: what makes a staging directory an image set. Written last, by atomic rename, after
 * every image arrived complete and matched the server's checksum.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageInfo } from '../../../shared/model.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { ChecksumTool } from './remote-checksum.ts';
import type { StoredReadiness } from '../readiness/assess.ts';
import type { ServerFacts } from '../readiness/server-facts.ts';

/** File name of the manifest inside an image set directory. */
export const MANIFEST_FILE = 'manifest.json';

/** One staged image (ImageInfo plus where it is and how it was checked). */
export interface ManifestImage extends ImageInfo {
  /** File name inside the image set directory. */
  file: string;
  remotePath: string;
  remoteChecksumTool: ChecksumTool | null;
}

/** The manifest of an image set. */
export interface ImageSetManifest {
  format: 'sysbtape-image-set';
  version: 1;
  server: string;
  host: string;
  capturedAt: string;
  fetchedAt: string;
  osLevel: string | null;
  /** The /tapeblksz line inside record 2, e.g. "512 NONE". */
  tapeblksz: string;
  record4BlockSize: number;
  options: { exclude: boolean; pack: boolean; expandTmp: boolean };
  remoteWorkdir: string;
  images: ManifestImage[];
  /** Facts gathered on the server at capture (issue 16); absent for older image sets and --fetch-only. */
  readinessFacts?: ServerFacts;
  /** The readiness report computed after the fetch. */
  readiness?: StoredReadiness;
}

/** Writes the manifest atomically (temp file, fsync, rename). */
export async function writeManifest(dir: string, manifest: ImageSetManifest): Promise<string> {
  const path = join(dir, MANIFEST_FILE);
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  return path;
}

/** Reads and sanity-checks a manifest. */
export async function readManifest(dir: string): Promise<ImageSetManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new SysbError('IMAGE_SET_INVALID', `${dir} is not an image set: it has no ${MANIFEST_FILE} (an interrupted fetch?)`);
  }
  const m = JSON.parse(text) as ImageSetManifest;
  if (m.format !== 'sysbtape-image-set' || m.version !== 1 || !Array.isArray(m.images)) {
    throw new SysbError('IMAGE_SET_INVALID', `${join(dir, MANIFEST_FILE)} is not a SysbTape image set manifest`);
  }
  return m;
}
