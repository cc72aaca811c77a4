/**
 * Which npm packages compiled code needs at run time: follows relative imports (static, dynamic and
 * require) from entry files and collects the bare specifiers, then the installed packages those pull in.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** The package a bare specifier names: "a" for "a/b", "@s/a" for "@s/a/b". */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function resolveRelative(fromFile: string, specifier: string): string {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.js`, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.js'), path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${fromFile} imports '${specifier}', which does not exist`);
}

/** The import graph from `entries`: every file reached and the bare packages it imports (builtins left out). */
export function walkImports(entries: readonly string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) queue.push(resolveRelative(file, specifier));
      else if (!isBuiltin(specifier)) packages.add(packageNameOf(specifier));
    }
  }
  return { files, packages };
}

/** Every file under `dir` whose name passes `keep`. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Finds the installed folder of `name` as Node would from `fromDir` (nearest node_modules upward, not above root). */
function installedDir(name: string, fromDir: string, root: string): string | null {
  for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return null;
}

/**
 * The packages `names` need under `root`, resolved as Node does: themselves and their dependencies,
 * transitively (optional ones when installed). Maps each folder (relative to root, e.g.
 * "node_modules/pdf-lib/node_modules/tslib") to "name@version"; throws naming the first one missing.
 */
export function packageClosure(names: Iterable<string>, root: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (name: string, fromDir: string, optional: boolean): void => {
    const dir = installedDir(name, fromDir, root);
    if (!dir) {
      if (optional) return;
      throw new Error(`package '${name}' (needed from ${path.relative(root, fromDir) || '.'}) is not installed in ${root}`);
    }
    const rel = path.relative(root, dir);
    if (found.has(rel)) return;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    found.set(rel, `${manifest.name}@${manifest.version}`);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of names) visit(name, root, false);
  return found;
}
