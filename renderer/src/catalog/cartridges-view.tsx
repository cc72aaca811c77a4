/**
 * Cartridges: a paged, sortable list searched by the catalog (never every row at once), rows moved
 * through with the arrow keys, and the detail of the selected one; identify a tape below.
 */
import { type KeyboardEvent, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import { CARTRIDGE_STATUSES, type CartridgeSortKey } from '../../../shared/model.ts';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatWhen } from '../components/format.ts';
import { StatusChip } from '../components/status-chip.tsx';
import { useLoad } from '../components/use-load.ts';
import { CartridgeDetailPanel } from './cartridge-detail.tsx';
import { IdentifyPanel } from './identify-panel.tsx';
import { FindBackupsPanel } from '../contents/find-backups.tsx';
import { DrivePanel } from '../drive/drive-panel.tsx';
import { ReadinessChip } from '../components/readiness-report.tsx';

type StatusFilter = 'any' | (typeof CARTRIDGE_STATUSES)[number];
type RetentionFilter = 'any' | 'held' | 'expired';

const COLUMNS: { key: CartridgeSortKey | null; label: string }[] = [
  { key: 'volser', label: 'VOLSER' },
  { key: null, label: 'Barcode' },
  { key: 'status', label: 'Status' },
  { key: 'host', label: 'Host' },
  { key: 'location', label: 'Location' },
  { key: 'retentionUntil', label: 'Keep until' },
  { key: 'writeCount', label: 'Writes' },
  { key: 'lastUsed', label: 'Last use' },
  { key: null, label: 'Readiness' },
];
const PAGE_SIZES = [25, 50, 100];
const count = (n: number): string => n.toLocaleString('en-US');

/** The cartridge list with its filters, and the detail of the selected one. */
export function CartridgesView() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('any');
  const [retention, setRetention] = useState<RetentionFilter>('any');
  const [sort, setSort] = useState<CartridgeSortKey>('volser');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<string | null>(null);
  const [focused, setFocused] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const list = useLoad(
    () => call('pageCartridges', { search, status, retention, sort, direction, offset: page * pageSize, limit: pageSize }),
    [search, status, retention, sort, direction, page, pageSize],
  );
  // On an error the old rows go: a table that no longer matches the filters must not stay on screen.
  const rows = list.error ? [] : (list.data?.rows ?? []);
  const filtersChanged = (): void => {
    setPage(0);
    setFocused(0);
  };

  const sortBy = (key: CartridgeSortKey): void => {
    if (key === sort) setDirection((d) => (d === 'asc' ? 'desc' : 'asc'));
    else {
      setSort(key);
      setDirection('asc');
    }
    filtersChanged();
  };
  // One tab stop for the whole table; the arrow keys move between rows (WAI-ARIA grid pattern).
  const moveFocus = (e: KeyboardEvent, index: number, volser: string): void => {
    const last = rows.length - 1;
    const to =
      e.key === 'ArrowDown'
        ? Math.min(last, index + 1)
        : e.key === 'ArrowUp'
          ? Math.max(0, index - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (to !== null) {
      e.preventDefault();
      setFocused(to);
      body.current?.querySelectorAll<HTMLElement>('tr[data-row]')[to]?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setSelected(volser);
    }
  };

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1.5} component="search" aria-label="Filter cartridges" sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          label="Search VOLSER, location, host"
          value={search}
          sx={{ width: 280 }}
          onChange={(e) => {
            setSearch(e.target.value);
            filtersChanged();
          }}
          slotProps={{ htmlInput: { maxLength: 100 } }}
        />
        <TextField
          size="small"
          select
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as StatusFilter);
            filtersChanged();
          }}
          sx={{ width: 150 }}
        >
          {(['any', ...CARTRIDGE_STATUSES] as const).map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          select
          label="Retention"
          value={retention}
          onChange={(e) => {
            setRetention(e.target.value as RetentionFilter);
            filtersChanged();
          }}
          sx={{ width: 150 }}
        >
          <MenuItem value="any">any</MenuItem>
          <MenuItem value="held">still held</MenuItem>
          <MenuItem value="expired">expired</MenuItem>
        </TextField>
        <Box sx={{ flexGrow: 1 }} />
        <Button onClick={list.reload}>Refresh</Button>
      </Stack>
      <ErrorAlert error={list.error} title="Cannot list cartridges" />
      <Box sx={{ maxHeight: 340, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label="Cartridges" aria-rowcount={list.data ? list.data.total + 1 : -1}>
          <TableHead>
            <TableRow>
              {COLUMNS.map((c) => (
                <TableCell key={c.label} sortDirection={c.key === sort ? direction : false}>
                  {c.key ? (
                    <TableSortLabel active={c.key === sort} direction={c.key === sort ? direction : 'asc'} onClick={() => sortBy(c.key!)}>
                      {c.label}
                    </TableSortLabel>
                  ) : (
                    c.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody ref={body}>
            {rows.map((c, i) => (
              <TableRow
                key={c.volser}
                data-row
                hover
                selected={c.volser === selected}
                tabIndex={i === Math.min(focused, rows.length - 1) ? 0 : -1}
                aria-label={`Cartridge ${c.volser}`}
                aria-rowindex={(list.data?.offset ?? 0) + i + 2}
                onClick={() => {
                  setFocused(i);
                  setSelected(c.volser);
                }}
                onFocus={() => setFocused(i)}
                onKeyDown={(e) => moveFocus(e, i, c.volser)}
                sx={{ cursor: 'pointer', '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } }}
              >
                <TableCell>
                  <strong>{c.volser}</strong>
                </TableCell>
                <TableCell>{c.barcode}</TableCell>
                <TableCell>
                  <StatusChip status={c.status} />
                </TableCell>
                <TableCell>{c.host ?? '—'}</TableCell>
                <TableCell>{c.location ?? '—'}</TableCell>
                <TableCell>{c.retentionUntil ?? '—'}</TableCell>
                <TableCell>{c.writeCount}</TableCell>
                <TableCell>{formatWhen(c.lastUsed)}</TableCell>
                <TableCell>
                  <ReadinessChip summary={c.readiness} />
                </TableCell>
              </TableRow>
            ))}
            {list.data && !list.error && rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length}>No cartridge matches.</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
      <TablePagination
        component="div"
        count={list.data?.total ?? 0}
        page={list.data && list.data.total <= page * pageSize ? 0 : page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        labelRowsPerPage="Cartridges per page"
        labelDisplayedRows={({ from, to, count: total }) => `${count(from)}–${count(to)} of ${count(total)}`}
        onPageChange={(_e, p) => {
          setPage(p);
          setFocused(0);
        }}
        onRowsPerPageChange={(e) => {
          setPageSize(Number(e.target.value));
          filtersChanged();
        }}
      />
      {selected && <CartridgeDetailPanel key={selected} volser={selected} onChanged={list.reload} onDeleted={() => setSelected(null)} />}
      <IdentifyPanel />
      <FindBackupsPanel />
      <DrivePanel />
    </Stack>
  );
}
