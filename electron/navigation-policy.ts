/**
 * Which URLs belong to the app. The renderer is served from app://sysbtape/ (a custom protocol rather
 * than file://, as Electron's security checklist advises); anything else is foreign.
 */

/** The renderer's scheme, registered as privileged before the app is ready. */
export const APP_SCHEME = 'app';
/** The renderer's host under that scheme. */
export const APP_HOST = 'sysbtape';
/** The URL the window loads. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True only for URLs of the app's own pages; parsed, never compared by prefix. */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
