/**
 * `sysbtape find PATTERN`: every backup (image set, and the cartridges holding it with their location)
 * that has a matching member — "is /etc/hosts of aix7 from before the change on a tape, and which one?".
 * `sysbtape diff A B`: what changed between two backups of a server.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import type { Catalog } from '../services/catalog/catalog.ts';
import type { FindResult, IndexedMember } from '../services/catalog/member-index.ts';
import { indexImageSet } from '../services/contents/index-image-set.ts';
import { diffMembers } from '../services/contents/member-diff.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction, withCatalog } from './command-kit.ts';

interface FindFlags {
  server?: string;
  before?: string;
  after?: string;
  json?: boolean;
  limit?: string;
}

/** Accepts YYYY-MM-DD or a full ISO timestamp; returns it as an ISO string for comparison. */
export function isoDate(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t))
    throw new SysbError('USAGE', `${flag} '${text}' is not a date (YYYY-MM-DD or an ISO time)`);
  return new Date(t).toISOString();
}

function when(m: IndexedMember): string {
  return new Date(m.mtime * 1000).toISOString().replace('.000Z', 'Z');
}

/** The image set a diff argument names: an image-set id, or a VOLSER (the image set of its last good write). */
async function imageSetFor(catalog: Catalog, arg: string): Promise<number> {
  if (/^\d+$/.test(arg)) {
    if (!catalog.imageSets.get(Number(arg))) throw new SysbError('NOT_FOUND', `image set ${arg} is not in the catalog`);
    return Number(arg);
  }
  const volser = arg.trim().toUpperCase();
  const cart = catalog.cartridges.get(volser);
  if (!cart) throw new SysbError('NOT_FOUND', `${arg} is neither an image-set id nor a cataloged VOLSER`);
  const write = catalog.writes.listFor(cart.id).find((w) => w.result === 'ok');
  if (write?.imageSetId == null) throw new SysbError('NOT_FOUND', `cartridge ${volser} has no good write of a known image set`);
  return write.imageSetId;
}

/** Members of an image set from the index, indexing its staged mksysb first when it was never indexed. */
async function membersOf(catalog: Catalog, imageSetId: number): Promise<IndexedMember[]> {
  if (!catalog.members.info(imageSetId)) {
    const set = catalog.imageSets.get(imageSetId)!;
    const file = path.join(set.stagingPath, '4_mksysb.img');
    if (!(await stat(file).catch(() => null))?.isFile()) {
      throw new SysbError(
        'NOT_FOUND',
        `image set ${imageSetId} is not indexed and its images are no longer staged (${file}); index it from its tape with 'sysbtape catalog rebuild --tape …'`,
      );
    }
    await indexImageSet(catalog, imageSetId);
  }
  return catalog.members.members(imageSetId);
}

function printFind(io: CliIo, result: FindResult): void {
  for (const h of result.backups) {
    const carts =
      h.cartridges.length === 0
        ? 'on no cartridge'
        : h.cartridges.map((c) => `${c.volser} (${c.status}${c.location ? `, ${c.location}` : ''})`).join(', ');
    io.out.write(`image set ${h.imageSetId}  ${h.serverName}  captured ${h.capturedAt}${h.osLevel ? `  ${h.osLevel}` : ''}  ${carts}\n`);
    for (const m of h.members) io.out.write(`  ${String(m.size).padStart(12)}  ${when(m)}  ${m.name}\n`);
    if (h.matches > h.members.length) io.out.write(`  ... and ${h.matches - h.members.length} more\n`);
  }
  if (result.truncated)
    io.err.write(`more than ${result.namesMatched} names match: only the first ${result.namesMatched} are shown; narrow the pattern\n`);
}

/** Registers `find`. */
export const findCommand: CommandModule = (program, io, setExit) => {
  program
    .command('find')
    .description(
      'Which backups hold a file: every image set (and the cartridges holding it, with location) with a member matching PATTERN.',
    )
    .argument('<pattern>', "substring of a member name (hosts, /etc/hosts) or a shell pattern ('*.conf', './etc/*')")
    .option('--server <name>', 'only backups of this server')
    .option('--before <date>', 'only backups captured before this date (YYYY-MM-DD)')
    .option('--after <date>', 'only backups captured on or after this date')
    .option('--limit <n>', 'members listed per backup', '100')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (pattern: string, f: FindFlags, cmd: Command) => {
        const limit = Number(f.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new SysbError('USAGE', `--limit '${f.limit}' is not a positive whole number`);
        const filter = {
          ...(f.server ? { server: f.server } : {}),
          ...(f.before ? { before: isoDate('--before', f.before)! } : {}),
          ...(f.after ? { after: isoDate('--after', f.after)! } : {}),
          limitPerSet: limit,
        };
        return withCatalog(cmd, (catalog) => {
          if (f.server && !catalog.servers.getByName(f.server))
            throw new SysbError('NOT_FOUND', `server '${f.server}' is not in the catalog`);
          const result = catalog.members.find(pattern, filter);
          if (f.json) printJson(io, { pattern, ...result });
          else if (result.backups.length === 0) io.err.write(`no indexed backup has a member matching '${pattern}'\n`);
          else printFind(io, result);
          return result.backups.length > 0 ? EXIT_OK : EXIT_PROBLEMS;
        });
      }),
    );
};

/** Registers `diff`. */
export const diffCommand: CommandModule = (program, io, setExit) => {
  program
    .command('diff')
    .description(
      'What changed between two backups of a server (image-set ids or VOLSERs): members added, removed, changed, per directory with bytes.',
    )
    .argument('<a>', 'the older backup: image-set id or VOLSER')
    .argument('<b>', 'the newer backup: image-set id or VOLSER')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (a: string, b: string, f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, async (catalog) => {
          const [ia, ib] = [await imageSetFor(catalog, a), await imageSetFor(catalog, b)];
          const [sa, sb] = [catalog.imageSets.get(ia)!, catalog.imageSets.get(ib)!];
          if (sa.serverId !== sb.serverId) io.err.write(`note: image set ${ia} is of ${sa.serverName} and ${ib} of ${sb.serverName}\n`);
          const d = diffMembers(await membersOf(catalog, ia), await membersOf(catalog, ib));
          if (f.json) {
            printJson(io, {
              a: { imageSetId: ia, server: sa.serverName, capturedAt: sa.capturedAt },
              b: { imageSetId: ib, server: sb.serverName, capturedAt: sb.capturedAt },
              ...d,
            });
          } else {
            io.out.write(
              `${sa.serverName} image set ${ia} (${sa.capturedAt}) -> image set ${ib} (${sb.capturedAt}): ` +
                `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed\n`,
            );
            for (const x of d.directories.slice(0, 50)) {
              io.out.write(`  ${x.bytes >= 0 ? '+' : ''}${x.bytes} bytes  +${x.added} -${x.removed} ~${x.changed}  ${x.directory}\n`);
            }
            for (const m of d.added) io.out.write(`A ${m.name}\n`);
            for (const m of d.removed) io.out.write(`D ${m.name}\n`);
            for (const c of d.changed) io.out.write(`M ${c.name} (${c.fields.join(', ')})\n`);
          }
          return EXIT_OK;
        }),
      ),
    );
};
