/** The readiness report as text for the terminal and logs: errors first, each finding with its fix. */
import type { ReadinessLevel, ReadinessReport } from '../../../shared/readiness.ts';

const ORDER: ReadinessLevel[] = ['error', 'warning', 'info', 'ok'];
const HEADINGS: Record<ReadinessLevel, string> = { error: 'Errors', warning: 'Warnings', info: 'Information', ok: 'OK' };

/** Multi-line text; `subject` names the image set. */
export function formatReadinessReport(report: ReadinessReport, subject: string): string {
  const out = [`Restore readiness of ${subject}: ${report.ready ? 'READY' : 'NOT READY'}`];
  for (const level of ORDER) {
    const group = report.findings.filter((f) => f.level === level);
    if (group.length === 0) continue;
    out.push('', `${HEADINGS[level]}:`);
    for (const f of group) {
      if (level === 'ok') {
        out.push(`  [ok] ${f.code}: ${f.detail}`);
        continue;
      }
      out.push(`  [${f.level}] ${f.code}: ${f.title}`, `      ${f.detail}`);
      if (f.fix) out.push(`      fix: ${f.fix}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Job log lines of the readiness report start with this, so `run` can show them before the write. */
export const READINESS_LOG_PREFIX = 'readiness| ';
