/**
 * Which web permissions the window gets: only desktop notifications (issue 19: job failed, tape needed…),
 * and only for the app's own pages. Everything else (camera, microphone, clipboard, geolocation…) is denied.
 */
import { isAppUrl } from './navigation-policy.ts';

/** The permissions the app's pages may use. */
const ALLOWED = new Set(['notifications']);

/** Whether `permission` asked by the page at `url` (or origin) is granted. */
export function permissionAllowed(permission: string, url: string | null | undefined): boolean {
  if (!ALLOWED.has(permission) || !url) return false;
  // An origin ("app://sysbtape") has no path: judge it as the app's start page would be.
  return isAppUrl(url) || isAppUrl(`${url.replace(/\/+$/, '')}/index.html`);
}
