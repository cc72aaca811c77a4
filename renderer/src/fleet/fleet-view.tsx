/**
 * The home view (issue 19): each server's state against its backup policy with the reason, a timeline of
 * its verified tapes (age bars against the policy line), the shelf by state, and what needs doing.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { FleetStatus, ServerState, ServerStatus } from '../../../shared/operations.ts';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useLoad } from '../components/use-load.ts';
import { DuePanel } from './due-panel.tsx';
import { NotifyForm } from './notify-form.tsx';
import { PolicyForm } from './policy-form.tsx';
import { ShelfBar } from './shelf-bar.tsx';
import { TapeTimeline } from './tape-timeline.tsx';

const STATE: Record<ServerState, { label: string; color: 'success' | 'warning' | 'error' }> = {
  ok: { label: 'OK', color: 'success' },
  'due-soon': { label: 'Due soon', color: 'warning' },
  overdue: { label: 'Overdue', color: 'error' },
  failing: { label: 'Failing', color: 'error' },
};

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

function ServerRow({ s, scaleDays }: { s: ServerStatus; scaleDays: number }) {
  const n = s.newestVerified;
  const r = s.newestImageSet;
  return (
    <TableRow sx={{ verticalAlign: 'top' }}>
      <TableCell>
        <Stack spacing={0.5}>
          <Typography sx={{ fontWeight: 600 }}>{s.server}</Typography>
          <Chip size="small" label={STATE[s.state].label} color={STATE[s.state].color} sx={{ alignSelf: 'flex-start' }} />
        </Stack>
      </TableCell>
      <TableCell>
        <Typography variant="body2">Last capture {day(s.lastCaptureAt)}</Typography>
        <Typography variant="body2">
          {n ? (
            <>
              Newest <code>{n.volser}</code>, {n.ageDays} d, {n.location ?? 'no location'}
            </>
          ) : (
            'No verified tape'
          )}
        </Typography>
        <Typography variant="body2">
          Copies {s.copies.length}/{s.policy.copies}, off site {s.offsiteCopies}/{s.policy.offsiteCopies}
        </Typography>
        <Typography variant="body2">
          Readiness: {r ? (r.ready === null ? 'not assessed' : r.ready ? 'ready' : 'NOT ready') : '—'}
        </Typography>
        {s.reasons.map((reason) => (
          <Typography
            key={reason}
            variant="body2"
            color={STATE[s.state].color === 'success' ? 'text.secondary' : `${STATE[s.state].color}.main`}
          >
            • {reason}
          </Typography>
        ))}
      </TableCell>
      <TableCell sx={{ width: '48%' }}>
        <TapeTimeline status={s} scaleDays={scaleDays} />
      </TableCell>
    </TableRow>
  );
}

function Todo({ title, lines }: { title: string; lines: string[] }) {
  if (!lines.length) return null;
  return (
    <Stack spacing={0.25}>
      <Typography variant="subtitle2">{title}</Typography>
      {lines.map((l) => (
        <Typography key={l} variant="body2">
          {l}
        </Typography>
      ))}
    </Stack>
  );
}

function Todos({ f }: { f: FleetStatus }) {
  const any = f.reverifyDue.length + f.retentionEnding.length + f.failedJobs.length + f.failedCartridges.length + f.cleaningDue.length > 0;
  return (
    <Stack spacing={1.5}>
      {!any && <Typography color="text.secondary">Nothing to do on the shelf.</Typography>}
      <Todo title="Drive cleaning due" lines={f.cleaningDue.map((d) => `${d.drive}: ${d.flags.join(', ')} — ${d.fix}`)} />
      <Todo
        title="Failed or interrupted jobs"
        lines={f.failedJobs.map((j) => `Job ${j.id} ${j.kind} ${j.state} (${j.server ?? j.volser ?? '—'})`)}
      />
      <Todo title="Read-back failed" lines={f.failedCartridges.map((c) => `${c.volser} (${c.server ?? '—'})`)} />
      <Todo
        title="Due for re-verification"
        lines={f.reverifyDue.map((c) => `${c.volser} (${c.server ?? '—'}) at ${c.location ?? 'no location'}, due ${day(c.date)}`)}
      />
      <Todo title="Retention ending within 30 days" lines={f.retentionEnding.map((c) => `${c.volser} (${c.server ?? '—'}) on ${c.date}`)} />
      <Typography variant="body2">
        Reusable cartridges: {f.reusable.length ? f.reusable.map((c) => c.volser).join(', ') : 'none'}
      </Typography>
    </Stack>
  );
}

/** The fleet view; `onOpenJobs` shows the Jobs view (a capture started here is followed there). */
export function FleetView({ onOpenJobs }: { onOpenJobs?: () => void }) {
  const fleet = useLoad(() => call('getFleetStatus', {}), []);
  const f = fleet.data;
  const scaleDays = f ? Math.max(...f.servers.map((s) => s.policy.maxAgeDays * 1.6), 10) : 10;
  return (
    <Stack spacing={2}>
      <ErrorAlert error={fleet.error} title="Cannot compute the fleet status" />
      {f && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Alert severity={f.overall === 'ok' ? 'success' : f.overall === 'due-soon' ? 'warning' : 'error'} sx={{ flexGrow: 1 }}>
            {f.servers.length === 0
              ? 'No servers yet: add one in New tape.'
              : `${f.servers.filter((s) => s.state === 'ok').length} of ${f.servers.length} servers OK` +
                (f.overall === 'ok' ? '' : ` — worst: ${STATE[f.overall].label.toLowerCase()}`)}
          </Alert>
          <Button onClick={fleet.reload}>Refresh</Button>
        </Stack>
      )}
      <DuePanel onOpenJobs={onOpenJobs} onChanged={fleet.reload} />
      {f && f.servers.length > 0 && (
        <Paper variant="outlined">
          <Table size="small" aria-label="Fleet">
            <TableHead>
              <TableRow>
                <TableCell>Server</TableCell>
                <TableCell>Backups</TableCell>
                <TableCell>Verified tapes by age</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {f.servers.map((s) => (
                <ServerRow key={s.server} s={s} scaleDays={scaleDays} />
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {f && (
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
          <Paper variant="outlined" sx={{ p: 2, flex: 1 }} aria-label="Shelf">
            <Typography variant="subtitle1" gutterBottom>
              Shelf
            </Typography>
            <ShelfBar shelf={f.shelf} />
          </Paper>
          <Paper variant="outlined" sx={{ p: 2, flex: 1 }} aria-label="To do">
            <Typography variant="subtitle1" gutterBottom>
              To do
            </Typography>
            <Todos f={f} />
          </Paper>
        </Stack>
      )}
      <PolicyForm onSaved={fleet.reload} />
      <NotifyForm />
    </Stack>
  );
}
