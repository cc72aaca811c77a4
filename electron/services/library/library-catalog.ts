/**
 * The library's contents against the catalog: which labels the catalog does not know (and may add as
 * blank cartridges), where each cataloged cartridge sits, and which cartridge a job may take (--pick).
 */
import type { Catalog } from '../catalog/catalog.ts';
import { localDate } from '../catalog/clock.ts';
import { MEDIA_IDS, type Cartridge, type MediaId } from '../catalog/model.ts';
import {
  allElements,
  describeElement,
  isCleaningBarcode,
  mediaIdOfBarcode,
  volserOfBarcode,
  type ElementKind,
  type LibraryElement,
  type LibraryInventory,
} from './media-changer.ts';

/** One full element as the operator sees it: where, which label, what the catalog says about it. */
export interface LibrarySlotView {
  kind: ElementKind;
  number: number;
  address: number;
  full: boolean;
  barcode: string | null;
  volser: string | null;
  /** Catalog status, 'unknown-to-catalog' for a label it does not know, 'cleaning', 'no-label', or null when empty. */
  state: string | null;
  retentionUntil: string | null;
  underRetention: boolean;
}

/** The reconciliation report. */
export interface LibraryReconciliation {
  elements: LibrarySlotView[];
  /** Labels in the library the catalog has no cartridge for; `mediaId` null when the label has no LTO suffix. */
  unknown: { barcode: string; volser: string; mediaId: string | null; where: string }[];
  /** Cataloged cartridges found in the library, and where. */
  known: { volser: string; status: string; where: string }[];
  /** Full elements without a readable label (the library could not read it, or it has none). */
  unlabeled: string[];
  /** Labels added to the catalog by --add-unknown. */
  added: string[];
}

function isMediaId(id: string | undefined): id is MediaId {
  return id !== undefined && (MEDIA_IDS as readonly string[]).includes(id);
}

/** Compares the inventory with the catalog; with `addUnknown`, unknown LTO labels become blank cartridges. */
export function reconcile(catalog: Catalog, inv: LibraryInventory, opts: { addUnknown?: boolean; now?: Date } = {}): LibraryReconciliation {
  const today = localDate(opts.now ?? new Date());
  const out: LibraryReconciliation = { elements: [], unknown: [], known: [], unlabeled: [], added: [] };
  for (const e of allElements(inv)) {
    const view: LibrarySlotView = {
      kind: e.kind,
      number: e.number,
      address: e.address,
      full: e.full,
      barcode: e.barcode ?? null,
      volser: null,
      state: null,
      retentionUntil: null,
      underRetention: false,
    };
    out.elements.push(view);
    if (!e.full) continue;
    const where = describeElement(e);
    if (!e.barcode) {
      view.state = 'no-label';
      out.unlabeled.push(where);
      continue;
    }
    if (isCleaningBarcode(e.barcode)) {
      view.state = 'cleaning';
      continue;
    }
    const volser = volserOfBarcode(e.barcode);
    const valid = /^[A-Z0-9]{6}$/.test(volser);
    view.volser = valid ? volser : null;
    let c: Cartridge | undefined = valid ? catalog.cartridges.get(volser) : undefined;
    const mediaId = mediaIdOfBarcode(e.barcode);
    if (!c && valid && opts.addUnknown && isMediaId(mediaId)) {
      c = catalog.cartridges.add({ volser, mediaId, notes: `added from library inventory (${where})` });
      out.added.push(volser);
    }
    if (!c) {
      view.state = 'unknown-to-catalog';
      out.unknown.push({ barcode: e.barcode, volser, mediaId: mediaId ?? null, where });
      continue;
    }
    view.state = c.status;
    view.retentionUntil = c.retentionUntil;
    view.underRetention = c.retentionUntil !== null && c.retentionUntil >= today;
    out.known.push({ volser: c.volser, status: c.status, where });
  }
  return out;
}

/**
 * For every server, the cartridge holding its newest verified copy (by capture time, then write time).
 * A cartridge on this list is never picked for reuse, whatever its retention date says.
 */
export function newestVerifiedCopies(catalog: Catalog): Set<string> {
  const best = new Map<number, { volser: string; key: string }>();
  for (const c of catalog.cartridges.iterateAll()) {
    if (c.status !== 'verified') continue;
    const w = catalog.writes.lastGood(c.id);
    const set = w?.imageSetId != null ? catalog.imageSets.get(w.imageSetId) : undefined;
    if (!w || !set) continue;
    const key = `${set.capturedAt}|${w.startedAt}`;
    const cur = best.get(set.serverId);
    if (!cur || key > cur.key) best.set(set.serverId, { volser: c.volser, key });
  }
  return new Set([...best.values()].map((b) => b.volser));
}

/** Why a cartridge in the library can or cannot be reused by --pick. */
export function reuseVerdict(c: Cartridge, today: string, protectedVolsers: Set<string>): { reusable: boolean; why: string } {
  if (c.status === 'retired') return { reusable: false, why: 'retired' };
  if (c.status === 'writing') return { reusable: false, why: 'a write to it is under way or was interrupted' };
  if (c.retentionUntil !== null && c.retentionUntil >= today) return { reusable: false, why: `under retention until ${c.retentionUntil}` };
  if (protectedVolsers.has(c.volser)) return { reusable: false, why: 'holds the newest verified copy of a server' };
  if (c.status === 'blank') return { reusable: true, why: 'blank' };
  if (c.retentionUntil === null) return { reusable: false, why: `${c.status}, with no retention date set (set one to release it)` };
  return { reusable: true, why: `retention ended ${c.retentionUntil}` };
}

/**
 * The cartridge --pick takes: from a storage slot (not a mail slot, not a drive), cataloged, reusable;
 * blank ones first, then the one whose retention ended longest ago. Undefined when there is none.
 */
export function pickCartridge(
  catalog: Catalog,
  inv: LibraryInventory,
  now = new Date(),
): { volser: string; element: LibraryElement; why: string } | undefined {
  const today = localDate(now);
  const protectedVolsers = newestVerifiedCopies(catalog);
  const candidates: { volser: string; element: LibraryElement; why: string; rank: string }[] = [];
  for (const e of inv.slots) {
    if (!e.full || !e.barcode || isCleaningBarcode(e.barcode)) continue;
    const volser = volserOfBarcode(e.barcode);
    if (!/^[A-Z0-9]{6}$/.test(volser)) continue;
    const c = catalog.cartridges.get(volser);
    if (!c) continue;
    const v = reuseVerdict(c, today, protectedVolsers);
    if (v.reusable)
      candidates.push({
        volser,
        element: e,
        why: v.why,
        rank: c.status === 'blank' ? `0${volser}` : `1${c.retentionUntil ?? ''}${volser}`,
      });
  }
  candidates.sort((a, b) => a.rank.localeCompare(b.rank));
  const first = candidates[0];
  return first ? { volser: first.volser, element: first.element, why: first.why } : undefined;
}
