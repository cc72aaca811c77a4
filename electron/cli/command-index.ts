/**
 * The commands of `sysbtape`: how to load each one, and what the top-level help says about it.
 * The help line is written here, not read from the command's module, so that `sysbtape --help` and
 * `--version` load no command at all (each module pulls in its services: SQLite, ssh2, PDF...).
 * test/unit/cli/command-index.test.ts fails when a line here drifts from what the module registers.
 */
import type { CommandModule } from './command-kit.ts';

/** One top-level command: its name, its help line (term and summary, as commander prints them) and its loader. */
export interface CommandEntry {
  name: string;
  /** What commander's help shows left of the summary, e.g. 'list [options] <file>'. */
  term: string;
  summary: string;
  load: () => Promise<CommandModule>;
}

/** Every command, in the order of the README. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'make-images',
    term: 'make-images [options]',
    summary: 'Write a synthetic AIX image set: 1_bosboot.img, 2_mkinsttape.img, 4_mksysb.img (same seed, same bytes).',
    load: async () => (await import('./make-images.ts')).makeImagesCommand,
  },
  {
    name: 'list',
    term: 'list [options] <file>',
    summary:
      'List the members of a backup-by-name archive (mkinsttape or mksysb image), like restore -Tv: size and name, then totals and problems.',
    load: async () => (await import('./list.ts')).listCommand,
  },
  {
    name: 'inspect',
    term: 'inspect [options] [file]',
    summary:
      'Tell what an image file is (boot image, mkinsttape, mksysb) and check it: member count, bytes, tapeblksz, the image.data summary, problems with offsets.',
    load: async () => (await import('./inspect.ts')).inspectCommand,
  },
  {
    name: 'write',
    term: 'write [options]',
    summary: 'Write an image set (1_bosboot.img, 2_mkinsttape.img, 4_mksysb.img) as a bootable four-record tape.',
    load: async () => (await import('./write.ts')).writeCommand,
  },
  {
    name: 'verify',
    term: 'verify [options]',
    summary: 'Read a four-record tape back: structure, block sizes, hashes, archives, tapeblksz; compare with an image set.',
    load: async () => (await import('./verify.ts')).verifyCommand,
  },
  {
    name: 'server',
    term: 'server',
    summary: 'Manage the AIX servers images are captured from.',
    load: async () => (await import('./server.ts')).serverCommand,
  },
  {
    name: 'capture',
    term: 'capture [options] <name>',
    summary: 'Capture bosboot, mkinsttape and mksysb images on an AIX server and fetch them into a new image set (prints its directory).',
    load: async () => (await import('./capture.ts')).captureCommand,
  },
  {
    name: 'tape',
    term: 'tape',
    summary: 'Cartridges in the catalog: add, list, show, set, retire, delete, label.',
    load: async () => (await import('./tape-catalog.ts')).tapeCatalogCommand,
  },
  {
    name: 'catalog',
    term: 'catalog',
    summary: 'The catalog file: info, backup, export, index, rebuild.',
    load: async () => (await import('./catalog.ts')).catalogCommand,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    summary:
      'Run the main job on embedded defaults: a simulated AIX host in this process and a virtual tape DIR/demo.tap; nothing to install.',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'run',
    term: 'run [options] <server>',
    summary: 'The whole job against an AIX server: capture, fetch, write the tape, verify it, record it in the catalog and make its label.',
    load: async () => (await import('./run.ts')).runCommand,
  },
  {
    name: 'identify',
    term: 'identify [options]',
    summary: 'Read a tape and say which cartridge and image set it holds (by record hashes), or what it holds (host, OS level, date).',
    load: async () => (await import('./identify.ts')).identifyCommand,
  },
  {
    name: 'jobs',
    term: 'jobs',
    summary: 'Durable jobs: list them, show one, resume an interrupted or failed one.',
    load: async () => (await import('./jobs.ts')).jobsCommand,
  },
  {
    name: 'readiness',
    term: 'readiness [options] <image-set>',
    summary:
      'Restore readiness of an image set (directory or catalog id): what a restore from its tape brings back, and what not. Exit 0 ready, 1 not ready.',
    load: async () => (await import('./readiness.ts')).readinessCommand,
  },
  {
    name: 'drive',
    term: 'drive',
    summary: 'What a tape drive and its cartridge report about their health.',
    load: async () => (await import('./drive.ts')).driveCommand,
  },
  {
    name: 'library',
    term: 'library',
    summary: 'A tape library or autoloader: what is in which slot (by barcode), load and unload cartridges.',
    load: async () => (await import('./library.ts')).libraryCommand,
  },
  {
    name: 'extract',
    term: 'extract [options] [source] [paths...]',
    summary: 'Extract files from a backup (image file, image set, or tape) into a directory, like restore -xq. Never writes outside DIR.',
    load: async () => (await import('./extract.ts')).extractCommand,
  },
  {
    name: 'find',
    term: 'find [options] <pattern>',
    summary: 'Which backups hold a file: every image set (and the cartridges holding it, with location) with a member matching PATTERN.',
    load: async () => (await import('./find.ts')).findCommand,
  },
  {
    name: 'diff',
    term: 'diff [options] <a> <b>',
    summary:
      'What changed between two backups of a server (image-set ids or VOLSERs): members added, removed, changed, per directory with bytes.',
    load: async () => (await import('./find.ts')).diffCommand,
  },
  {
    name: 'policy',
    term: 'policy',
    summary: "The backup policy: the default, or one server's (max age, copies, off site, re-verification, retention).",
    load: async () => (await import('./policy.ts')).policyCommand,
  },
  {
    name: 'status',
    term: 'status [options]',
    summary:
      'The fleet against its backup policy: per server ok, due soon, overdue or failing, and what the shelf needs. Exit 0 ok, 1 overdue or failing.',
    load: async () => (await import('./status.ts')).statusCommand,
  },
  {
    name: 'schedule',
    term: 'schedule',
    summary: 'Capture schedules: add, list, remove, and install the systemd user timer that runs them.',
    load: async () => (await import('./schedule.ts')).scheduleCommand,
  },
  {
    name: 'due',
    term: 'due [options]',
    summary:
      'The scheduled captures that are due; with --run, capture and fetch them unattended (the write waits for a tape). Exit 1 when a capture failed or a schedule gave up.',
    load: async () => (await import('./due.ts')).dueCommand,
  },
  {
    name: 'notify',
    term: 'notify',
    summary: 'Notifications by email (SMTP, STARTTLS) and webhook (JSON POST): set, show, test.',
    load: async () => (await import('./notify.ts')).notifyCommand,
  },
];

/** The entry named `name`, if there is one. */
export function commandNamed(name: string | undefined): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/**
 * A stand-in for every command that only describes it, for the top-level help, --version and the
 * "unknown command" error. Running one is impossible: a known command word loads the real module.
 */
export const commandSummaries: CommandModule = (program) => {
  const terms = new Map(COMMANDS.map((c) => [c.name, c.term]));
  const standard = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? standard.subcommandTerm(cmd) });
  for (const c of COMMANDS) program.command(c.name).description(c.summary);
};
