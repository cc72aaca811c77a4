/**
 * Adapter from the simulated commands to the shared synthetic image writer
 * (electron/services/aix/synthetic): the bytes come from there; this file only streams them to the
 * paths AIX commands were given, with pacing hooks and the simulator's fault switches.
 */
import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { buildBootImage } from '../services/aix/synthetic/boot-image.ts';
import { imageSetTexts } from '../services/aix/synthetic/image-set.ts';
import { buildMkinsttapeImage } from '../services/aix/synthetic/mkinsttape-image.ts';
import { mksysbChunks, mksysbMemberCount, type MksysbOptions, type MksysbProgress } from '../services/aix/synthetic/mksysb-image.ts';
import type { SimConfig } from './sim-config.ts';

function texts(cfg: SimConfig, date: number): { bosinstData: string; imageData: string } {
  return imageSetTexts({ seed: cfg.seed, hostname: cfg.hostname, oslevel: cfg.oslevel, date, mksysbSize: cfg.mksysbBytes });
}

/** mksysb -e's test: true for a "./path" name that is left out. */
export type ExcludeTest = (name: string) => boolean;

function mksysbOptions(cfg: SimConfig, date: number, pack: boolean, exclude?: ExcludeTest): MksysbOptions {
  return { seed: cfg.seed, sizeBytes: Math.max(256 * 1024, cfg.mksysbBytes), date, pack, ...texts(cfg, date), ...(exclude ? { exclude } : {}) };
}

/** Writes the bosboot tape image; returns its length in bytes. */
export function writeBootImage(path: string, cfg: SimConfig): number {
  const img = buildBootImage({ blocks: Math.max(2, Math.ceil(cfg.bootImageBytes / 512)), seed: cfg.seed });
  writeFileSync(path, img);
  return img.length;
}

/** Writes the mkinsttape image; `tapeblksz` is /tapeblksz's text (null when the file is absent). */
export function writeMkinsttapeImage(path: string, cfg: SimConfig, date: number, tapeblksz: string | null): number {
  const img = buildMkinsttapeImage({ seed: cfg.seed, date, tapeblksz: tapeblksz?.trim() ?? null, pack: true, ...texts(cfg, date) });
  writeFileSync(path, img);
  return img.length;
}

/** Files the simulated mksysb will report backing up (after the exclude list, if any). */
export function mksysbFileCount(cfg: SimConfig, date: number, pack: boolean, exclude?: ExcludeTest): number {
  return mksysbMemberCount(mksysbOptions(cfg, date, pack, exclude));
}

/** Thrown by writeMksysbImage when the simulated write error fires. */
export class SimulatedWriteError extends Error {}

/**
 * Streams the mksysb image to `path`. `onFiles` is awaited whenever the member count moves (for
 * progress text and pacing); `failAtFiles` stops the write there with a SimulatedWriteError;
 * `exclude` leaves out the members it is true for (mksysb -e).
 */
export async function writeMksysbImage(path: string, cfg: SimConfig, opts: {
  date: number; pack: boolean; onFiles?: (p: MksysbProgress) => void | Promise<void>; failAtFiles?: number; exclude?: ExcludeTest;
}): Promise<number> {
  let latest: MksysbProgress | undefined;
  let reported = 0;
  const out = createWriteStream(path);
  let written = 0;
  try {
    for (const chunk of mksysbChunks({ ...mksysbOptions(cfg, opts.date, opts.pack, opts.exclude), onProgress: (p) => { latest = p; } })) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
      if (latest && latest.membersWritten !== reported) {
        reported = latest.membersWritten;
        await opts.onFiles?.(latest);
        if (opts.failAtFiles !== undefined && reported >= opts.failAtFiles) throw new SimulatedWriteError('simulated write failure');
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return written;
}
