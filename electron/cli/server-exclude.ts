/**
 * `sysbtape server exclude NAME [--add PATTERN…] [--yes]`: shows the server's /etc/exclude.rootvg, and
 * with --add appends lines to it — the remedy for a rootvg too big for one cartridge (TOO_BIG_FOR_MEDIA).
 * Writing on the server is explicit: without --yes it only shows what would be added.
 */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import { C_LOCALE, EXCLUDE_ROOTVG } from '../services/ssh/aix-paths.ts';
import { RemoteHost } from '../services/ssh/remote-host.ts';
import { requireServer } from '../services/ssh/server-store.ts';
import { sh } from '../services/ssh/shell-quote.ts';
import { cliServerStore } from './cli-server-store.ts';
import { type CliIo, EXIT_OK, EXIT_PROBLEMS, runAction } from './command-kit.ts';
import { PASSPHRASE_STDIN_HELP, PASSWORD_STDIN_HELP, readSshSecrets, type SecretFlags } from './ssh-cli-kit.ts';

interface ExcludeFlags extends SecretFlags {
  add?: string[];
  yes?: boolean;
}

/** Checks one exclude line: mksysb feeds the file to egrep over "./path" names, one regex a line. */
export function checkExcludePattern(p: string): string {
  const line = p.trim();
  if (line === '' || /[\n\r\0]/.test(p)) throw new SysbError('USAGE', `exclude pattern '${p}' must be one non-empty line`);
  try {
    new RegExp(line);
  } catch (err) {
    throw new SysbError('USAGE', `exclude pattern '${line}' is not a valid regular expression: ${(err as Error).message}`);
  }
  if (!line.startsWith('^./'))
    throw new SysbError(
      'USAGE',
      `exclude pattern '${line}' should start with ^./ (mksysb matches lines against names like ./home/data/file), e.g. ^./home/data/`,
    );
  return line;
}

/** Registers `server exclude` on the `server` command. */
export function serverExclude(server: Command, io: CliIo, setExit: (code: number) => void): void {
  server
    .command('exclude <name>')
    .description("Show the server's /etc/exclude.rootvg; with --add (and --yes) append patterns to it, then capture again with --exclude.")
    .option('--add <pattern...>', 'egrep pattern to append, e.g. ^./home/data/ (repeatable)')
    .option('--yes', 'write the patterns on the server (without it, only show what would change)')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--passphrase-stdin', PASSPHRASE_STDIN_HELP)
    .action(
      runAction(io, setExit, async (name: string, f: ExcludeFlags, cmd: Command) => {
        const adding = (f.add ?? []).map(checkExcludePattern);
        const cfg = await requireServer(cliServerStore(cmd), name);
        const host = await RemoteHost.connect(cfg, await readSshSecrets(io, f, cfg.auth));
        try {
          const read = async () =>
            (await host.run(sh`${C_LOCALE} if [ -f ${EXCLUDE_ROOTVG} ]; then cat ${EXCLUDE_ROOTVG}; fi`)).stdout
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean);
          const current = await read();
          io.out.write(
            current.length
              ? `/etc/exclude.rootvg on ${name}:\n${current.map((l) => `  ${l}`).join('\n')}\n`
              : `/etc/exclude.rootvg on ${name} is empty or absent\n`,
          );
          const fresh = adding.filter((l, i) => !current.includes(l) && adding.indexOf(l) === i);
          if (adding.length === 0) return EXIT_OK;
          if (fresh.length === 0) {
            io.out.write('every pattern is already there; nothing to add\n');
            return EXIT_OK;
          }
          if (!f.yes) {
            io.out.write(
              `would add:\n${fresh.map((l) => `  ${l}`).join('\n')}\nnothing was written: run again with --yes to change /etc/exclude.rootvg on ${name}\n`,
            );
            return EXIT_PROBLEMS;
          }
          const script = sh`printf '%s\\n' ${fresh} >> ${EXCLUDE_ROOTVG}`;
          const r = await host.run(`${C_LOCALE.shell} ${cfg.sudo.length > 0 ? sh`${cfg.sudo} sh -c ${script}` : script}`);
          if (r.exitCode !== 0)
            throw new SysbError(
              'REMOTE_COMMAND',
              `could not write /etc/exclude.rootvg on ${name}: ${r.stderr.trim() || `exit ${r.exitCode}`}`,
            );
          const after = await read();
          io.out.write(
            `added ${fresh.length} line(s); /etc/exclude.rootvg on ${name} now reads:\n${after.map((l) => `  ${l}`).join('\n')}\n` +
              `next: sysbtape capture ${name} --exclude (then sysbtape readiness on the new image set)\n`,
          );
          return EXIT_OK;
        } finally {
          host.close();
        }
      }),
    );
}
