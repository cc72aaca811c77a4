/** `sysbtape policy show|set [SERVER]`: the backup policy, the default one or a server's. */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { type EffectivePolicy, type PolicyPatch } from '../../shared/operations.ts';
import type { Catalog } from '../services/catalog/catalog.ts';
import { parseDays } from '../services/ops/durations.ts';
import { type CliIo, type CommandModule, EXIT_OK, printJson, runAction, withCatalog } from './command-kit.ts';

interface SetFlags {
  maxAge?: string;
  copies?: string;
  offsiteCopies?: string;
  offsiteLocations?: string;
  reverify?: string;
  retention?: string;
  inherit?: string;
  reset?: boolean;
  json?: boolean;
}

const INHERITABLE: Record<string, keyof PolicyPatch> = {
  'max-age': 'maxAgeDays',
  copies: 'copies',
  'offsite-copies': 'offsiteCopies',
  'offsite-locations': 'offsiteLocations',
  reverify: 'reverifyDays',
  retention: 'retentionDays',
};

function serverOf(catalog: Catalog, name: string | undefined): { id: number; name: string } | null {
  if (name === undefined) return null;
  const s = catalog.servers.getByName(name);
  if (!s) throw new SysbError('NOT_FOUND', `no server named '${name}' in the catalog (see: sysbtape server list)`);
  return s;
}

function count(text: string, what: string, min: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min)
    throw new SysbError('USAGE', `${what} must be a whole number of at least ${min}, got '${text}'`);
  return Number(text);
}

function patchOf(f: SetFlags, forServer: boolean): PolicyPatch {
  const p: PolicyPatch = {};
  if (f.maxAge !== undefined) p.maxAgeDays = parseDays(f.maxAge, '--max-age');
  if (f.copies !== undefined) p.copies = count(f.copies, '--copies', 1);
  if (f.offsiteCopies !== undefined) p.offsiteCopies = count(f.offsiteCopies, '--offsite-copies', 0);
  if (f.offsiteLocations !== undefined)
    p.offsiteLocations = f.offsiteLocations
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (f.reverify !== undefined) p.reverifyDays = parseDays(f.reverify, '--reverify');
  if (f.retention !== undefined) p.retentionDays = parseDays(f.retention, '--retention', true);
  for (const word of (f.inherit ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!forServer) throw new SysbError('USAGE', "--inherit applies to a server's policy; the default has nothing to inherit from");
    const field = INHERITABLE[word];
    if (!field) throw new SysbError('USAGE', `--inherit takes ${Object.keys(INHERITABLE).join(', ')}; got '${word}'`);
    if (p[field] !== undefined) throw new SysbError('USAGE', `--inherit ${word} and --${word} contradict each other`);
    p[field] = null;
  }
  return p;
}

function printPolicy(io: CliIo, e: EffectivePolicy): void {
  const mark = (f: EffectivePolicy['own'][number]) => (e.server !== null && !e.own.includes(f) ? '  (default)' : '');
  const p = e.policy;
  io.out.write(`${e.server === null ? 'Default policy' : `Policy of ${e.server}`}\n`);
  io.out.write(`  max age of newest verified tape: ${p.maxAgeDays} days${mark('maxAgeDays')}\n`);
  io.out.write(`  verified copies wanted:          ${p.copies}${mark('copies')}\n`);
  io.out.write(`  of which off site:               ${p.offsiteCopies}${mark('offsiteCopies')}\n`);
  io.out.write(
    `  off-site locations:              ${p.offsiteLocations.length ? p.offsiteLocations.join(', ') : '(none marked)'}${mark('offsiteLocations')}\n`,
  );
  io.out.write(`  re-verify shelved tapes every:   ${p.reverifyDays} days${mark('reverifyDays')}\n`);
  io.out.write(`  retention of new tapes:          ${p.retentionDays ? `${p.retentionDays} days` : 'none'}${mark('retentionDays')}\n`);
}

/** Registers `policy`. */
export const policyCommand: CommandModule = (program, io, setExit) => {
  const policy = program
    .command('policy')
    .description("The backup policy: the default, or one server's (max age, copies, off site, re-verification, retention).");
  policy
    .command('show [server]')
    .description("Show the default policy, or the policy in effect for SERVER; without SERVER also every server's")
    .option('--json', 'print { default, servers: [{ server, policy, own }] } (own: the fields the server sets itself)')
    .action(
      runAction(io, setExit, async (name: string | undefined, f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (catalog) => {
          const server = serverOf(catalog, name);
          const def = catalog.policies.effective(null);
          const servers = server ? [catalog.policies.effective(server)] : catalog.servers.list().map((s) => catalog.policies.effective(s));
          if (f.json) {
            printJson(io, server ? servers[0] : { default: def, servers });
            return EXIT_OK;
          }
          if (!server) printPolicy(io, def);
          for (const e of servers) {
            if (!server && e.own.length === 0) continue;
            printPolicy(io, e);
          }
          if (!server) {
            const plain = servers.filter((e) => e.own.length === 0).map((e) => e.server);
            if (plain.length) io.out.write(`Following the default: ${plain.join(', ')}\n`);
          }
          return EXIT_OK;
        }),
      ),
    );
  policy
    .command('set [server]')
    .description("Change the default policy, or SERVER's own (fields not given are kept)")
    .option('--max-age <days>', 'max age of the newest verified tape, e.g. 30 or 30d')
    .option('--copies <n>', 'verified copies wanted within the max age')
    .option('--offsite-copies <n>', 'how many of those must be at an off-site location')
    .option('--offsite-locations <names>', 'comma-separated cartridge locations that count as off site, e.g. "Vault B,Iron Mountain"')
    .option('--reverify <days>', 're-read shelved verified cartridges after this many days, e.g. 180')
    .option('--retention <days>', 'retention given to new tapes, in days (0: none)')
    .option(
      '--inherit <fields>',
      'SERVER only: follow the default again for these fields (max-age, copies, offsite-copies, offsite-locations, reverify, retention)',
    )
    .option('--reset', 'SERVER only: drop every field of its own policy')
    .option('--json', 'print the resulting policy as JSON')
    .action(
      runAction(io, setExit, async (name: string | undefined, f: SetFlags, cmd: Command) =>
        withCatalog(cmd, (catalog) => {
          const server = serverOf(catalog, name);
          const patch = patchOf(f, server !== null);
          if (f.reset) {
            if (!server) throw new SysbError('USAGE', "--reset applies to a server's policy");
            if (Object.keys(patch).length)
              throw new SysbError('USAGE', "--reset drops the server's own policy; give no other field with it");
            catalog.policies.reset(server.id);
          } else {
            if (Object.keys(patch).length === 0)
              throw new SysbError(
                'USAGE',
                'nothing to set: give at least one of --max-age, --copies, --offsite-copies, --offsite-locations, --reverify, --retention, --inherit',
              );
            catalog.policies.set(server?.id ?? null, patch);
          }
          const e = catalog.policies.effective(server);
          if (f.json) printJson(io, e);
          else printPolicy(io, e);
          return EXIT_OK;
        }),
      ),
    );
};
