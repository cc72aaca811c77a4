/** Asks the operator to confirm an unknown host key by its SHA256 fingerprint before it is pinned. */
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';

/** Open while `fingerprint` is set. */
export function HostKeyDialog({
  server,
  fingerprint,
  onTrust,
  onReject,
}: {
  server: string;
  fingerprint: string | null;
  onTrust: () => void;
  onReject: () => void;
}) {
  return (
    <Dialog open={fingerprint !== null} onClose={onReject} aria-labelledby="hostkey-title" aria-describedby="hostkey-text">
      <DialogTitle id="hostkey-title">Confirm the host key of {server}</DialogTitle>
      <DialogContent>
        <DialogContentText id="hostkey-text">
          SysbTape has not seen this server before. Compare this fingerprint with the one the server shows (on the AIX console:{' '}
          <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>). Trust it only if they match.
        </DialogContentText>
        <Typography component="p" aria-label="Offered fingerprint" sx={{ mt: 2, fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {fingerprint}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onReject}>Do not trust</Button>
        <Button variant="contained" onClick={onTrust}>
          Trust and pin this key
        </Button>
      </DialogActions>
    </Dialog>
  );
}
