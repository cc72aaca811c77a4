/** How members are shown: kind in words, mtime as a date, mode as ls does. */
import type { MemberKind } from '../../../shared/contents.ts';

/** Seconds since the epoch → "2026-11-22 14:05" (UTC, as the archive stores it). */
export function formatMtime(seconds: number | null): string {
  if (seconds === null) return '—';
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A member kind as a short word. */
export function kindWord(kind: MemberKind): string {
  switch (kind) {
    case 'file':
      return 'file';
    case 'directory':
      return 'folder';
    case 'symlink':
      return 'link';
    case 'other':
      return 'other';
  }
}
