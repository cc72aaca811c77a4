/** `sysbtape catalog info|backup|export`: the catalog file itself. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { lastBackup } from '../services/catalog/backups.ts';
import { EXPORT_FORMATS, EXPORT_SUBJECTS, type ExportFormat, type ExportSubject, exportCatalog } from '../services/catalog/export.ts';
import { type CliIo, type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction, withSigint, withCatalog } from './command-kit.ts';

type SetExit = (code: number) => void;

function info(cat: Command, io: CliIo, setExit: SetExit): void {
  cat
    .command('info')
    .description('Where the catalog is, its schema version, what it holds, its last automatic backup; runs a full integrity check.')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, (c) => {
          const problems = c.integrityCheck();
          const facts = {
            path: c.path,
            schemaVersion: c.schemaVersion,
            cartridges: c.cartridges.search({ limit: 1 }).total,
            servers: c.servers.list().length,
            interruptedJobs: c.jobs.list({ states: ['interrupted'] }).length,
            lastBackup: lastBackup(c.path) ?? null,
            integrity: problems.length === 0 ? 'ok' : problems,
          };
          if (f.json) printJson(io, facts);
          else {
            io.out.write(
              `catalog ${facts.path} (schema ${facts.schemaVersion})\n${facts.cartridges} cartridges, ${facts.servers} servers, ${facts.interruptedJobs} interrupted jobs\n`,
            );
            io.out.write(
              `last automatic backup: ${facts.lastBackup ?? 'none'}\nintegrity: ${problems.length === 0 ? 'ok' : problems.join('; ')}\n`,
            );
          }
          return problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS;
        }),
      ),
    );
}

function backup(cat: Command, io: CliIo, setExit: SetExit): void {
  cat
    .command('backup <path>')
    .description('Copy the catalog to PATH while it may be in use (SQLite online backup); refuses to overwrite unless --force.')
    .option('--force', 'overwrite PATH if it exists')
    .option('--json', 'print { path, bytes } as JSON')
    .action(
      runAction(io, setExit, async (dest: string, f: { force?: boolean; json?: boolean }, cmd: Command) => {
        const target = path.resolve(dest);
        if (fs.existsSync(target) && fs.statSync(target).isDirectory())
          throw new SysbError('USAGE', `${target} is a directory; give a file name such as ${path.join(target, 'catalog-backup.db')}`);
        if (fs.existsSync(target) && !f.force) throw new SysbError('USAGE', `${target} exists; choose another name or add --force`);
        return withCatalog(cmd, async (c) => {
          if (path.resolve(c.path) === target) throw new SysbError('USAGE', 'the backup must not be the catalog file itself');
          await c.backup(target);
          const bytes = fs.statSync(target).size;
          if (f.json) printJson(io, { path: target, bytes });
          else io.out.write(`backed up ${c.path} to ${target} (${bytes} bytes)\n`);
          return EXIT_OK;
        });
      }),
    );
}

function exportCmd(cat: Command, io: CliIo, setExit: SetExit): void {
  cat
    .command('export')
    .description('Export cartridges or verifications as CSV or JSON, to stdout or --out FILE.')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' or '))
    .requiredOption('--what <subject>', EXPORT_SUBJECTS.join(' or '))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      runAction(io, setExit, async (f: { format: string; what: string; out?: string }, cmd: Command) => {
        if (!(EXPORT_FORMATS as readonly string[]).includes(f.format))
          throw new SysbError('USAGE', `--format must be ${EXPORT_FORMATS.join(' or ')}, got '${f.format}'`);
        if (!(EXPORT_SUBJECTS as readonly string[]).includes(f.what))
          throw new SysbError('USAGE', `--what must be ${EXPORT_SUBJECTS.join(' or ')}, got '${f.what}'`);
        return withCatalog(cmd, async (c) => {
          if (!f.out) {
            const n = await exportCatalog(c, f.what as ExportSubject, f.format as ExportFormat, (s) => {
              io.out.write(s);
            });
            io.err.write(`exported ${n} ${f.what}\n`);
            return EXIT_OK;
          }
          const out = path.resolve(f.out);
          const tmp = `${out}.partial`;
          const fd = fs.openSync(tmp, 'w');
          let n: number;
          try {
            let buf = '';
            n = await exportCatalog(c, f.what as ExportSubject, f.format as ExportFormat, (s) => {
              buf += s;
              if (buf.length > 1 << 16) {
                fs.writeSync(fd, buf);
                buf = '';
              }
            });
            fs.writeSync(fd, buf);
            fs.fsyncSync(fd);
          } catch (err) {
            fs.closeSync(fd);
            fs.rmSync(tmp, { force: true });
            throw err;
          }
          fs.closeSync(fd);
          fs.renameSync(tmp, out);
          io.out.write(`exported ${n} ${f.what} to ${out}\n`);
          return EXIT_OK;
        });
      }),
    );
}

function indexCmd(cat: Command, io: CliIo, setExit: SetExit): void {
  cat
    .command('index [imageSets...]')
    .description(
      'Index the members of image sets (by id; default: every image set not indexed yet whose images are still staged), for find and diff.',
    )
    .option('--json', 'print what was indexed as JSON')
    .action(
      runAction(io, setExit, async (ids: string[], f: { json?: boolean }, cmd: Command) =>
        withCatalog(cmd, async (c) => {
          const { indexImageSet } = await import('../services/contents/index-image-set.ts');
          const wanted =
            ids.length > 0
              ? ids.map((id) => {
                  if (!/^\d+$/.test(id)) throw new SysbError('USAGE', `'${id}' is not an image-set id`);
                  return Number(id);
                })
              : c.imageSets
                  .list({ limit: 1_000_000 })
                  .filter((s) => !c.members.info(s.id) && fs.existsSync(path.join(s.stagingPath, '4_mksysb.img')))
                  .map((s) => s.id);
          const done = [];
          for (const id of wanted) {
            const info = await indexImageSet(c, id);
            done.push(info);
            if (!f.json) io.out.write(`image set ${id}: ${info.members} members indexed\n`);
          }
          if (f.json) printJson(io, done);
          else if (done.length === 0) io.out.write('nothing to index\n');
          return EXIT_OK;
        }),
      ),
    );
}

function rebuildCmd(cat: Command, io: CliIo, setExit: SetExit): void {
  cat
    .command('rebuild')
    .description('Recreate the cartridge, image set, write and member index of a tape the catalog lost, from the tape itself (idempotent).')
    .requiredOption('--tape <target>', 'the tape to read (.tap or /dev/nstN)')
    .option('--volser <label>', 'the cartridge label: VOLSER (ABC123), or the whole barcode (ABC123L8) when the catalog does not know it')
    .option('--force', 'record what the tape holds even when the catalog has another write for this cartridge')
    .option('--json', 'print what was recreated as JSON')
    .action(
      runAction(io, setExit, async (f: { tape: string; volser?: string; force?: boolean; json?: boolean }, cmd: Command) =>
        withCatalog(cmd, async (c) => {
          const [{ rebuildFromTape }, { tapeDriveFor }] = await Promise.all([
            import('../services/contents/catalog-rebuild.ts'),
            import('../services/tape/open-tape-drive.ts'),
          ]);
          const r = await withSigint((signal) =>
            rebuildFromTape(c, tapeDriveFor(f.tape), {
              ...(f.volser === undefined ? {} : { volser: f.volser }),
              ...(f.force ? { force: true } : {}),
              signal,
            }),
          );
          if (f.json) printJson(io, r);
          else io.out.write(`${r.summary}\n`);
          return EXIT_OK;
        }),
      ),
    );
}

/** Registers `sysbtape catalog …`. */
export const catalogCommand: CommandModule = (program, io, setExit) => {
  const cat = program.command('catalog').description('The catalog file: info, backup, export, index, rebuild.');
  info(cat, io, setExit);
  backup(cat, io, setExit);
  exportCmd(cat, io, setExit);
  indexCmd(cat, io, setExit);
  rebuildCmd(cat, io, setExit);
};
