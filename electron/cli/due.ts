/** `sysbtape due [--run]`: the scheduled captures that are due; with --run, captures them unattended (the write waits for a tape). */
import type { Command } from 'commander';
import path from 'node:path';
import { JobEngine } from '../services/jobs/job-engine.ts';
import { fleetEvents } from '../services/notify/fleet-events.ts';
import { fleetStatusOf } from '../services/ops/fleet.ts';
import { type DueRunResult, listDue, runDue } from '../services/ops/due-runner.ts';
import type { DueItem } from '../services/ops/schedule-rule.ts';
import { defaultKnownHostsPath } from '../services/ssh/ssh-connection.ts';
import {
  type CommandModule,
  catalogPathOf,
  EXIT_OK,
  EXIT_PROBLEMS,
  jobEventPrinter,
  printJson,
  runAction,
  stagingRootOf,
  withCatalog,
  withSigint,
} from './command-kit.ts';
import { notifierForCli } from './notify-kit.ts';
import { librarySettings } from '../services/library/open-changer.ts';
import { writeFromLibrary } from '../services/library/unattended-write.ts';

const WORD: Record<DueItem['state'], string> = {
  due: 'DUE',
  'not-due': 'not due',
  waiting: 'WAITING',
  'backing-off': 'BACKING OFF',
  'given-up': 'GIVEN UP',
};

/** Registers `due`. */
export const dueCommand: CommandModule = (program, io, setExit) => {
  program
    .command('due')
    .description(
      'The scheduled captures that are due; with --run, capture and fetch them unattended (the write waits for a tape). Exit 1 when a capture failed or a schedule gave up.',
    )
    .option(
      '--run',
      'run the due captures now (capture + fetch + readiness), one server at a time; with a library in the settings, also write and verify a reusable cartridge',
    )
    .option('--staging <dir>', 'where image sets are kept (default: $SYSBTAPE_STAGING, else staging/ beside the catalog)')
    .option('--json', 'print { due: [...], runs: [...] } as JSON')
    .action(
      runAction(io, setExit, async (f: { run?: boolean; staging?: string; json?: boolean }, cmd: Command) =>
        withCatalog(cmd, async (catalog) => {
          const items = listDue(catalog, new Date());
          let runs: DueRunResult[] = [];
          if (f.run) {
            const engine = new JobEngine(catalog);
            const unsubscribe = f.json ? () => true : engine.subscribe(jobEventPrinter(io));
            const notifier = await notifierForCli(io);
            // The settings file's library (or none): scheduled captures are then written unattended when it holds a reusable cartridge.
            const library = librarySettings();
            const labelDir = path.join(path.dirname(path.resolve(catalog.path)), 'labels');
            try {
              runs = await withSigint((signal) =>
                runDue(engine, {
                  stagingRoot: stagingRootOf(io, f.staging, catalogPathOf(cmd)),
                  knownHostsPath: defaultKnownHostsPath(),
                  lockDir: path.join(path.dirname(path.resolve(catalog.path)), 'locks'),
                  signal,
                  ...(notifier ? { notify: notifier } : {}),
                  ...(library
                    ? { writeToLibrary: (id: number, signal?: AbortSignal) => writeFromLibrary(engine, id, library, labelDir, signal) }
                    : {}),
                }),
              );
              // The unattended run is also when the operator hears of the rest: overdue servers, failed read-backs, retention, cleaning.
              if (notifier) for (const e of fleetEvents(fleetStatusOf(catalog))) await notifier(e);
            } finally {
              unsubscribe();
            }
          }
          if (f.json) printJson(io, { due: items, runs });
          else {
            if (!items.length) io.out.write('no schedules (add one with: sysbtape schedule add SERVER --every 30d)\n');
            for (const i of items)
              io.out.write(
                `${i.server}: ${WORD[i.state]} — ${i.reason}${i.unfinishedJobId === null ? '' : ` (resumes job ${i.unfinishedJobId})`}\n`,
              );
            for (const r of runs) {
              const job = r.jobId === null ? '' : ` (job ${r.jobId}${r.resumed ? ', resumed' : ''})`;
              io.out.write(
                `${r.server}: ${r.outcome}${job}: ${r.outcome === 'captured' ? `image set ${r.imageSetId ?? '?'}${r.ready === false ? ' NOT restore-ready' : ''}; ` : ''}${r.message}\n`,
              );
            }
          }
          const bad = runs.some((r) => r.outcome === 'failed') || items.some((i) => i.state === 'given-up');
          return bad ? EXIT_PROBLEMS : EXIT_OK;
        }),
      ),
    );
};
