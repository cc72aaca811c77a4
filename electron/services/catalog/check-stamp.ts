/**
 * Remembers that the catalog passed `quick_check`, and what the files were then: inode, size and
 * modification time (ns) of catalog.db and of its WAL. An open that finds both unchanged skips the check:
 * on a catalog with years of history it costs about half a second of every command (`tape list` in a
 * script), for a file nobody has written since it last passed. Any write — a command, the app, a copy put
 * back — changes the fingerprint, and the next open checks again. The stamp is `catalog.db-checked`
 * beside the file (owner-only, like the catalog); losing it only costs one check.
 */
import fs from 'node:fs';

/** The stamp file of a catalog. */
export function checkStampPath(catalogPath: string): string {
  return `${catalogPath}-checked`;
}

function fileFingerprint(file: string, emptyIsAbsent: boolean): string {
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  // An empty WAL holds nothing: SQLite creates it on open and deletes it on the last close.
  if (!st || (emptyIsAbsent && st.size === 0n)) return '-';
  return `${st.ino}:${st.size}:${st.mtimeNs}`;
}

/** What the catalog file and its WAL are now. */
export function catalogFingerprint(catalogPath: string): string {
  return `${fileFingerprint(catalogPath, false)} ${fileFingerprint(`${catalogPath}-wal`, true)}`;
}

/** True when the catalog is exactly as it was when it last passed its check (`fingerprint` taken before opening it). */
export function passedCheckAsIs(catalogPath: string, fingerprint: string): boolean {
  try {
    return fs.readFileSync(checkStampPath(catalogPath), 'utf8').trim() === fingerprint;
  } catch {
    return false;
  }
}

/** Records that the catalog, as it is now, passed its check. Best effort: without a stamp the next open checks. */
export function stampPassedCheck(catalogPath: string): void {
  const stamp = checkStampPath(catalogPath);
  const tmp = `${stamp}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, `${catalogFingerprint(catalogPath)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, stamp);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
