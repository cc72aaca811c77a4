/** `mkinsttape [FILE]`: the install image (record 2), with ./tapeblksz when /tapeblksz exists. */
import { readFileSync, writeFileSync } from 'node:fs';
import { writeMkinsttapeImage } from '../image-maker.ts';
import { simPath, type SimConfig } from '../sim-config.ts';
import type { SimIo } from './sim-io.ts';

/** Simulated mkinsttape. */
export function mkinsttape(args: string[], cfg: SimConfig, io: SimIo): number {
  const target = args.find((a) => !a.startsWith('-')) ?? '/tmp/bosinst.tape';
  let tapeblksz: string | null;
  try {
    tapeblksz = readFileSync(simPath('/tapeblksz'), 'latin1');
    if (tapeblksz.trim() === '') tapeblksz = null;
  } catch {
    tapeblksz = null;
  }
  if (cfg.faults.emptyMkinsttape) {
    writeFileSync(target, '');
    return 0;
  }
  const date = Math.floor(Date.now() / 1000);
  try {
    writeMkinsttapeImage(target, cfg, date, tapeblksz);
  } catch (err) {
    io.err(
      `backup: 0511-089 The backup medium write failed: ${(err as Error).message}\n0512-021 mkinsttape: The mkinsttape command failed.\n`,
    );
    return 1;
  }
  return 0;
}
