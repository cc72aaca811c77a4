/** The preload's bridge, present only inside Electron; the harness client stands in elsewhere. */
import type { SysbtapeBridge } from '../../shared/api.ts';

declare global {
  interface Window {
    sysbtape?: SysbtapeBridge;
  }
}
