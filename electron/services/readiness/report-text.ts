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
      out.push(`  [${f.level}] ${f.code}: ${f.title}`, `      ${f.detail}`);
      if (f.fix && level !== 'ok') out.push(`      fix: ${f.fix}`);
    }
  }
  return `${out.join('\n')}\n`;
}
