/** `sysbtape jobs list|resume ID|show ID`: durable jobs; interrupted ones (a crashed process) are found at start and resumable. */
import type { Command } from 'commander';
import { SysbError } from '../../shared/errors.ts';
import type { StepState } from '../services/catalog/model.ts';
import { JobEngine } from '../services/jobs/job-engine.ts';
import { serverOfJob, TAPE_JOB_STEPS, type TapeJobStep } from '../services/jobs/job-model.ts';
import { engineJobOf } from '../services/jobs/job-params.ts';
import { loadLinkedCartridge, returnLinkedCartridge } from '../services/library/library-job-link.ts';
import {
  type CliIo,
  EXIT_OK,
  type CommandModule,
  confirmedCodes,
  jobJson,
  openCliCatalog,
  printJson,
  runAction,
  runJobFromCli,
} from './command-kit.ts';
import { PASSPHRASE_STDIN_HELP, PASSWORD_STDIN_HELP, readSshSecrets, type SecretFlags } from './ssh-cli-kit.ts';

function jobId(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new SysbError('USAGE', `job id must be a positive whole number, got '${text}'`);
  return Number(text);
}

function list(jobs: Command, io: CliIo, setExit: (code: number) => void): void {
  jobs
    .command('list')
    .description('List jobs, newest first (interrupted ones are detected first).')
    .option('--state <states>', 'only these states, e.g. interrupted,failed')
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (f: { state?: string; json?: boolean }, cmd: Command) => {
        const catalog = await openCliCatalog(cmd);
        try {
          new JobEngine(catalog).detectInterrupted();
          const states = (f.state ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean) as StepState[];
          const found = catalog.jobs.list(states.length > 0 ? { states } : {});
          if (f.json) printJson(io, found.map(jobJson));
          else if (found.length === 0) io.out.write('No jobs.\n');
          else {
            for (const j of found) {
              const steps = j.steps.map((s) => `${s.name}:${s.state}`).join(' ');
              io.out.write(`${String(j.id).padStart(5)}  ${j.state.padEnd(11)} ${j.volser ?? '-'}  ${j.createdAt}  ${steps}\n`);
            }
          }
          return EXIT_OK;
        } finally {
          catalog.close();
        }
      }),
    );
}

function show(jobs: Command, io: CliIo, setExit: (code: number) => void): void {
  jobs
    .command('show <id>')
    .description("Show one job's steps, their results and its log file.")
    .option('--json', 'print as JSON')
    .action(
      runAction(io, setExit, async (id: string, f: { json?: boolean }, cmd: Command) => {
        const catalog = await openCliCatalog(cmd);
        try {
          new JobEngine(catalog).detectInterrupted();
          const j = catalog.jobs.require(jobId(id));
          if (f.json) printJson(io, jobJson(j));
          else {
            io.out.write(`Job ${j.id} (${j.kind}) ${j.state}, cartridge ${j.volser ?? '-'}, log ${j.logPath ?? '-'}\n`);
            for (const s of j.steps) io.out.write(`  ${s.name.padEnd(8)} ${s.state.padEnd(11)} ${s.message ?? ''}\n`);
          }
          return EXIT_OK;
        } finally {
          catalog.close();
        }
      }),
    );
}

function resume(jobs: Command, io: CliIo, setExit: (code: number) => void): void {
  jobs
    .command('resume <id>')
    .description('Resume a failed, cancelled or interrupted job at the step that did not finish (a failed write never re-runs mksysb).')
    .option('--from <step>', 'run again from this step even if it is done, e.g. --from write after a failed verification')
    .option('--yes', 'confirm every "are you sure" check')
    .option('--confirm <codes>', 'confirm only these checks')
    .option('--override-retention <reason>', 'write a cartridge still under retention; the reason is recorded')
    .option(
      '--changer <device>',
      'a job whose cartridge came from a library: its changer (default: $SYSBTAPE_CHANGER, settings, the one it used)',
    )
    .option('--password-stdin', PASSWORD_STDIN_HELP)
    .option('--passphrase-stdin', PASSPHRASE_STDIN_HELP)
    .option('--json', 'print the job as JSON')
    .action(
      runAction(
        io,
        setExit,
        async (
          id: string,
          f: SecretFlags & {
            from?: string;
            yes?: boolean;
            confirm?: string;
            overrideRetention?: string;
            json?: boolean;
            changer?: string;
          },
          cmd: Command,
        ) => {
          const catalog = await openCliCatalog(cmd);
          try {
            const engine = new JobEngine(catalog);
            const n = jobId(id);
            const serverName = serverOfJob(engineJobOf(catalog.jobs.require(n)));
            const secrets = await readSshSecrets(io, f, serverName ? (catalog.servers.getByName(serverName)?.auth ?? []) : []);
            if (f.from !== undefined) {
              if (!(TAPE_JOB_STEPS as readonly string[]).includes(f.from))
                throw new SysbError('USAGE', `--from must be one of ${TAPE_JOB_STEPS.join(', ')}`);
              engine.detectInterrupted();
              engine.rerunFrom(n, f.from as TapeJobStep);
            } else if (catalog.jobs.require(n).state === 'done') {
              throw new SysbError('INVALID_INPUT', `job ${n} is already done; nothing to resume (use --from STEP to run steps again)`);
            }
            // A cartridge from the library is loaded again by its VOLSER first; gone, or another one in the drive: stop here.
            const loaded = await loadLinkedCartridge(catalog.jobs.require(n), { flag: f.changer });
            if (loaded) io.err.write(`${loaded}\n`);
            const code = await runJobFromCli(io, engine, n, {
              confirmed: confirmedCodes(f.yes, f.confirm),
              json: f.json === true,
              ...(f.overrideRetention ? { retentionOverrideReason: f.overrideRetention } : {}),
              secrets,
            });
            const job = catalog.jobs.require(n);
            const back = await returnLinkedCartridge(job, code === EXIT_OK ? 'pass' : 'fail', { flag: f.changer });
            if (back) io.err.write(`${back}\n`);
            return code;
          } finally {
            catalog.close();
          }
        },
      ),
    );
}

/** Registers `jobs`. */
export const jobsCommand: CommandModule = (program, io, setExit) => {
  const jobs = program.command('jobs').description('Durable jobs: list them, show one, resume an interrupted or failed one.');
  list(jobs, io, setExit);
  show(jobs, io, setExit);
  resume(jobs, io, setExit);
};
