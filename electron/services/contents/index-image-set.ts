/**
 * Indexes an image set's members into the catalog (record 4, the mksysb): one pass over the headers,
 * seeking past the data, then one transaction. Done when an image set is recorded, so `find` and
 * `diff` work on every backup without reading it again.
 */
import path from 'node:path';
import { SysbError } from '../../../shared/errors.ts';
import { scanArchiveFile } from '../aix/archive-file.ts';
import type { ArchiveMember } from '../aix/archive-types.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { IndexedMember, MemberIndexInfo } from '../catalog/member-index.ts';

/** The index row of an archive member. */
export function indexedMember(m: ArchiveMember): IndexedMember {
  return { name: m.displayName, kind: m.kind, size: m.size, mode: m.mode, uid: m.uid, gid: m.gid, mtime: m.mtime, offset: m.headerOffset };
}

/** Lists an archive file's members for the index. */
export async function listForIndex(file: string, signal?: AbortSignal): Promise<IndexedMember[]> {
  const members: IndexedMember[] = [];
  await scanArchiveFile(file, { onMember: (m) => members.push(indexedMember(m)), decodePacked: false, ...(signal ? { signal } : {}) });
  return members;
}

/** Indexes image set `imageSetId` from its staged 4_mksysb.img. */
export async function indexImageSet(catalog: Catalog, imageSetId: number, signal?: AbortSignal): Promise<MemberIndexInfo> {
  const set = catalog.imageSets.get(imageSetId);
  if (!set) throw new SysbError('NOT_FOUND', `image set ${imageSetId} is not in the catalog`);
  const img = set.images.find((i) => i.kind === 'mksysb');
  if (!img) throw new SysbError('NOT_FOUND', `image set ${imageSetId} has no mksysb image`);
  const members = await listForIndex(path.join(set.stagingPath, img.fileName), signal);
  return catalog.members.replace(imageSetId, 4, members);
}
