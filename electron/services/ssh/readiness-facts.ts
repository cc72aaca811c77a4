/**
 * The read-only commands a capture runs for the readiness report (issue 16), with LANG=C. Every command
 * is optional: a failure becomes a line in `unchecked` (the report then says "could not check"), never a
 * failed capture. Raw outputs are returned as step logs for capture.log.
 */
import { SysbError } from '../../../shared/errors.ts';
import {
  excludePatternPath,
  parseDuSk,
  parseKernelBits,
  parseLsps,
  parseLsvgL,
  parseLsvgO,
  parseMount,
  parsePsArgs,
  type ServerFacts,
} from '../readiness/server-facts.ts';
import { C_LOCALE, EXCLUDE_ROOTVG } from './aix-paths.ts';
import type { CaptureStepLog } from './capture.ts';
import type { RemoteHost } from './remote-host.ts';
import { sh } from './shell-quote.ts';

/** Facts plus the raw outputs for capture.log. */
export interface GatheredFacts {
  facts: ServerFacts;
  steps: CaptureStepLog[];
}

/** Runs the fact commands one by one; only a cancel is thrown. */
export async function gatherReadinessFacts(host: RemoteHost, opts: { exclude: boolean; signal?: AbortSignal }): Promise<GatheredFacts> {
  const steps: CaptureStepLog[] = [];
  const unchecked: string[] = [];
  /** Runs one command and parses its stdout; null (and a line in `unchecked`) when it fails. */
  const fact = async <T>(command: string, parse: (stdout: string) => T): Promise<T | null> => {
    const startedAt = new Date().toISOString();
    try {
      // Through the server's sudo prefix when it has one: bootlist, for one, needs root.
      const line = host.server.sudo.length > 0 ? sh`${host.server.sudo} sh -c ${command}` : command;
      const r = await host.run(`${C_LOCALE.shell} ${line}`, opts.signal ? { signal: opts.signal } : {});
      steps.push({
        step: 'readiness-facts',
        command,
        exitCode: r.exitCode,
        output: r.stdout + r.stderr,
        startedAt,
        endedAt: new Date().toISOString(),
      });
      if (r.exitCode !== 0) {
        unchecked.push(`${command}: exit ${r.exitCode ?? 'none'}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`);
        return null;
      }
      return parse(r.stdout);
    } catch (err) {
      if (err instanceof SysbError && err.code === 'CANCELLED') throw err;
      unchecked.push(`${command}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  };
  const oslevel = await fact('oslevel -s', (t) => t.trim() || null);
  const kernelBits = await fact('bootinfo -K', parseKernelBits);
  const platform = await fact('bootinfo -p', (t) => t.trim() || null);
  const rootvgLvs = await fact('lsvg -l rootvg', parseLsvgL);
  const mounts = await fact('mount', parseMount);
  const variedOnVgs = await fact('lsvg -o', parseLsvgO);
  const pagingSpaces = await fact('lsps -a', parseLsps);
  const processes = await fact('ps -e -o args', parsePsArgs);
  const bootlist = await fact('bootlist -m normal -o', (t) =>
    t
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  let excludePatterns: string[] | null = null;
  const excludeSizes: ServerFacts['excludeSizes'] = [];
  if (opts.exclude) {
    // An absent file is a fact too (-e then leaves nothing out), not a failed check.
    excludePatterns = await fact(sh`if [ -f ${EXCLUDE_ROOTVG} ]; then cat ${EXCLUDE_ROOTVG}; fi`, (t) =>
      t
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    for (const pattern of excludePatterns ?? []) {
      const path = excludePatternPath(pattern);
      const kb = path === null ? null : await fact(sh`du -sk ${path}`, parseDuSk);
      excludeSizes.push({ pattern, path, kb });
    }
  }
  const facts: ServerFacts = {
    gatheredAt: new Date().toISOString(),
    oslevel: oslevel ?? null,
    kernelBits: kernelBits ?? null,
    platform: platform ?? null,
    rootvgLvs,
    mounts,
    variedOnVgs,
    pagingSpaces,
    processes,
    bootlist,
    excludePatterns,
    excludeSizes,
    unchecked,
  };
  return { facts, steps };
}
