/** Runs the sysbtape CLI in-process and captures its output, for tests. */
import { PassThrough } from 'node:stream';
import { main } from '../../electron/cli.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(args: string[], stdinText = ''): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d: Buffer) => {
    outText += d.toString();
  });
  err.on('data', (d: Buffer) => {
    errText += d.toString();
  });
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const code = await main(args, { out, err, stdin });
  return { code, out: outText, err: errText };
}
