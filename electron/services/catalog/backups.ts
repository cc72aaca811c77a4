/** Online backups of the catalog: before each migration, once a day, and on request. */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { backupDirFor } from './catalog-path.ts';

/** Why an automatic backup was taken; part of its file name. */
export type BackupReason = 'pre-migration' | 'daily';

const DAILY_MS = 24 * 3600 * 1000;
const KEEP_DAILY = 7;

function stemOf(catalogPath: string): string {
  return path.basename(catalogPath).replace(/\.[^.]*$/, '');
}

function stamp(now: Date): string {
  // Milliseconds keep names unique and sortable when two backups happen within a second.
  return now.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Copies the open catalog to `dest` with SQLite's online backup (consistent while in use). */
export async function backupCatalogTo(db: Database.Database, dest: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true, mode: 0o700 });
  // One temp name per process: two processes backing up in the same millisecond must not remove each other's copy.
  const tmp = `${dest}.${process.pid}.partial`;
  fs.rmSync(tmp, { force: true });
  // A copy of the catalog is as private as the catalog: created owner-only before SQLite fills it.
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  // Write beside the target and rename, so an interrupted backup never looks like a good one.
  await db.backup(tmp);
  fs.renameSync(tmp, dest);
}

/** Takes an automatic backup into the catalog's backup folder; returns its path. */
export async function takeAutomaticBackup(
  db: Database.Database,
  catalogPath: string,
  reason: BackupReason,
  version: number,
  now = new Date(),
): Promise<string> {
  const nameAt = (t: number) =>
    path.join(backupDirFor(catalogPath), `${stemOf(catalogPath)}-${stamp(new Date(t))}-v${version}-${reason}.db`);
  let t = now.getTime();
  while (fs.existsSync(nameAt(t))) t += 1;
  const dest = nameAt(t);
  await backupCatalogTo(db, dest);
  return dest;
}

/** Automatic backups of this catalog, newest first. */
export function listAutomaticBackups(catalogPath: string): string[] {
  const dir = backupDirFor(catalogPath);
  if (!fs.existsSync(dir)) return [];
  const prefix = `${stemOf(catalogPath)}-`;
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.db'))
    .sort()
    .reverse()
    .map((f) => path.join(dir, f));
}

/** The newest automatic backup of this catalog, if any. */
export function lastBackup(catalogPath: string): string | undefined {
  return listAutomaticBackups(catalogPath)[0];
}

/** Takes the daily backup when the newest one is more than a day old, and prunes old daily ones. */
export async function dailyBackupIfDue(
  db: Database.Database,
  catalogPath: string,
  version: number,
  now = new Date(),
): Promise<string | undefined> {
  const newest = lastBackup(catalogPath);
  if (newest && now.getTime() - fs.statSync(newest).mtimeMs < DAILY_MS) return undefined;
  const dest = await takeAutomaticBackup(db, catalogPath, 'daily', version, now);
  const dailies = listAutomaticBackups(catalogPath).filter((f) => f.endsWith('-daily.db'));
  for (const old of dailies.slice(KEEP_DAILY)) fs.rmSync(old, { force: true });
  return dest;
}
