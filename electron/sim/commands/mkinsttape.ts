/** `mkinsttape [FILE]`: the install image (record 2), with ./tapeblksz when /tapeblksz exists. */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkinsttapeMembers, writeArchiveFile } from '../image-maker.ts';
import { simPath, type SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

/** Simulated mkinsttape. */
export async function mkinsttape(args: string[], cfg: SimConfig, io: SimIo): Promise<number> {
  const target = args.find((a) => !a.startsWith('-')) ?? '/tmp/bosinst.tape';
  let tapeblksz: string | undefined;
  try {
    tapeblksz = readFileSync(simPath('/tapeblksz'), 'latin1');
    if (tapeblksz.trim() === '') tapeblksz = undefined;
  } catch {
    tapeblksz = undefined;
  }
  if (cfg.faults.emptyMkinsttape) {
    writeFileSync(target, '');
    return 0;
  }
  const date = Math.floor(Date.now() / 1000);
  try {
    await writeArchiveFile(target, mkinsttapeMembers(cfg, date, tapeblksz), { date, pack: true });
  } catch (err) {
    io.err(`backup: 0511-089 The backup medium write failed: ${(err as Error).message}\n0512-021 mkinsttape: The mkinsttape command failed.\n`);
    return 1;
  }
  return 0;
}
