/**
 * What the three images themselves say, for the readiness checks: records 2's and 4's image.data and
 * bosinst.data, the file systems record 4 has members in, its largest directories (like `du`), and the
 * image sizes. Record 4 is scanned header by header (data is skipped), so memory stays flat.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { scanArchiveFile } from '../aix/archive-file.ts';
import type { ArchiveMember } from '../aix/archive-types.ts';
import { parseStanzas, type StanzaFile } from '../aix/stanza.ts';
import { IMAGE_FILES } from '../tape/image-set.ts';
import type { DirectorySize } from '../../../shared/readiness.ts';

/** The stanza files one archive carries. */
export interface ArchiveTexts {
  imageData: string | null;
  bosinstData: string | null;
}

/** Facts read from an image set's files. */
export interface ImageFacts {
  bytes: { 1: number; 2: number; 4: number };
  record2: ArchiveTexts;
  record4: ArchiveTexts;
  /** Members of record 4 by the deepest directory that holds them ("/etc" for ./etc/hosts; a directory counts as its own). */
  memberDirs: string[];
  /** The largest directories at depth 1 to 3, biggest first. */
  largestDirectories: DirectorySize[];
}

const TEXT_MAX = 1024 * 1024;
const DEPTH = 3;

async function textsOf(file: string, onMember?: (m: ArchiveMember) => void): Promise<ArchiveTexts> {
  const wanted = new Map<string, Buffer[]>();
  await scanArchiveFile(file, {
    onMember: (m) => {
      const name = m.name.toString('latin1');
      if (m.kind === 'file' && m.size <= TEXT_MAX && (name === './image.data' || name === './bosinst.data') && !wanted.has(name))
        wanted.set(name, []);
      onMember?.(m);
    },
    wantData: (m) => wanted.get(m.name.toString('latin1'))?.length === 0,
    onMemberData: (m, chunk) => wanted.get(m.name.toString('latin1'))?.push(Buffer.from(chunk)),
  });
  const text = (n: string) => (wanted.has(n) ? Buffer.concat(wanted.get(n)!).toString('latin1') : null);
  return { imageData: text('./image.data'), bosinstData: text('./bosinst.data') };
}

/** "./usr/lib/libc.a" → "/usr/lib/libc.a" */
function absolute(name: string): string {
  return `/${name.replace(/^\.?\/+/, '')}`.replace(/\/+$/, '') || '/';
}

/** Reads records 1, 2 and 4 of an image set directory. */
export async function readImageFacts(dir: string): Promise<ImageFacts> {
  const file = (r: 1 | 2 | 4) => path.join(dir, IMAGE_FILES[r]);
  const size = async (r: 1 | 2 | 4) => (await stat(file(r))).size;
  const record2 = await textsOf(file(2));
  const dirs = new Set<string>();
  const sizes = new Map<string, number>();
  const record4 = await textsOf(file(4), (m) => {
    const p = absolute(m.displayName);
    const parent = m.kind === 'directory' ? p : p.slice(0, p.lastIndexOf('/')) || '/';
    dirs.add(parent);
    if (m.kind !== 'file') return;
    const parts = parent.split('/').filter(Boolean);
    for (let d = 1; d <= Math.min(DEPTH, parts.length); d++) {
      const key = `/${parts.slice(0, d).join('/')}`;
      sizes.set(key, (sizes.get(key) ?? 0) + m.size);
    }
  });
  const largestDirectories = [...sizes]
    .map(([p, bytes]) => ({ path: p, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
    .slice(0, 12);
  return {
    bytes: { 1: await size(1), 2: await size(2), 4: await size(4) },
    record2,
    record4,
    memberDirs: [...dirs].sort(),
    largestDirectories,
  };
}

/** Parsed stanzas of a text, or null. */
export function stanzasOf(text: string | null): StanzaFile | null {
  return text === null ? null : parseStanzas(text);
}
