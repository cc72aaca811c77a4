/** The restore-readiness report of an image set: findings grouped by level (errors first), each with its fix. */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReadinessLevel, ReadinessReport, ReadinessSummary } from '../../../shared/readiness.ts';

const GROUPS: { level: ReadinessLevel; heading: string; severity: 'error' | 'warning' | 'info' | 'success' }[] = [
  { level: 'error', heading: 'Errors: this image set must not be written', severity: 'error' },
  { level: 'warning', heading: 'Warnings: a restore will not bring these back as they are', severity: 'warning' },
  { level: 'info', heading: 'To know before a restore', severity: 'info' },
  { level: 'ok', heading: 'Checked and fine', severity: 'success' },
];

/** The whole report, grouped. */
export function ReadinessReportView({ report }: { report: ReadinessReport | null }) {
  if (!report)
    return <Typography variant="body2">No readiness report was kept for this image set (captured before reports existed).</Typography>;
  return (
    <Stack spacing={1} aria-label="Restore readiness report">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1" component="h3">
          Restore readiness:
        </Typography>
        <ReadinessChip summary={{ ready: report.ready, errors: count(report, 'error'), warnings: count(report, 'warning') }} />
      </Stack>
      {GROUPS.map(({ level, heading, severity }) => {
        const findings = report.findings.filter((f) => f.level === level);
        if (findings.length === 0) return null;
        return (
          <Alert key={level} severity={severity} variant="outlined">
            <AlertTitle>{heading}</AlertTitle>
            {findings.map((f) => (
              <div key={f.code} data-code={f.code} style={{ marginBottom: 6 }}>
                <strong>{f.code}</strong> — {f.title}: {f.detail}
                {f.fix && level !== 'ok' && (
                  <div>
                    <em>Fix:</em> {f.fix}
                  </div>
                )}
              </div>
            ))}
          </Alert>
        );
      })}
    </Stack>
  );
}

function count(r: ReadinessReport, level: ReadinessLevel): number {
  return r.findings.filter((f) => f.level === level).length;
}

/** "Ready", "Ready · 2 warnings" or "Not ready · 1 error", for tables. */
export function ReadinessChip({ summary }: { summary: ReadinessSummary | null }) {
  if (!summary) return <span>—</span>;
  const label = summary.ready
    ? summary.warnings > 0
      ? `Ready · ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`
      : 'Ready'
    : `Not ready · ${summary.errors} error${summary.errors === 1 ? '' : 's'}`;
  return (
    <Chip size="small" label={label} color={summary.ready ? (summary.warnings > 0 ? 'warning' : 'success') : 'error'} variant="outlined" />
  );
}
