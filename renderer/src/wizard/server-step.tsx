/** Step 1: choose or add a server, test the connection (confirming an unknown host key), run preflight. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ConnectionTest, PreflightReport, ServerInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';
import { AddServerForm } from './add-server-form.tsx';
import { HostKeyDialog } from './host-key-dialog.tsx';
import { PreflightSummary, PreflightTable } from './preflight-table.tsx';
import type { StepProps } from './wizard-state.ts';

/** Chooses the server for this job; the step is done once the connection test passed. */
export function ServerStep({ state, update, visits }: StepProps) {
  const servers = useLoad(() => call('listServers', {}), [visits]);
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<string | null>(state.server?.name ?? null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [preflight, setPreflightState] = useState<PreflightReport | null>(null);
  // The wizard gates Next on the latest preflight: errors must be fixed (and preflight run again) first.
  const setPreflight = (r: PreflightReport | null): void => {
    setPreflightState(r);
    update({ preflight: r });
  };
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const chosen = servers.data?.find((s) => s.name === selected) ?? null;

  const run = async <T,>(label: string, fn: () => Promise<T>): Promise<T | null> => {
    setBusy(label);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(toApiError(err));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const testConnection = async (server: ServerInfo): Promise<void> => {
    update({ server: null });
    const result = await run('Testing connection…', () => call('testServer', { name: server.name }));
    setTest(result);
    if (result?.connected) update({ server });
  };
  const trust = async (fingerprint: string): Promise<void> => {
    if (!chosen) return;
    setTest(null);
    const pinned = await run('Pinning the host key…', () => call('trustServer', { name: chosen.name, fingerprint }));
    if (pinned) {
      servers.reload();
      await testConnection(pinned);
    }
  };
  const choose = (s: ServerInfo): void => {
    setSelected(s.name);
    setTest(null);
    setPreflight(null);
    update({ server: null });
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h6" component="h2">
        Which AIX server?
      </Typography>
      <ErrorAlert error={servers.error} title="Cannot list servers" />
      {servers.data && servers.data.length === 0 && !adding && (
        <Alert severity="info">No servers yet. Add the AIX server to back up.</Alert>
      )}
      {servers.data && servers.data.length > 0 && (
        <List dense aria-label="Servers" sx={{ maxHeight: 180, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
          {servers.data.map((s) => (
            <ListItemButton key={s.name} selected={s.name === selected} onClick={() => choose(s)}>
              <ListItemText
                primary={s.name}
                secondary={`${s.user}@${s.host}:${s.port} · ${s.auth} · ${s.pinnedFingerprint ? 'key pinned' : 'key not pinned yet'}${s.osLevel ? ` · AIX ${s.osLevel}` : ''}`}
              />
            </ListItemButton>
          ))}
        </List>
      )}
      {adding ? (
        <AddServerForm
          onAdded={(s) => {
            setAdding(false);
            servers.reload();
            choose(s);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <Button sx={{ alignSelf: 'flex-start' }} onClick={() => setAdding(true)}>
          Add a server…
        </Button>
      )}
      {chosen && (
        <Stack direction="row" spacing={1}>
          <Button variant="contained" disabled={busy !== null} onClick={() => void testConnection(chosen)}>
            Test connection
          </Button>
          <Button
            variant="outlined"
            disabled={busy !== null || !test?.connected}
            onClick={() =>
              void run('Running preflight…', () => call('preflightServer', { name: chosen.name })).then((r) => {
                if (r) setPreflight(r);
              })
            }
          >
            Run preflight
          </Button>
          {busy && (
            <Typography role="status" sx={{ alignSelf: 'center' }}>
              {busy}
            </Typography>
          )}
        </Stack>
      )}
      {test?.connected && (
        <Alert severity="success">
          Connected to {chosen?.name}: {test.message}
        </Alert>
      )}
      {test?.hostKey === 'changed' && (
        <Alert severity="error" role="alert">
          The host key of {chosen?.name} has CHANGED. SysbTape refused to connect and sent no password or key. Pinned:{' '}
          <code>{test.pinnedFingerprint}</code> · offered now: <code>{test.offeredFingerprint}</code>. If the server was reinstalled, check
          the new key on its console, then edit the server in Servers.
        </Alert>
      )}
      {test && !test.connected && test.hostKey === 'pinned' && <Alert severity="error">{test.message}</Alert>}
      <ErrorAlert error={error} />
      {preflight && <PreflightSummary report={preflight} />}
      {preflight && <PreflightTable report={preflight} />}
      <HostKeyDialog
        server={chosen?.name ?? ''}
        fingerprint={test?.hostKey === 'unknown' ? test.offeredFingerprint : null}
        onTrust={() => {
          if (test) void trust(test.offeredFingerprint);
        }}
        onReject={() => setTest(null)}
      />
    </Stack>
  );
}
