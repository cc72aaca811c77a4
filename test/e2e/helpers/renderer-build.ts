/** Builds the renderer for browser tests when renderer/dist is missing or older than its sources. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** Where the built renderer lives. */
export const RENDERER_DIST = path.join(root, 'renderer', 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function mtimeOrZero(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs `vite build` (same config as npm run build:renderer) unless the build is current. */
export async function ensureRendererBuilt(): Promise<string> {
  const built = mtimeOrZero(path.join(RENDERER_DIST, 'index.html'));
  const sources = Math.max(
    newestMtime(path.join(root, 'renderer', 'src')),
    statSync(path.join(root, 'renderer', 'index.html')).mtimeMs,
    newestMtime(path.join(root, 'shared')),
  );
  if (built < sources) {
    await build({ configFile: path.join(root, 'build', 'vite.renderer.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_DIST;
}
