/** `bosboot -ad /dev/rmtN -b FILE`: writes a tape boot image to FILE (the tape itself is not touched). */
import { writeBootImage } from '../image-maker.ts';
import type { SimConfig } from '../sim-config.ts';
import { sleep, type SimIo } from './sim-io.ts';

/** Simulated bosboot. */
export async function bosboot(args: string[], cfg: SimConfig, io: SimIo): Promise<number> {
  let device: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a.includes('d')) device = a.endsWith('d') ? args[++i] : a.slice(a.indexOf('d') + 1);
    else if (a === '-b') file = args[++i];
  }
  if (!device) {
    io.err(
      '0301-150 bosboot: Invalid or no boot device specified!\nusage: bosboot {-a [-d device] [-p proto] [-k kernel] [-l lvdev] [-b file] [-M norm|serv|both] [-D|-I] [-LTq]}\n',
    );
    return 1;
  }
  if (device.includes('rmt') && cfg.faults.noTapeSupport) {
    io.err(`0301-150 bosboot: Invalid or no boot device specified!\n`);
    return 1;
  }
  await sleep(100 + (cfg.faults.slowOutputMs ?? 0), io.signal);
  let bytes = Math.ceil(cfg.bootImageBytes / 512) * 512;
  if (file) {
    try {
      bytes = writeBootImage(file, cfg);
    } catch (err) {
      io.err(`0301-152 bosboot: not enough file space to create: ${file}.\n${(err as Error).message}\n`);
      return 1;
    }
  }
  io.out(`\nbosboot: Boot image is ${bytes / 512} 512 byte blocks.\n`);
  return 0;
}
