/** Paths of the team's real AIX fixtures, which live beside the repository (never copied into it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of a file in ../shared/fixtures/aix/. */
export function fixturePath(name: string): string {
  return path.resolve(repoRoot, '../shared/fixtures/aix', name);
}

/** Bytes of a fixture. */
export function fixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}
