/** Catalog methods of the contract: cartridges (search, detail, shelf data, retire) and image sets. */
import type { ApiHandlers } from '../../../shared/api.ts';
import { SysbError } from '../../../shared/errors.ts';
import type { CartridgeDetail, CartridgeInfo, ImageInfo, ImageSetInfo } from '../../../shared/model.ts';
import type { MediaId } from '../../../shared/domain.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { localDate } from '../catalog/clock.ts';
import type { Cartridge, ImageKind, ImageSet } from '../catalog/model.ts';
import { type ReadinessSummary, summarizeReadiness } from '../../../shared/readiness.ts';
import { reportForMedia } from '../readiness/assess.ts';

type CatalogHandlers = Pick<
  ApiHandlers,
  | 'listCartridges'
  | 'pageCartridges'
  | 'getCartridge'
  | 'updateCartridge'
  | 'retireCartridge'
  | 'addCartridge'
  | 'deleteCartridge'
  | 'listImageSets'
>;

const RECORD_OF: Record<ImageKind, ImageInfo['record']> = { boot: 1, mkinsttape: 2, mksysb: 4 };

/** Catalog cartridge → contract cartridge. */
export function toCartridgeInfo(c: Cartridge, readiness: ReadinessSummary | null = null): CartridgeInfo {
  return {
    volser: c.volser,
    mediaId: c.mediaId,
    barcode: c.barcode,
    status: c.status,
    location: c.location,
    retentionUntil: c.retentionUntil,
    notes: c.notes,
    writeCount: c.writeCount,
    firstUsed: c.firstUsedAt,
    lastUsed: c.lastUsedAt,
    readiness,
  };
}

/** Readiness of the image set last written to a cartridge, re-checked for its media id. */
function cartridgeReadiness(catalog: Catalog, c: Cartridge): ReadinessSummary | null {
  const write = catalog.history(c.volser).writes.find((w) => w.result === 'ok');
  const stored = write?.imageSetId ? catalog.imageSets.get(write.imageSetId)?.readiness : null;
  return stored ? summarizeReadiness(reportForMedia(stored, c.mediaId)) : null;
}

/** Catalog image set → contract image set. */
export function toImageSetInfo(s: ImageSet): ImageSetInfo {
  return {
    id: String(s.id),
    server: s.serverName,
    capturedAt: s.capturedAt,
    osLevel: s.osLevel,
    tapeblksz: s.tapeblksz,
    path: s.stagingPath,
    state: s.state,
    images: s.images
      .map((i) => ({ record: RECORD_OF[i.kind], name: i.fileName, size: i.size, sha256: i.sha256, remoteChecksum: i.remoteChecksum }))
      .sort((a, b) => a.record - b.record),
    readiness: s.readiness?.report ?? null,
  };
}

/** Builds the catalog handlers. */
export function catalogHandlers(catalog: Catalog): CatalogHandlers {
  return {
    listCartridges: async ({ query, status, location, retention }) => {
      const prefix = query.trim().toUpperCase();
      if (!/^[A-Z0-9]{0,6}$/.test(prefix)) throw new SysbError('INVALID_INPUT', 'search by VOLSER: up to 6 characters A–Z or 0–9');
      const today = localDate(new Date());
      const found = catalog.cartridges.search({
        ...(prefix ? { volserPrefix: prefix } : {}),
        ...(status === 'any' ? {} : { status: [status] }),
        ...(location.trim() ? { location: location.trim() } : {}),
        ...(retention === 'held' ? { underRetentionOn: today } : retention === 'expired' ? { retentionEndsBy: today } : {}),
      });
      return found.cartridges.map((c) => toCartridgeInfo(c, cartridgeReadiness(catalog, c)));
    },

    pageCartridges: async ({ search, status, retention, sort, direction, offset, limit }) => {
      const page = catalog.cartridgePage({ search, status, retention, today: localDate(new Date()), sort, direction, offset, limit });
      return {
        total: page.total,
        offset,
        rows: page.rows.map((r) => ({
          volser: r.volser,
          mediaId: r.media_id as MediaId,
          barcode: r.barcode,
          status: r.status as CartridgeInfo['status'],
          location: r.location,
          retentionUntil: r.retention_until,
          notes: r.notes,
          writeCount: r.write_count,
          firstUsed: r.first_used_at,
          lastUsed: r.last_used_at,
          host: r.host,
          readiness: cartridgeReadiness(catalog, catalog.cartridges.require(r.volser)),
        })),
      };
    },

    getCartridge: async ({ volser }) => {
      const h = catalog.history(volser);
      const detail: CartridgeDetail = {
        cartridge: toCartridgeInfo(h.cartridge, cartridgeReadiness(catalog, h.cartridge)),
        writes: h.writes.map((w) => ({
          at: w.endedAt,
          imageSetId: w.imageSetId === null ? null : String(w.imageSetId),
          drive: w.drive,
          result: w.error ? `${w.result}: ${w.error}` : w.result,
          records: w.records.map((r) => ({ index: r.index, blockSize: r.blockSize, bytes: r.bytes, sha256: r.sha256 })),
        })),
        verifications: h.verifications.map((v) => ({
          at: v.verifiedAt,
          drive: v.drive,
          verdict: v.verdict === 'pass' ? 'ok' : 'failed',
          problems: v.problems,
        })),
      };
      return detail;
    },

    updateCartridge: async ({ volser, location, retentionUntil, notes }) =>
      toCartridgeInfo(catalog.cartridges.update(volser, { location, retentionUntil, notes })),

    retireCartridge: async ({ volser, reason }) => toCartridgeInfo(catalog.cartridges.retire(volser, reason)),

    addCartridge: async ({ volser, mediaId }) => toCartridgeInfo(catalog.cartridges.add({ volser, mediaId })),

    deleteCartridge: async ({ volser }) => toCartridgeInfo(catalog.cartridges.deleteBlank(volser)),

    listImageSets: async () => catalog.imageSets.list().map(toImageSetInfo),
  };
}
