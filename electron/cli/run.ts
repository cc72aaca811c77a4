/** `sysbtape run SERVER --tape TARGET --volser V`: the whole job (capture → fetch → write → verify → record) against a real server. */
import path from 'node:path';
import { SysbError } from '../../shared/errors.ts';
import type { Command } from 'commander';
import type { Catalog } from '../services/catalog/catalog.ts';
import { DEFAULT_CAPTURE, type CaptureRequest, tapeblkszLine } from '../services/ssh/capture.ts';
import type { FetchTransport } from '../services/ssh/fetch-file.ts';
import { defaultKnownHostsPath } from '../services/ssh/ssh-connection.ts';
import { JobEngine } from '../services/jobs/job-engine.ts';
import {
  type CommandModule,
  catalogPathOf,
  confirmedCodes,
  openCliCatalog,
  parseSize,
  runAction,
  runJobFromCli,
  stagingRootOf,
} from './command-kit.ts';
import { importLegacyServers } from './cli-server-store.ts';
import { loadForJob, returnAfterJob, usesLibrary, type LibraryJobRequest } from '../services/library/job-cartridge.ts';
import { recordLibraryLink } from '../services/library/library-job-link.ts';
import { intFlag, PASSPHRASE_STDIN_HELP, PASSWORD_STDIN_HELP, readSshSecrets, type SecretFlags } from './ssh-cli-kit.ts';

function parseTransport(text: string): FetchTransport {
  if (text === 'sftp' || text === 'exec') return text;
  throw new SysbError('USAGE', `--transport must be sftp or exec, got '${text}'`);
}

interface RunFlags extends SecretFlags {
  tape: string;
  volser?: string;
  pick?: boolean;
  changer?: string;
  drive?: string;
  export?: boolean;
  staging?: string;
  labels?: string;
  media?: string;
  exclude?: boolean;
  pack: boolean;
  expandTmp?: boolean;
  blockSize: string;
  capacity?: string;
  transport?: string;
  yes?: boolean;
  confirm?: string;
  overrideRetention?: string;
  json?: boolean;
}

/** Checks the server is in the catalog (servers.json from before the catalog is moved in first). */
async function serverIntoCatalog(catalog: Catalog, name: string): Promise<void> {
  await importLegacyServers(catalog);
  if (!catalog.servers.getByName(name))
    throw new SysbError('NOT_FOUND', `no server named '${name}'; add it with: sysbtape server add ${name} --host H --user U`);
}

