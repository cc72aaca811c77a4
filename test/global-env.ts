/**
 * Vitest global setup: every test process gets its own empty user directories, so no test reads
 * or writes the real user's catalog, servers or staging area.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'sysbtape-test-home-'));
  process.env.XDG_DATA_HOME = join(root, 'data');
  process.env.XDG_CONFIG_HOME = join(root, 'config');
  process.env.SYSBTAPE_HOME = join(root, 'config', 'sysbtape');
  return () => rmSync(root, { recursive: true, force: true });
}
