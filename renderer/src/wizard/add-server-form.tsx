/** The form that adds a server to the catalog; a password goes to the main side once and never back. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { FormAuthMethod } from '../../../shared/domain.ts';
import type { ServerInfo } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError } from '../components/use-load.ts';

/** Calls onAdded with the new server. */
export function AddServerForm({ onAdded, onCancel }: { onAdded: (s: ServerInfo) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('22');
  const [user, setUser] = useState('root');
  const [auth, setAuth] = useState<FormAuthMethod>('agent');
  const [keyPath, setKeyPath] = useState('');
  const [secret, setSecret] = useState('');
  const [workdir, setWorkdir] = useState('/tmp/sysbtape');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const server = await call('addServer', {
        name,
        host,
        port: Number(port),
        user,
        auth,
        workdir,
        keyPath: auth === 'key' ? keyPath : null,
        secret: auth === 'agent' || secret === '' ? null : secret,
      });
      setSecret('');
      onAdded(server);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack
      component="form"
      aria-label="Add server"
      spacing={1.5}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack direction="row" spacing={1.5}>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required size="small" autoFocus />
        <TextField label="Host" value={host} onChange={(e) => setHost(e.target.value)} required size="small" sx={{ flexGrow: 1 }} />
        <TextField
          label="Port"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          size="small"
          sx={{ width: 90 }}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <TextField label="User" value={user} onChange={(e) => setUser(e.target.value)} size="small" sx={{ width: 120 }} />
      </Stack>
      <Stack direction="row" spacing={1.5}>
        <TextField
          select
          label="Authentication"
          value={auth}
          onChange={(e) => setAuth(e.target.value as FormAuthMethod)}
          size="small"
          sx={{ width: 200 }}
        >
          <MenuItem value="agent">SSH agent</MenuItem>
          <MenuItem value="key">Private key file</MenuItem>
          <MenuItem value="password">Password</MenuItem>
        </TextField>
        {auth === 'key' && (
          <TextField label="Key file" value={keyPath} onChange={(e) => setKeyPath(e.target.value)} size="small" sx={{ flexGrow: 1 }} />
        )}
        {auth !== 'agent' && (
          <TextField
            label={auth === 'key' ? 'Key passphrase (optional)' : 'Password'}
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            size="small"
            autoComplete="off"
            sx={{ flexGrow: 1 }}
          />
        )}
        <TextField
          label="Work directory on the server"
          value={workdir}
          onChange={(e) => setWorkdir(e.target.value)}
          size="small"
          sx={{ flexGrow: 1 }}
        />
      </Stack>
      <ErrorAlert error={error} title="Cannot add the server" />
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained" disabled={busy || !name || !host}>
          Add server
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </Stack>
    </Stack>
  );
}