/** Registers `run`. */
export const runCommand: CommandModule = (program, io, setExit) => {
  program
    .command('run <server>')
    .description(
      'The whole job against an AIX server: capture, fetch, write the tape, verify it, record it in the catalog and make its label.',
    )
    .requiredOption('--tape <target>', 'a virtual tape file ending in .tap or a no-rewind device /dev/nstN')
    .option(
      '--volser <volser>',
      'the cartridge (6 characters A–Z0–9); added to the catalog when --media is given; loaded from its library slot with --changer',
    )
    .option(
      '--pick',
      'let the library choose a reusable cartridge (blank, or past retention and not the newest verified copy of any server)',
    )
    .option('--changer <device>', 'the library changer /dev/sgN (default: $SYSBTAPE_CHANGER; found through sysfs with --pick)')
    .option('--drive <n>', 'the library drive number of --tape (default: matched by serial, or the only drive)')
    .option('--export', 'after a verified write, put the cartridge in the import/export slot (to go off site) instead of its slot')
    .option('--media <id>', 'media id for a cartridge not in the catalog yet (L5–L9, M8, LV–LZ)')
    .option(
      '--staging <dir>',
      'where image sets are kept (default: $SYSBTAPE_STAGING, else staging/ beside the catalog: ~/.local/share/sysbtape/staging)',
    )
    .option('--labels <dir>', 'where the label PDF/PNG go (default: labels/ beside the catalog)')
    .option('--exclude', 'mksysb -e: leave out what /etc/exclude.rootvg lists')
    .option('--no-pack', 'mksysb -p: do not pack files')
    .option('--expand-tmp', 'mksysb -X: let AIX grow /tmp if needed')
    .option('--block-size <bytes>', 'record-4 block size written to /tapeblksz', '512')
    .option('--transport <kind>', 'fetch over sftp or exec (default: the measured faster one)')
    .option('--capacity <size>', 'virtual tape only: capacity of the .tap file, e.g. 100MiB')
    .option('--yes', 'confirm every "are you sure" check (unknown tape contents, a cartridge that failed before)')
    .option('--confirm <codes>', 'confirm only these checks, e.g. UNKNOWN_CONTENTS,FAILED_BEFORE')
    .option('--override-retention <reason>', 'write a cartridge still under retention; the reason is recorded')
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--passphrase-stdin', PASSPHRASE_STDIN_HELP)
    .option('--json', 'print the job as JSON')
    .action(
      runAction(io, setExit, async (server: string, f: RunFlags, cmd: Command) => {
        const capture: CaptureRequest = {
          ...DEFAULT_CAPTURE,
          exclude: f.exclude === true,
          pack: f.pack,
          expandTmp: f.expandTmp === true,
          record4BlockSize: intFlag('--block-size', f.blockSize, 512, 262144),
        };
        tapeblkszLine(capture.record4BlockSize);
        const capacityBytes = f.capacity === undefined ? undefined : parseSize(f.capacity);
        if ((f.volser === undefined) === (f.pick !== true)) throw new SysbError('USAGE', 'give either --volser V or --pick');
        const library = usesLibrary({ changer: f.changer, pick: f.pick === true, tape: f.tape });
        if (!library && (f.export || f.drive !== undefined))
          throw new SysbError('USAGE', '--export and --drive need a library (--changer, $SYSBTAPE_CHANGER or --pick)');
        const catalog = await openCliCatalog(cmd);
        try {
          await serverIntoCatalog(catalog, server);
          const secrets = await readSshSecrets(io, f, catalog.servers.getByName(server)?.auth ?? []);
          // The library step: load (and with --pick choose) the cartridge before the job exists; any refusal writes nothing.
          const libraryRequest: LibraryJobRequest | undefined = library
            ? {
                changer: f.changer,
                tape: f.tape,
                volser: f.volser,
                pick: f.pick === true,
                ...(f.drive === undefined ? {} : { driveNumber: intFlag('--drive', f.drive, 1, 4096) }),
              }
            : undefined;
          let volser = f.volser ?? '';
          let changerUsed: string | undefined;
          if (libraryRequest) {
            const loaded = await loadForJob(catalog, libraryRequest);
            volser = loaded.volser;
            changerUsed = loaded.changer;
            io.err.write(
              `library: ${loaded.load.alreadyLoaded ? `${loaded.volser} already in ${loaded.load.drive}` : `loaded ${loaded.volser} from ${loaded.load.from} into ${loaded.load.drive}`}` +
                `${loaded.why ? ` (picked: ${loaded.why})` : ''}\n`,
            );
          }
          if (!catalog.cartridges.get(volser)) {
            if (!f.media)
              throw new SysbError(
                'NOT_FOUND',
                `no cartridge ${volser.toUpperCase()} in the catalog; give its media id with --media L6 (or add it with 'sysbtape tape add')`,
              );
            catalog.cartridges.add({ volser, mediaId: f.media });
          }
          const engine = new JobEngine(catalog);
          engine.detectInterrupted();
          const job = engine.createTapeJob({
            server,
            target: f.tape,
            volser,
            stagingRoot: stagingRootOf(io, f.staging, catalogPathOf(cmd)),
            labelDir: f.labels ?? path.join(path.dirname(catalog.path), 'labels'),
            capture,
            knownHostsPath: defaultKnownHostsPath(),
            ...(capacityBytes === undefined ? {} : { capacityBytes }),
            ...(f.transport === undefined ? {} : { transport: parseTransport(f.transport) }),
          });
          // `jobs resume` loads this cartridge again (and never writes to another one in the drive).
          if (libraryRequest && changerUsed) {
            recordLibraryLink(catalog, job.id, {
              volser: volser.toUpperCase(),
              changer: changerUsed,
              tape: f.tape,
              afterVerify: f.export ? 'export' : 'slot',
              ...(libraryRequest.driveNumber === undefined ? {} : { driveNumber: libraryRequest.driveNumber }),
            });
          }
          if (!f.json) io.err.write(`job ${job.id} created; log ${job.logPath ?? '-'}\n`);
          const stays = (): void => {
            if (libraryRequest) io.err.write(`library: ${volser} stays in the drive (the job did not pass)\n`);
          };
          const code = await runJobFromCli(io, engine, job.id, {
            confirmed: confirmedCodes(f.yes, f.confirm),
            json: f.json === true,
            ...(f.overrideRetention ? { retentionOverrideReason: f.overrideRetention } : {}),
            secrets,
          }).catch((err: unknown) => {
            stays();
            throw err;
          });
          // Only a verified cartridge goes back to its slot (or off site); a failed one stays in the drive to be looked at.
          if (libraryRequest && code === 0) {
            const back = await returnAfterJob(libraryRequest, f.export === true);
            io.err.write(`library: unloaded ${back.barcode ?? volser} from ${back.drive} to ${back.to}\n`);
          } else stays();
          return code;
        } finally {
          catalog.close();
        }
      }),
    );
};
