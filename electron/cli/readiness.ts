/**
 * `sysbtape readiness IMAGE_SET [--json] [--media ID]`: the restore-readiness report of an image set
 * (a directory or its catalog id). Exit 0 ready, 1 not ready, 2 usage.
 */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { SysbError } from '../../shared/errors.ts';
import { MEDIA_IDS, type MediaId } from '../../shared/model.ts';
import type { ReadinessReport, StoredReadiness } from '../../shared/readiness.ts';
import { reportForMedia } from '../services/readiness/assess.ts';
import { readinessOfDir } from '../services/readiness/manifest-readiness.ts';
import { formatReadinessReport } from '../services/readiness/report-text.ts';
import { type CommandModule, EXIT_OK, EXIT_PROBLEMS, printJson, runAction, withCatalog } from './command-kit.ts';

/** The stored (or freshly computed) readiness of an image set named by directory or catalog id. */
async function readinessOf(spec: string, cmd: Command): Promise<{ subject: string; readiness: StoredReadiness }> {
  const isDir = await stat(spec).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDir) {
    // Not an image set is bad input (exit 2), not "not ready" (exit 1).
    const r = await readinessOfDir(spec).catch((err: unknown) => {
      throw err instanceof SysbError && err.code === 'IMAGE_SET_INVALID' ? new SysbError('INVALID_INPUT', err.message) : err;
    });
    return { subject: spec, readiness: r.readiness };
  }
  if (!/^\d+$/.test(spec)) throw new SysbError('USAGE', `'${spec}' is neither an image set directory nor an image set id from the catalog`);
  return withCatalog(cmd, async (catalog) => {
    const set = catalog.imageSets.get(Number(spec));
    if (!set) throw new SysbError('NOT_FOUND', `no image set ${spec} in the catalog (see: sysbtape catalog list)`);
    const readiness = set.readiness ?? (await readinessOfDir(set.stagingPath)).readiness;
    if (!set.readiness) catalog.imageSets.setReadiness(set.id, readiness);
    return { subject: `image set ${set.id} (${set.stagingPath})`, readiness };
  });
}

/** Registers `readiness`. */
export const readinessCommand: CommandModule = (program, io, setExit) => {
  program
    .command('readiness <image-set>')
    .description(
      'Restore readiness of an image set (directory or catalog id): what a restore from its tape brings back, and what not. Exit 0 ready, 1 not ready.',
    )
    .option('--media <id>', `check the size against this cartridge media id (${MEDIA_IDS.join(', ')})`)
    .option('--json', 'print { ready, findings: [{ code, level, title, detail, fix }] }')
    .action(
      runAction(io, setExit, async (spec: string, f: { json?: boolean; media?: string }, cmd: Command) => {
        const media = f.media?.toUpperCase();
        if (media !== undefined && !(MEDIA_IDS as readonly string[]).includes(media)) {
          throw new SysbError('USAGE', `--media must be one of ${MEDIA_IDS.join(', ')}, got '${f.media}'`);
        }
        const { subject, readiness } = await readinessOf(spec, cmd);
        const report: ReadinessReport = media ? reportForMedia(readiness, media as MediaId) : readiness.report;
        if (f.json)
          printJson(io, {
            ready: report.ready,
            findings: report.findings.map(({ code, level, title, detail, fix }) => ({ code, level, title, detail, fix })),
          });
        else io.out.write(formatReadinessReport(report, subject));
        return report.ready ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
};
