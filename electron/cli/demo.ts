/**
 * `sysbtape demo`: the main job on embedded defaults. Starts the embedded simulated AIX host (no sshd
 * needed), then capture → fetch → write DIR/demo.tap → verify → record in DIR/catalog.db, printing each
 * step with progress, and ends with the verdict and the label PDF's path.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CAPTURE } from '../services/ssh/capture.ts';
import { JobEngine } from '../services/jobs/job-engine.ts';
import { startEmbeddedAixHost } from '../sim/embedded-host.ts';
import { type CommandModule, openCatalogAt, parseSize, runAction, runJobFromCli } from './command-kit.ts';

/** Defaults of the demo. */
export const DEMO_DEFAULTS = { dir: 'sysbtape-demo', mksysbSize: '32MiB', server: 'demo-aix', volser: 'DEMO01', mediaId: 'L6' } as const;

interface DemoFlags {
  dir?: string;
  mksysbSize: string;
  json?: boolean;
}

/** Registers `demo`. */
export const demoCommand: CommandModule = (program, io, setExit) => {
  program
    .command('demo')
    .description(
      'Run the main job on embedded defaults: a simulated AIX host in this process and a virtual tape DIR/demo.tap; nothing to install.',
    )
    .option('--dir <dir>', `where the demo keeps its catalog, images, tape and label (default ./${DEMO_DEFAULTS.dir})`)
    .option('--mksysb-size <size>', 'size of the simulated mksysb image, e.g. 32MiB, 1GiB', DEMO_DEFAULTS.mksysbSize)
    .option('--json', 'print the finished job as JSON')
    .action(
      runAction(io, setExit, async (f: DemoFlags) => {
        const dir = path.resolve(f.dir ?? DEMO_DEFAULTS.dir);
        const mksysbBytes = parseSize(f.mksysbSize);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const say = (line: string): void => {
          if (!f.json) io.err.write(`${line}\n`);
        };
        say(`SysbTape demo in ${dir}: simulated AIX host, ${f.mksysbSize} mksysb, virtual tape demo.tap`);
        // The demo host runs a database during mksysb, so a newcomer sees a readiness warning (HOT_BACKUP) and how it is confirmed.
        const host = await startEmbeddedAixHost({ sim: { hostname: 'aixdemo', mksysbBytes, faults: { databaseRunning: true } } });
        const catalog = await openCatalogAt(path.join(dir, 'catalog.db'));
        try {
          say(`simulated AIX host on ${host.host}:${host.port}, host key ${host.hostKeyFingerprint} (pinned for this run)`);
          catalog.servers.put({
            name: DEMO_DEFAULTS.server,
            host: host.host,
            port: host.port,
            user: host.user,
            auth: ['key'],
            keyPath: host.keyPath,
            workdir: host.workdir,
            hostKeys: [{ fingerprint: host.hostKeyFingerprint, keyType: host.hostKeyType, pinnedAt: new Date().toISOString() }],
          });
          if (!catalog.cartridges.get(DEMO_DEFAULTS.volser))
            catalog.cartridges.add({ volser: DEMO_DEFAULTS.volser, mediaId: DEMO_DEFAULTS.mediaId, location: 'demo shelf' });
          const engine = new JobEngine(catalog);
          engine.detectInterrupted();
          const job = engine.createTapeJob({
            server: DEMO_DEFAULTS.server,
            target: path.join(dir, 'demo.tap'),
            volser: DEMO_DEFAULTS.volser,
            stagingRoot: path.join(dir, 'staging'),
            labelDir: path.join(dir, 'labels'),
            capture: DEFAULT_CAPTURE,
            knownHostsPath: null,
          });
          say(`job ${job.id}: capture → fetch → write → verify → record (log ${job.logPath ?? '-'})`);
          // The demo owns its directory and its virtual tape, so "are you sure?" checks are answered yes (they are still printed).
          return await runJobFromCli(io, engine, job.id, { confirmed: ['*'], json: f.json === true });
        } finally {
          catalog.close();
          await host.stop();
        }
      }),
    );
};
