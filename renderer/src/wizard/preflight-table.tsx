/** The preflight checks of a server, each with its level and fix. */
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Chip from '@mui/material/Chip';
import type { CheckLevel, PreflightReport } from '../../../shared/model.ts';

const COLOR: Record<CheckLevel, 'success' | 'warning' | 'error'> = { ok: 'success', warning: 'warning', error: 'error' };

/** Renders one preflight report. */
export function PreflightTable({ report }: { report: PreflightReport }) {
  return (
    <Table size="small" aria-label="Preflight checks">
      <TableHead><TableRow><TableCell>Check</TableCell><TableCell>Result</TableCell><TableCell>Detail</TableCell><TableCell>Fix</TableCell></TableRow></TableHead>
      <TableBody>
        {report.checks.map((c) => (
          <TableRow key={c.id}>
            <TableCell>{c.title}</TableCell>
            <TableCell><Chip size="small" color={COLOR[c.level]} label={c.level} /></TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{c.detail}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{c.fix ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
