/** The per-record table of a write or a verification. */
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { formatBytes, shortHash } from './format.ts';

/** One row: what either table shows. */
export interface RecordRow {
  index: number;
  kind: string;
  blockSize: number | null;
  blocks: number | null;
  bytes: number;
  sha256: string;
  matches: boolean | null;
}

/** Renders the rows; the "matches" column only when any row has a comparison. */
export function RecordsTable({ records }: { records: RecordRow[] }) {
  const compare = records.some((r) => r.matches !== null);
  return (
    <Table size="small" aria-label="Tape records">
      <TableHead>
        <TableRow>
          <TableCell>Record</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Block size</TableCell>
          <TableCell>Blocks</TableCell>
          <TableCell>Bytes</TableCell>
          <TableCell>SHA-256</TableCell>
          {compare && <TableCell>Matches image set</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {records.map((r) => (
          <TableRow key={r.index}>
            <TableCell>{r.index}</TableCell>
            <TableCell>{r.kind || '—'}</TableCell>
            <TableCell>{r.blockSize ?? '—'}</TableCell>
            <TableCell>{r.blocks ?? '—'}</TableCell>
            <TableCell>{formatBytes(r.bytes)}</TableCell>
            <TableCell title={r.sha256}>
              <code>{shortHash(r.sha256)}</code>
            </TableCell>
            {compare && <TableCell>{r.matches === null ? '—' : r.matches ? 'yes' : 'NO'}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
