/**
 * Rebuilding the catalog from a tape — a box of tapes and no catalog is a real disaster. Reads the tape
 * once (hashes, record 2's image.data, record 4's members) and recreates what the catalog lost: the
 * server (by the host name image.data records), the image set (its images are on the tape only, so it
 * is recorded 'discarded': nothing staged), the cartridge and its write, and the member index.
 * Idempotent: a tape the catalog already holds changes nothing; a cartridge whose recorded write is a
 * different backup is left alone unless `force`. The rebuilt cartridge is 'written', not 'verified':
 * only a verification says that.
 */
import { SysbError } from '../../../shared/errors.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { ImageKind, MediaId } from '../catalog/model.ts';
import { MEDIA_IDS } from '../../../shared/domain.ts';
import type { TapeDrive } from '../tape/tape-drive.ts';
import { readTapeForRebuild, type TapeForRebuild } from './read-tape-for-rebuild.ts';

/** What to rebuild. */
export interface RebuildRequest {
  /** VOLSER, or the whole barcode (VOLSER + media id, e.g. ABC123L8) when the cartridge is new to the catalog. */
  volser?: string;
  force?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}

/** What the rebuild did. */
export interface RebuildResult {
  volser: string;
  /** Rows created (or 'unchanged' when the catalog already held the tape). */
  created: ('server' | 'image-set' | 'cartridge' | 'write' | 'index')[];
  serverName: string;
  imageSetId: number;
  writeId: number;
  members: number;
  summary: string;
}

const KIND_OF: Record<1 | 2 | 4, ImageKind> = { 1: 'boot', 2: 'mkinsttape', 4: 'mksysb' };
const FILE_OF: Record<1 | 2 | 4, string> = { 1: '1_bosboot.img', 2: '2_mkinsttape.img', 4: '4_mksysb.img' };

/** Splits ABC123 or ABC123L8 into VOLSER and media id. */
export function parseVolserArg(text: string): { volser: string; mediaId?: MediaId } {
  const t = text.trim().toUpperCase();
  const m = /^([A-Z0-9]{6})([A-Z0-9]{2})?$/.exec(t);
  if (!m) throw new SysbError('USAGE', `--volser '${text}': give the 6-character VOLSER (ABC123) or the whole barcode (ABC123L8)`);
  if (m[2] !== undefined && !(MEDIA_IDS as readonly string[]).includes(m[2])) {
    throw new SysbError('USAGE', `--volser '${text}': '${m[2]}' is not an LTO media id (${MEDIA_IDS.join(', ')})`);
  }
  return { volser: m[1]!, ...(m[2] ? { mediaId: m[2] as MediaId } : {}) };
}

function hashes(tape: TapeForRebuild): (string | null)[] {
  return [1, 2, 3, 4].map((n) => tape.records.find((r) => r.index === n)?.sha256 ?? null);
}

/** Reads the tape in `drive` and recreates its catalog rows. */
export async function rebuildFromTape(catalog: Catalog, drive: TapeDrive, req: RebuildRequest = {}): Promise<RebuildResult> {
  const wanted = req.volser === undefined ? undefined : parseVolserArg(req.volser);
  const tape = await readTapeForRebuild(drive, req.signal);
  const now = (req.now ?? (() => new Date()))().toISOString();
  const vector = hashes(tape);
  const known = catalog.identify(vector).find((m) => [1, 2, 4].every((n) => m.matchedRecords.includes(n)));
  const volser = wanted?.volser ?? known?.volser;
  if (!volser)
    throw new SysbError(
      'USAGE',
      `the catalog does not know the tape in ${drive.target}; give its label: --volser ABC123L8 (VOLSER and media id)`,
    );
  if (known && known.volser === volser) {
    const created: RebuildResult['created'] = [];
    const setId = known.imageSetId ?? undefined;
    if (setId !== undefined && !catalog.members.info(setId)) {
      catalog.members.replace(setId, 4, tape.members);
      created.push('index');
    }
    return {
      volser,
      created,
      serverName: known.serverName ?? '-',
      imageSetId: setId ?? 0,
      writeId: known.writeId,
      members: tape.members.length,
      summary: `the catalog already holds this tape as cartridge ${volser} (write ${known.writeId}); nothing changed${created.length ? ' but the member index' : ''}`,
    };
  }
  const existing = catalog.cartridges.get(volser);
  if (existing && !req.force) {
    const last = catalog.writes.listFor(existing.id)[0];
    throw new SysbError(
      'USAGE',
      `cartridge ${volser} is in the catalog${last ? ` with write ${last.id} of ${last.startedAt}` : ''}, which is not what this tape holds; ` +
        'check the label, or add --force to record what the tape holds as its newest write',
    );
  }
  if (!existing && !wanted?.mediaId)
    throw new SysbError('USAGE', `cartridge ${volser} is new to the catalog: give the whole barcode, e.g. --volser ${volser}L8`);

  const created: RebuildResult['created'] = [];
  const host = tape.imageData?.hostname ?? 'unknown-host';
  const backupDate = tape.backupDate !== null ? new Date(tape.backupDate * 1000).toISOString() : now;
  const result = catalog.transaction(() => {
    let server = catalog.servers.getByName(host);
    if (!server) {
      server = catalog.servers.put({ name: host, host, user: 'root', workdir: '/tmp/sysbtape' });
      created.push('server');
    }
    let imageSetId = catalog.imageSetsMatching(vector).find((s) => [1, 2, 4].every((n) => s.matchedRecords.includes(n)))?.imageSetId;
    if (imageSetId === undefined) {
      const rec4 = tape.records.find((r) => r.index === 4)!;
      imageSetId = catalog.imageSets.add({
        serverId: server.id,
        capturedAt: backupDate,
        ...((tape.imageData?.serviceLevel ?? tape.imageData?.osLevel)
          ? { osLevel: (tape.imageData?.serviceLevel ?? tape.imageData?.osLevel)! }
          : {}),
        tapeblksz: rec4.blockSize,
        stagingPath: `tape:${volser}`,
        state: 'discarded',
        images: ([1, 2, 4] as const).map((n) => {
          const r = tape.records.find((x) => x.index === n)!;
          return { kind: KIND_OF[n], fileName: FILE_OF[n], size: r.bytes, sha256: r.sha256 };
        }),
      }).id;
      created.push('image-set');
    }
    if (!existing) {
      catalog.cartridges.add({
        volser,
        mediaId: wanted!.mediaId!,
        notes: `recreated from the tape by 'catalog rebuild' on ${now.slice(0, 10)}`,
      });
      created.push('cartridge');
    }
    const write = catalog.writes.record({
      volser,
      imageSetId,
      drive: drive.target,
      startedAt: now,
      endedAt: now,
      result: 'ok',
      error: 'rebuilt from the tape: hashes cover every byte read; verify the cartridge to mark it verified',
      records: tape.records.map((r) => ({ index: r.index, blockSize: r.blockSize, blocks: r.blocks, bytes: r.bytes, sha256: r.sha256 })),
    });
    created.push('write');
    return { imageSetId, writeId: write.id, serverName: server.name };
  });
  catalog.members.replace(result.imageSetId, 4, tape.members);
  created.push('index');
  return {
    volser,
    created,
    ...result,
    members: tape.members.length,
    summary: `recreated ${created.join(', ')} for cartridge ${volser}: ${host}, backup of ${backupDate}, ${tape.members.length} members indexed`,
  };
}
