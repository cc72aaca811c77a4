/**
 * What changed between two backups of a server: members added, removed and changed (size, mode,
 * mtime, owner), summarised per directory with the bytes gained or lost — the question before a
 * change window ("what did the last patch touch?").
 */
import type { IndexedMember } from '../catalog/member-index.ts';

/** One member that differs. */
export interface MemberChange {
  name: string;
  before: IndexedMember;
  after: IndexedMember;
  /** Which attributes differ. */
  fields: ('kind' | 'size' | 'mode' | 'mtime' | 'owner')[];
}

/** Per directory: how many members came, went or changed, and the bytes difference. */
export interface DirectoryChange {
  directory: string;
  added: number;
  removed: number;
  changed: number;
  bytes: number;
}

/** The whole difference A → B. */
export interface MemberDiff {
  added: IndexedMember[];
  removed: IndexedMember[];
  changed: MemberChange[];
  directories: DirectoryChange[];
}

function parentOf(name: string): string {
  const i = name.lastIndexOf('/');
  return i <= 0 ? '.' : name.slice(0, i);
}

function changedFields(a: IndexedMember, b: IndexedMember): MemberChange['fields'] {
  const f: MemberChange['fields'] = [];
  if (a.kind !== b.kind) f.push('kind');
  // A directory's size is not its content; only files and links count.
  if (a.size !== b.size && a.kind !== 'directory') f.push('size');
  if (a.mode !== b.mode) f.push('mode');
  if (a.mtime !== b.mtime) f.push('mtime');
  if (a.uid !== b.uid || a.gid !== b.gid) f.push('owner');
  return f;
}

/** Compares two member lists (any order). */
export function diffMembers(a: readonly IndexedMember[], b: readonly IndexedMember[]): MemberDiff {
  const before = new Map(a.map((m) => [m.name, m]));
  const added: IndexedMember[] = [];
  const changed: MemberChange[] = [];
  const dirs = new Map<string, DirectoryChange>();
  const dir = (name: string): DirectoryChange => {
    const d = parentOf(name);
    let e = dirs.get(d);
    if (!e) dirs.set(d, (e = { directory: d, added: 0, removed: 0, changed: 0, bytes: 0 }));
    return e;
  };
  for (const m of b) {
    const old = before.get(m.name);
    before.delete(m.name);
    if (!old) {
      added.push(m);
      const d = dir(m.name);
      d.added++;
      if (m.kind !== 'directory') d.bytes += m.size;
      continue;
    }
    const fields = changedFields(old, m);
    if (fields.length === 0) continue;
    changed.push({ name: m.name, before: old, after: m, fields });
    const d = dir(m.name);
    d.changed++;
    if (m.kind !== 'directory') d.bytes += m.size - old.size;
  }
  const removed = [...before.values()];
  for (const m of removed) {
    const d = dir(m.name);
    d.removed++;
    if (m.kind !== 'directory') d.bytes -= m.size;
  }
  const byName = (x: { name: string }, y: { name: string }): number => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return {
    added: added.sort(byName),
    removed: removed.sort(byName),
    changed: changed.sort(byName),
    directories: [...dirs.values()].sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes) || (x.directory < y.directory ? -1 : 1)),
  };
}
