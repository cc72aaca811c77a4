/** Cartridges: search and filter the catalog, open one for its history, re-verify, retire, identify. */
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { useLoad } from '../components/use-load.ts';
import { CARTRIDGE_STATUSES, type CartridgeStatus } from '../../../shared/domain.ts';
import { CartridgeDetailPanel } from './cartridge-detail.tsx';
import { CartridgeStatusChip } from './cartridge-status-chip.tsx';
import { IdentifyPanel } from './identify-panel.tsx';
import { ReadinessChip } from '../components/readiness-report.tsx';

type StatusFilter = 'any' | CartridgeStatus;
type RetentionFilter = 'any' | 'held' | 'expired';

/** The cartridge list with its filters, and the detail of the selected one. */
export function CartridgesView() {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<StatusFilter>('any');
  const [location, setLocation] = useState('');
  const [retention, setRetention] = useState<RetentionFilter>('any');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useLoad(() => call('listCartridges', { query, status, location, retention }), [query, status, location, retention]);

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1.5} component="search" aria-label="Filter cartridges">
        <TextField size="small" label="VOLSER starts with" value={query} onChange={(e) => setQuery(e.target.value)} sx={{ width: 220 }} />
        <TextField size="small" select label="Status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} sx={{ width: 150 }}>
          {(['any', ...CARTRIDGE_STATUSES] as const).map((s) => <MenuItem key={s} value={s}>{s}</MenuItem>)}
        </TextField>
        <TextField size="small" label="Location" value={location} onChange={(e) => setLocation(e.target.value)} sx={{ width: 180 }} />
        <TextField size="small" select label="Retention" value={retention} onChange={(e) => setRetention(e.target.value as RetentionFilter)} sx={{ width: 150 }}>
          <MenuItem value="any">any</MenuItem><MenuItem value="held">still held</MenuItem><MenuItem value="expired">expired</MenuItem>
        </TextField>
        <Button onClick={list.reload}>Refresh</Button>
      </Stack>
      <ErrorAlert error={list.error} title="Cannot list cartridges" />
      <Box sx={{ maxHeight: 300, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label="Cartridges">
          <TableHead>
            <TableRow>
              <TableCell>VOLSER</TableCell><TableCell>Barcode</TableCell><TableCell>Status</TableCell><TableCell>Location</TableCell>
              <TableCell>Keep until</TableCell><TableCell>Writes</TableCell><TableCell>Last use</TableCell><TableCell>Readiness</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(list.data ?? []).map((c) => (
              <TableRow key={c.volser} hover selected={c.volser === selected} tabIndex={0} sx={{ cursor: 'pointer' }} aria-label={`Cartridge ${c.volser}`}
                onClick={() => setSelected(c.volser)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') setSelected(c.volser); }}>
                <TableCell><strong>{c.volser}</strong></TableCell><TableCell>{c.barcode}</TableCell><TableCell><CartridgeStatusChip status={c.status} /></TableCell>
                <TableCell>{c.location ?? '—'}</TableCell><TableCell>{c.retentionUntil ?? '—'}</TableCell>
                <TableCell>{c.writeCount}</TableCell><TableCell>{formatWhen(c.lastUsed)}</TableCell><TableCell><ReadinessChip summary={c.readiness} /></TableCell>
              </TableRow>
            ))}
            {list.data?.length === 0 && <TableRow><TableCell colSpan={8}>No cartridge matches.</TableCell></TableRow>}
          </TableBody>
        </Table>
      </Box>
      {selected && <CartridgeDetailPanel volser={selected} onChanged={list.reload} />}
      <IdentifyPanel />
    </Stack>
  );
}
