/** The preflight checks of a server, each with its level and fix. */
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import type { CheckLevel, PreflightReport } from '../../../shared/model.ts';

const COLOR: Record<CheckLevel, 'success' | 'warning' | 'error'> = { ok: 'success', warning: 'warning', error: 'error' };

/** "2 errors, 1 warning" — the counts of a report, or "all checks passed". */
export function preflightSummary(report: PreflightReport): string {
  const n = (level: CheckLevel): number => report.checks.filter((c) => c.level === level).length;
  const parts = [
    [n('error'), 'error'],
    [n('warning'), 'warning'],
  ]
    .filter(([k]) => Number(k) > 0)
    .map(([k, w]) => `${k} ${w}${k === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'All checks passed' : parts.join(', ');
}

/** The one summary line above the table; errors say that Next waits for them. */
export function PreflightSummary({ report }: { report: PreflightReport }) {
  const errors = report.checks.some((c) => c.level === 'error');
  const warnings = report.checks.some((c) => c.level === 'warning');
  return (
    <Alert severity={errors ? 'error' : warnings ? 'warning' : 'success'} role="status" aria-label="Preflight summary">
      <strong>{preflightSummary(report)}</strong>
      {errors ? ' — fix the errors on the server, then run preflight again to go on.' : warnings ? ' — the capture can go ahead.' : ''}
    </Alert>
  );
}

/** Renders one preflight report. */
export function PreflightTable({ report }: { report: PreflightReport }) {
  return (
    <Table size="small" aria-label="Preflight checks">
      <TableHead>
        <TableRow>
          <TableCell>Check</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>Detail</TableCell>
          <TableCell>Fix</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {report.checks.map((c) => (
          <TableRow key={c.id}>
            <TableCell>{c.title}</TableCell>
            <TableCell>
              <Chip size="small" color={COLOR[c.level]} label={c.level} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{c.detail}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{c.fix ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
