/**
 * SysbTape's per-user config folder. Its own module, free of SSH and crypto code, because every CLI
 * command's kit (electron/cli/command-kit.ts) needs it and loading node:crypto costs a start ~4 ms.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** SysbTape's per-user data directory: $SYSBTAPE_HOME, else $XDG_CONFIG_HOME/sysbtape, else ~/.config/sysbtape. */
export function sysbtapeHome(): string {
  if (process.env.SYSBTAPE_HOME) return process.env.SYSBTAPE_HOME;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'sysbtape');
}
