/** The error for a damaged catalog file, pointing at the newest automatic backup. */
import { SysbError } from '../../../shared/errors.ts';
import { lastBackup } from './backups.ts';
import { backupDirFor } from './catalog-path.ts';

/** A CATALOG error saying the file is damaged and which backup to restore. */
export function damagedCatalogError(catalogPath: string, detail: string): SysbError {
  const backup = lastBackup(catalogPath);
  const advice = backup
    ? `The last good backup is ${backup}: move the damaged file aside and copy the backup to ${catalogPath}, or run with --catalog ${backup}.`
    : `No automatic backup was found in ${backupDirFor(catalogPath)}; restore a copy made with 'sysbtape catalog backup'.`;
  return new SysbError('CATALOG', `catalog ${catalogPath} is damaged (${detail}). ${advice}`, { backup });
}
