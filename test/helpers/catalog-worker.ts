/**
 * A separate process working on one catalog, for concurrency tests: runs real `sysbtape` commands
 * (tape add, tape set) through the CLI's main() and, like the app, creates and advances jobs.
 * Usage: node catalog-worker.ts CATALOG PREFIX COUNT. Prints one line per failure, exits 1 if any.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../electron/cli.ts';
import { openCatalog } from '../../electron/services/catalog/catalog.ts';

const [catalogPath, prefix, countText] = process.argv.slice(2) as [string, string, string];
const failures: string[] = [];

async function cli(args: string[]): Promise<void> {
  const out = new PassThrough();
  const err = new PassThrough();
  let errText = '';
  out.resume();
  err.on('data', (d: Buffer) => {
    errText += d.toString();
  });
  const code = await main(['--catalog', catalogPath, ...args], { out, err, stdin: new PassThrough() });
  if (code !== 0) failures.push(`${args.join(' ')} → exit ${code}: ${errText.trim()}`);
}

for (let i = 0; i < Number(countText); i++) {
  const volser = `${prefix}${String(i).padStart(6 - prefix.length, '0')}`;
  await cli(['tape', 'add', volser, '--media', 'L6']);
  await cli(['tape', 'set', volser, '--location', `shelf ${i}`]);
  try {
    // What the app's job engine does to the same catalog: a job with steps moving along.
    const catalog = await openCatalog(catalogPath, { autoBackup: false });
    try {
      const job = catalog.jobs.create({ kind: 'test', steps: ['one', 'two'], volser, params: {} });
      catalog.jobs.updateStep(job.id, 'one', { state: 'running' });
      catalog.jobs.updateStep(job.id, 'one', { state: 'done', result: { n: i } });
    } finally {
      catalog.close();
    }
  } catch (err) {
    failures.push(`job for ${volser}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
for (const f of failures) process.stdout.write(`${f}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
