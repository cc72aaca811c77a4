/** A table of image sets with their three images' sizes and hashes; optionally selectable. */
import Radio from '@mui/material/Radio';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ImageSetInfo } from '../../../shared/model.ts';
import { formatBytes, formatWhen, shortHash } from './format.ts';
import { summarizeReadiness } from '../../../shared/readiness.ts';
import { ReadinessChip } from './readiness-report.tsx';

/** Lists image sets; with onSelect, each row has a radio button. */
export function ImageSetTable({
  sets,
  selectedId,
  onSelect,
}: {
  sets: ImageSetInfo[];
  selectedId?: string | null;
  onSelect?: (s: ImageSetInfo) => void;
}) {
  return (
    <Table size="small" aria-label="Image sets">
      <TableHead>
        <TableRow>
          {onSelect && <TableCell padding="checkbox" />}
          <TableCell>Server</TableCell>
          <TableCell>Captured</TableCell>
          <TableCell>OS level</TableCell>
          <TableCell>Images (size · SHA-256)</TableCell>
          <TableCell>tapeblksz</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Readiness</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sets.map((s) => (
          <TableRow
            key={s.id}
            hover
            selected={s.id === selectedId}
            onClick={onSelect ? () => onSelect(s) : undefined}
            sx={onSelect ? { cursor: 'pointer' } : undefined}
          >
            {onSelect && (
              <TableCell padding="checkbox">
                <Radio
                  checked={s.id === selectedId}
                  onChange={() => onSelect(s)}
                  slotProps={{ input: { 'aria-label': `Use image set ${s.server} ${formatWhen(s.capturedAt)}` } }}
                />
              </TableCell>
            )}
            <TableCell>{s.server}</TableCell>
            <TableCell>{formatWhen(s.capturedAt)}</TableCell>
            <TableCell>{s.osLevel ?? '—'}</TableCell>
            <TableCell>
              {s.images.map((i) => (
                <div key={i.record} title={i.sha256}>
                  {i.record}: {formatBytes(i.size)} · <code>{shortHash(i.sha256)}</code>
                </div>
              ))}
            </TableCell>
            <TableCell>{s.tapeblksz ?? '—'}</TableCell>
            <TableCell>{s.state}</TableCell>
            <TableCell>
              <ReadinessChip summary={s.readiness ? summarizeReadiness(s.readiness) : null} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
