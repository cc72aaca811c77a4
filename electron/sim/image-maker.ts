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
import { planMksysb } from '../services/aix/synthetic/mksysb-plan.ts';
import { mksysbChunks, mksysbMemberCount, type MksysbOptions, type MksysbProgress } from '../services/aix/synthetic/mksysb-image.ts';
import type { SimConfig } from './sim-config.ts';

/** The stanza texts of record 2 (mkinsttape), or of record 4 with the fault switches that make it disagree. */
function texts(cfg: SimConfig, date: number, record: 2 | 4 = 2): { bosinstData: string; imageData: string } {
  const f = record === 4 ? cfg.faults : {};
  const t = imageSetTexts({
    seed: cfg.seed,
    hostname: f.record4Hostname ?? cfg.hostname,
    oslevel: f.record4Oslevel ?? cfg.oslevel,
    date,
    mksysbSize: cfg.mksysbBytes,
  });
  return f.imageDataOmitsFs ? { ...t, imageData: withoutFsData(t.imageData, f.imageDataOmitsFs) } : t;
}

/** image.data without the fs_data stanza of one mount point. */
function withoutFsData(imageData: string, mount: string): string {
  return imageData
    .split(/\n(?=\S+:\n)/)
    .filter((st) => !(st.startsWith('fs_data:') && new RegExp(`\\bFS_NAME= ${mount.replace(/[/.]/g, '\\$&')}\\n`).test(st)))
    .join('\n');
}

/** The planned members of the host's mksysb (names and sizes), for `du`. */
export function plannedMembers(cfg: SimConfig, date: number): { name: string; size: number }[] {
  return planMksysb({ seed: cfg.seed, sizeBytes: Math.max(256 * 1024, cfg.mksysbBytes), date, ...texts(cfg, date, 4) }).map((m) => ({
    name: typeof m.name === 'string' ? m.name : Buffer.from(m.name).toString('latin1'),
    size: m.type === 'file' ? m.size : 0,
  }));
}

/** mksysb -e's test: true for a "./path" name that is left out. */
export type ExcludeTest = (name: string) => boolean;

function mksysbOptions(cfg: SimConfig, date: number, pack: boolean, exclude?: ExcludeTest): MksysbOptions {
  return {
    seed: cfg.seed,
    sizeBytes: Math.max(256 * 1024, cfg.mksysbBytes),
    date,
    pack,
    ...texts(cfg, date, 4),
    ...(exclude ? { exclude } : {}),
  };
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
export async function writeMksysbImage(
  path: string,
  cfg: SimConfig,
  opts: {
    date: number;
    pack: boolean;
    onFiles?: (p: MksysbProgress) => void | Promise<void>;
    failAtFiles?: number;
    exclude?: ExcludeTest;
  },
): Promise<number> {
  let latest: MksysbProgress | undefined;
  let reported = 0;
  const out = createWriteStream(path);
  let written = 0;
  try {
    for (const chunk of mksysbChunks({
      ...mksysbOptions(cfg, opts.date, opts.pack, opts.exclude),
      onProgress: (p) => {
        latest = p;
      },
    })) {
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
