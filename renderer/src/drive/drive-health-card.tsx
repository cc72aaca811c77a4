/**
 * What a drive and its cartridge say about themselves, in an operator's words: generation and native
 * capacity, cleaning state, each TapeAlert flag with its fix, and the cartridge memory. A .tap target
 * is a virtual tape: nothing to read.
 */
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { DriveAlert, DriveHealthView } from '../../../shared/drive-health.ts';

const SEVERITY = { critical: 'error', warning: 'warning', informational: 'info' } as const;

function tb(bytes: number): string {
  return `${(bytes / 1e12).toFixed(bytes % 1e12 === 0 ? 0 : 1)} TB`;
}

function AlertLine({ a }: { a: DriveAlert }) {
  return (
    <Alert severity={SEVERITY[a.severity]} sx={{ py: 0 }}>
      <strong>
        TapeAlert {a.flag}: {a.name}
      </strong>{' '}
      ({a.severity}) — {a.advice}
    </Alert>
  );
}

/** The report; `compact` leaves out the cartridge memory's counters (the wizard's tape step). */
export function DriveHealthCard({ view, compact = false }: { view: DriveHealthView; compact?: boolean }) {
  if (view.kind === 'virtual') {
    return (
      <Typography variant="body2" aria-label="Drive facts">
        Virtual tape ({view.target}): no drive, TapeAlert or cartridge memory to read.
      </Typography>
    );
  }
  const d = view.drive;
  const m = view.medium;
  const mam = view.cartridgeMemory;
  const cleaningSeverity = view.cleaning.state === 'clean-now' ? 'error' : view.cleaning.state === 'clean-soon' ? 'warning' : 'success';
  return (
    <Stack spacing={0.75} aria-label="Drive facts" component="section">
      <Typography variant="body2">
        <strong>{[d.vendor, d.product].filter(Boolean).join(' ') || 'Drive'}</strong>
        {d.firmware ? `, firmware ${d.firmware}` : ''}
        {d.serial ? `, serial ${d.serial}` : ''} · {view.source}
      </Typography>
      <Typography variant="body2">
        Cartridge: {m.generation ?? (m.densityCode === null ? 'unknown generation' : 'not an LTO-5…9 cartridge')}
        {m.densityCode !== null ? ` (density 0x${m.densityCode.toString(16).padStart(2, '0')})` : ''}
        {m.nativeCapacityBytes ? `, native capacity ${tb(m.nativeCapacityBytes)}` : ''}
        {m.writeProtected ? ', write-protected (slide the tab to write)' : ''}
      </Typography>
      <Alert severity={view.cleaning.state === 'unknown' ? 'info' : cleaningSeverity} sx={{ py: 0 }}>
        Cleaning: {view.cleaning.text}
      </Alert>
      {view.tapeAlertRead && view.alerts.length === 0 && <Typography variant="body2">TapeAlert: no flags set.</Typography>}
      {view.alerts.map((a) => (
        <AlertLine key={a.flag} a={a} />
      ))}
      {Object.keys(mam).length > 0 && (
        <Typography variant="body2" component="div" aria-label="Cartridge memory">
          Cartridge memory:{' '}
          {mam.barcode ? (
            <>
              barcode <strong>{mam.barcode}</strong>
              {view.catalogedVolser ? ` (cartridge ${view.catalogedVolser} in the catalog)` : ' (not a cataloged cartridge)'}
            </>
          ) : (
            'no barcode written yet'
          )}
          {mam.serial ? `, serial ${mam.serial}` : ''}
          {mam.manufacturer ? `, made by ${mam.manufacturer}${mam.manufactureDate ? ` (${mam.manufactureDate})` : ''}` : ''}
          {!compact && mam.loadCount !== undefined ? `, ${mam.loadCount} loads` : ''}
          {!compact && mam.remainingCapacityMiB !== undefined
            ? `, ${mam.remainingCapacityMiB} MiB free of ${mam.maximumCapacityMiB ?? '?'} MiB`
            : ''}
          {!compact && mam.totalMiBWritten !== undefined
            ? `, ${mam.totalMiBWritten} MiB written and ${mam.totalMiBRead ?? '?'} MiB read in its life`
            : ''}
        </Typography>
      )}
      {view.unsupported.map((u) => (
        <Typography key={u} variant="body2" color="text.secondary">
          {u}: not supported by this drive
        </Typography>
      ))}
      {view.errors.map((e) => (
        <Typography key={e} variant="body2" color="error">
          {e}
        </Typography>
      ))}
    </Stack>
  );
}
