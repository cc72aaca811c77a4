/**
 * Benchmark: time from starting the app (the browser harness: `node electron/harness.ts`, which opens
 * the catalog and serves the built renderer) to its home view being usable in Chromium (Fleet: the fleet
 * status shown, its Refresh button enabled), and on to the first wizard step after a click on "New tape"
 * (the Server step's heading shown and its "Add a server…" button enabled). Baseline in the same run: the
 * same browser loading a static page with one heading from a bare node:http server (what the browser
 * alone costs). Peak RSS of the harness process from /proc (VmHWM).
 * Usage: node bench/ui-startup.ts [runs, default 5]   (results also go to bench/results/)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/e2e/helpers/browser.ts';
import { ensureRendererBuilt } from '../test/e2e/helpers/renderer-build.ts';

const runs = Number(process.argv[2] ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const node = path.join(root, 'node_modules', '.bin', 'node');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const worst = (xs: number[]): number => Math.max(...xs);

await ensureRendererBuilt();
const browser = await launchBrowser();
const dirs: string[] = [];
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(120_000);
  // Warm the browser once so neither side pays its first-page cost.
  await page.goto('about:blank');

  const staticServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><h1>Ready</h1>');
  });
  await new Promise<void>((r) => staticServer.listen(0, '127.0.0.1', () => r()));
  const addr = staticServer.address();
  const staticUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await page.goto(staticUrl);
    await page.getByRole('heading', { name: 'Ready' }).waitFor();
    baseline.push(performance.now() - t0);
  }
  staticServer.close();

  const listening: number[] = [];
  const home: number[] = [];
  const usable: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'sysbtape-bench-uistart-'));
    dirs.push(dir);
    const t0 = performance.now();
    const child = spawn(node, [path.join(root, 'electron', 'harness.ts'), '--data-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (l) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(l);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`harness exited with ${code}`)));
    });
    listening.push(performance.now() - t0);
    await page.goto(url);
    await page.getByText('No servers yet: add one in New tape.').waitFor();
    if (!(await page.getByRole('button', { name: 'Refresh' }).isEnabled())) throw new Error('the home view is not usable');
    home.push(performance.now() - t0);
    await page.getByRole('tab', { name: 'New tape' }).click();
    await page.getByRole('heading', { name: 'Which AIX server?' }).waitFor();
    const add = page.getByRole('button', { name: 'Add a server…' });
    await add.waitFor();
    if (!(await add.isEnabled())) throw new Error('the first wizard step is not usable');
    usable.push(performance.now() - t0);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    rss.push(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    await page.goto('about:blank');
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  const lines = [
    `ui-startup: ${runs} runs (fresh catalog each run; renderer already built)`,
    '| measure | median ms | worst ms |',
    '|---|---|---|',
    `| harness started → URL printed (catalog open, listening) | ${median(listening).toFixed(0)} | ${worst(listening).toFixed(0)} |`,
    `| harness started → home view (Fleet) usable in Chromium | ${median(home).toFixed(0)} | ${worst(home).toFixed(0)} |`,
    `| harness started → first wizard step usable (after a click on New tape) | ${median(usable).toFixed(0)} | ${worst(usable).toFixed(0)} |`,
    `| baseline: same browser, static one-heading page | ${median(baseline).toFixed(0)} | ${worst(baseline).toFixed(0)} |`,
    `harness peak RSS (VmHWM): median ${median(rss).toFixed(0)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(root, 'bench', 'results', 'ui-startup.txt'), `${new Date().toISOString()}\n${lines.join('\n')}\n`);
} finally {
  await browser.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
