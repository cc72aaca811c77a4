/**
 * One cartridge: what is on it (server, image set, OS level, each record with its full SHA-256), its shelf
 * data (editable), its history with the problems of each verification, and Re-verify, Reprint label,
 * Retire and — for a blank cartridge never written — Delete.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { CartridgeDetail, ImageSetInfo, JobInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { CopyableText } from '../components/copyable-text.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatBytes, formatWhen } from '../components/format.ts';
import { JobProgress } from '../components/job-progress.tsx';
import { StatusChip } from '../components/status-chip.tsx';
import { useJob } from '../components/use-job.ts';
import { toApiError, useLoad } from '../components/use-load.ts';
import { Verdict } from '../wizard/verify-step.tsx';
import { LabelPrint } from './label-print.tsx';
import { ReadinessChip } from '../components/readiness-report.tsx';
import { ContentsPanel } from '../contents/contents-panel.tsx';
import { type DetailTab, DetailTabs } from '../contents/detail-tabs.tsx';

const RECORD_KIND: Record<number, string> = { 1: 'boot image', 2: 'mkinsttape', 3: 'dummy TOC', 4: 'mksysb backup' };

/** Detail panel of the selected cartridge. */
export function CartridgeDetailPanel({ volser, onChanged, onDeleted }: { volser: string; onChanged: () => void; onDeleted?: () => void }) {
  const detail = useLoad(() => call('getCartridge', { volser }), [volser]);
  const sets = useLoad(() => call('listImageSets', {}), []);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [started, setStarted] = useState<JobInfo | null>(null);
  const [tab, setTab] = useState<DetailTab>('details');
  const job = useJob(started);
  const finished = job !== null && job.state !== 'running';
  // A finished re-verify adds to the history: show it.
  useEffect(() => {
    if (finished) {
      detail.reload();
      onChanged();
    }
  }, [finished]);

  // Only a cartridge registered by mistake (blank, never written or verified) may be deleted; others are retired.
  const d = detail.data;
  const deletable =
    d !== null && d.cartridge.status === 'blank' && d.cartridge.writeCount === 0 && d.writes.length === 0 && d.verifications.length === 0;
  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await fn();
      detail.reload();
      onChanged();
    } catch (err) {
      setError(toApiError(err));
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Cartridge ${volser}`}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2">
          {volser}
        </Typography>
        {d && <StatusChip status={d.cartridge.status} />}
        {d && (
          <Typography variant="body2" color="text.secondary">
            {d.cartridge.barcode} · media {d.cartridge.mediaId}
          </Typography>
        )}
      </Stack>
      <DetailTabs value={tab} onChange={setTab} label={`Cartridge ${volser}`} detailsLabel="History" />
      {tab === 'contents' && <ContentsPanel source={{ volser }} />}
      <ErrorAlert error={detail.error} title="Cannot load the cartridge" />
      {tab === 'details' && d && (
        <Stack spacing={2}>
          <Typography variant="body2" component="div">
            Restore readiness of the image set on it: <ReadinessChip summary={d.cartridge.readiness} />
          </Typography>
          <OnTheCartridge detail={d} sets={sets.data ?? []} />
          <ShelfForm
            key={`${d.cartridge.location}|${d.cartridge.retentionUntil}|${d.cartridge.notes}`}
            detail={d}
            onSave={(patch) => act(() => call('updateCartridge', { volser, ...patch }))}
          />
          <History detail={d} />
        </Stack>
      )}
      {tab === 'details' && (
        <>
          <Divider sx={{ my: 2 }} />
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            <TextField
              size="small"
              label="Tape to read (.tap or /dev/nstN)"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              sx={{ width: 300 }}
            />
            <Button
              variant="outlined"
              disabled={!target}
              onClick={() =>
                void act(async () => {
                  setStarted(await call('startVerify', { target, imageSetId: null, volser }));
                })
              }
            >
              Re-verify
            </Button>
            <TextField
              size="small"
              label="Reason to retire"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              sx={{ width: 220 }}
            />
            <Button
              color="error"
              variant="outlined"
              disabled={reason.length < 3}
              onClick={() => void act(() => call('retireCartridge', { volser, reason }))}
            >
              Retire
            </Button>
            {deletable && (
              <Button
                color="error"
                onClick={() =>
                  void act(async () => {
                    await call('deleteCartridge', { volser });
                    onDeleted?.();
                  })
                }
              >
                Delete blank cartridge
              </Button>
            )}
          </Stack>
          <ErrorAlert error={error} />
          {job && job.state !== 'done' && <JobProgress job={job} />}
          {job?.result?.kind === 'verify' && (
            <Box sx={{ mt: 2 }}>
              <Verdict report={job.result.report} volser={volser} />
            </Box>
          )}
          {d && d.writes.some((w) => w.result === 'ok') && (
            <Box sx={{ mt: 2 }}>
              <LabelPrint
                volser={volser}
                refreshKey={`${d.cartridge.location}|${d.cartridge.retentionUntil}`}
                disabled={d.cartridge.status === 'failed'}
              />
            </Box>
          )}
        </>
      )}
    </Paper>
  );
}

/** Server, image set, OS level and the records of the last good write, each SHA-256 in full and copyable. */
function OnTheCartridge({ detail, sets }: { detail: CartridgeDetail; sets: ImageSetInfo[] }) {
  const write = detail.writes.find((w) => w.result === 'ok');
  if (!write) return <Typography variant="body2">Nothing written on this cartridge yet.</Typography>;
  const set = sets.find((s) => s.id === write.imageSetId) ?? null;
  const facts: [string, string][] = [
    ['Server', set?.server ?? '—'],
    ['Image set', set ? `${set.id}, captured ${formatWhen(set.capturedAt)}` : (write.imageSetId ?? '—')],
    ['OS level', set?.osLevel ?? '—'],
    ['Written', `${formatWhen(write.at)} on ${write.drive}`],
  ];
  return (
    <Box component="section" aria-label="On this cartridge">
      <Typography variant="subtitle2" component="h3">
        On this cartridge
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.25, my: 1 }}>
        {facts.map(([k, v]) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {k}
            </Box>
            <Box component="dd" sx={{ m: 0 }} aria-label={k}>
              {v}
            </Box>
          </Box>
        ))}
      </Box>
      <Table size="small" aria-label="Records on the cartridge" sx={{ tableLayout: 'fixed' }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 150 }}>Record</TableCell>
            <TableCell sx={{ width: 90 }}>Block size</TableCell>
            <TableCell sx={{ width: 90 }}>Size</TableCell>
            <TableCell>SHA-256</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {write.records.map((r) => (
            <TableRow key={r.index}>
              <TableCell>
                {r.index} · {RECORD_KIND[r.index] ?? ''}
              </TableCell>
              <TableCell>{r.blockSize}</TableCell>
              <TableCell>{formatBytes(r.bytes)}</TableCell>
              <TableCell>
                <CopyableText value={r.sha256} label={`SHA-256 of record ${r.index}`} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Location, retention and notes, edited in place. */
function ShelfForm({
  detail,
  onSave,
}: {
  detail: CartridgeDetail;
  onSave: (p: { location: string | null; retentionUntil: string | null; notes: string | null }) => Promise<void>;
}) {
  const c = detail.cartridge;
  const [location, setLocation] = useState(c.location ?? '');
  const [retention, setRetention] = useState(c.retentionUntil ?? '');
  const [notes, setNotes] = useState(c.notes ?? '');
  const changed = location !== (c.location ?? '') || retention !== (c.retentionUntil ?? '') || notes !== (c.notes ?? '');
  return (
    <Stack
      direction="row"
      spacing={1.5}
      component="form"
      aria-label="Shelf data"
      sx={{ flexWrap: 'wrap', rowGap: 1.5, alignItems: 'flex-start' }}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ location: location.trim() || null, retentionUntil: retention || null, notes: notes.trim() || null });
      }}
    >
      <TextField size="small" label="Location" value={location} onChange={(e) => setLocation(e.target.value)} sx={{ width: 220 }} />
      <TextField
        size="small"
        label="Keep until"
        type="date"
        value={retention}
        onChange={(e) => setRetention(e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField size="small" label="Notes" value={notes} onChange={(e) => setNotes(e.target.value)} sx={{ flexGrow: 1, minWidth: 200 }} />
      <Button type="submit" variant="outlined" disabled={!changed}>
        Save
      </Button>
    </Stack>
  );
}

/** Writes and verifications, newest first; each verification lists its problems. */
function History({ detail }: { detail: CartridgeDetail }) {
  return (
    <Box component="section" aria-label="History">
      <Typography variant="subtitle2" component="h3">
        Writes
      </Typography>
      {detail.writes.length === 0 && <Typography variant="body2">None.</Typography>}
      {detail.writes.map((w, i) => (
        <Typography key={i} variant="body2">
          {formatWhen(w.at)} on {w.drive}: {w.result}
        </Typography>
      ))}
      <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
        Verifications
      </Typography>
      {detail.verifications.length === 0 && <Typography variant="body2">None.</Typography>}
      {detail.verifications.map((v, i) => (
        <Box key={i} sx={{ mb: 0.5 }}>
          <Typography variant="body2" sx={{ color: v.verdict === 'failed' ? 'error.main' : undefined }}>
            {formatWhen(v.at)} on {v.drive}: {v.verdict}
            {v.problems.length ? ` (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'})` : ''}
          </Typography>
          {v.problems.length > 0 && (
            <Alert severity="error" icon={false} sx={{ py: 0 }}>
              <Box component="ul" sx={{ m: 0, pl: 2 }}>
                {v.problems.map((p, j) => (
                  <li key={j}>
                    {p.record !== null && <strong>Record {p.record}: </strong>}
                    {p.message} <code>[{p.code}]</code>
                  </li>
                ))}
              </Box>
            </Alert>
          )}
        </Box>
      ))}
    </Box>
  );
}
