/**
 * Security gate for the Electron code: runs @doyensec/electronegativity over the app's sources, writes
 * its SARIF report to test-results/electronegativity.sarif and fails (exit 1) on any finding above
 * "note" that build/electronegativity-allowlist.json does not list with a reason. The tool itself
 * exits 0 whatever it finds, and its CLI breaks with the project's newer commander, so we call its
 * runner directly and read the SARIF it writes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface AllowEntry {
  rule: string;
  file: string;
  reason: string;
}
interface SarifResult {
  ruleId: string;
  level?: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
}
interface RunnerResult {
  errors: { file: string; message: string; tolerable?: boolean }[];
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RunnerResult>;

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
const electronVersion = (
  JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;

const allow = (JSON.parse(readFileSync(path.join(root, 'build', 'electronegativity-allowlist.json'), 'utf8')) as { entries: AllowEntry[] })
  .entries;
for (const e of allow) {
  if (!e.rule || !e.file || !e.reason || e.reason.trim().length < 20)
    throw new Error(`allowlist entry ${JSON.stringify(e)} needs a rule, a file and a real reason`);
}

/** The runner starts writing the SARIF file without waiting for it: read it once it is complete. */
async function readReport(file: string): Promise<{ runs: { results: SarifResult[] }[] }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: SarifResult[] }[] };
    } catch (err) {
      if (attempt >= 100) throw new Error(`electronegativity wrote no readable report at ${file}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// Scan a copy of exactly the app's sources: node_modules and build output would drown the report.
const stage = mkdtempSync(path.join(os.tmpdir(), 'sysbtape-eneg-'));
const report = path.join(root, 'test-results', 'electronegativity.sarif');
try {
  for (const part of ['electron', 'shared', 'renderer', 'package.json']) {
    cpSync(path.join(root, part), path.join(stage, part), { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  }
  mkdirSync(path.dirname(report), { recursive: true });
  rmSync(report, { force: true });
  const result = await run(
    {
      input: stage,
      output: report,
      isSarif: true,
      customScan: [],
      excludeFromScan: [],
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const parseErrors = result.errors.filter((e) => !e.tolerable);
  const sarif = await readReport(report);
  const results = sarif.runs[0]?.results ?? [];
  const where = (r: SarifResult): string => r.locations?.[0]?.physicalLocation.artifactLocation.uri ?? 'N/A';
  const failing = results.filter(
    (r) => (r.level ?? 'warning') !== 'note' && !allow.some((a) => a.rule === r.ruleId && a.file === where(r)),
  );
  for (const r of results) {
    const listed = allow.some((a) => a.rule === r.ruleId && a.file === where(r));
    process.stdout.write(`electronegativity: ${r.level ?? 'warning'} ${r.ruleId} ${where(r)}${listed ? ' (allowlisted)' : ''}\n`);
  }
  for (const e of parseErrors) process.stdout.write(`electronegativity: could not parse ${e.file}: ${e.message}\n`);
  process.stdout.write(
    `electronegativity: ${results.length} finding(s), ${failing.length} failing, report ${path.relative(root, report)}\n`,
  );
  process.exitCode = failing.length > 0 || parseErrors.length > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
