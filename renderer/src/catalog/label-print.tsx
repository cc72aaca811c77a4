/**
 * The label and restore card of a cartridge: a preview that opens zoomable, and Print… that prints the
 * card alone (a print stylesheet hides the app around it). `refreshKey` re-renders it after the shelf or
 * retention changed, so the card shows what was saved. The PDF is saved on disk for exact-size printing.
 */
import { useState } from 'react';
import GlobalStyles from '@mui/material/GlobalStyles';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useLoad } from '../components/use-load.ts';

// While printing, only the card is shown, scaled to the page: never the app window around it.
const PRINT_ONLY_CARD = {
  '@media print': {
    'body *': { visibility: 'hidden' },
    '.sysbtape-print-card, .sysbtape-print-card *': { visibility: 'visible' },
    '.sysbtape-print-card': { position: 'fixed', left: 0, top: 0, width: '100%', maxWidth: 'none !important', maxHeight: 'none !important', border: '0 !important' },
  },
} as const;

/** Preview, zoom and print of one cartridge's label and restore card. */
export function LabelPrint({ volser, refreshKey, disabled = false }: { volser: string; refreshKey: string; disabled?: boolean }) {
  const label = useLoad(() => call('renderLabel', { volser }), [volser, refreshKey]);
  const [zoomOpen, setZoomOpen] = useState(false);
  const [zoom, setZoom] = useState(100);

  return (
    <>
      <ErrorAlert error={label.error} title="Cannot render the label" />
      {label.data && <GlobalStyles styles={PRINT_ONLY_CARD} />}
      {label.data && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
          <Box component="img" className="sysbtape-print-card" src={label.data.pngDataUrl} alt={`Label and restore card for ${volser}`} role="img" tabIndex={0}
            onClick={() => setZoomOpen(true)} onKeyDown={(e) => { if (e.key === 'Enter') setZoomOpen(true); }} title="Open a larger preview"
            sx={{ maxWidth: 420, maxHeight: 300, border: 1, borderColor: 'divider', bgcolor: '#fff', cursor: 'zoom-in' }} />
          <Stack spacing={1} sx={{ minWidth: 0 }}>
            <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>PDF saved at <code>{label.data.pdfPath}</code></Typography>
            <Button variant="outlined" sx={{ alignSelf: 'flex-start' }} disabled={disabled} onClick={() => window.print()}>Print…</Button>
            <Button sx={{ alignSelf: 'flex-start' }} onClick={() => setZoomOpen(true)}>Larger preview</Button>
          </Stack>
        </Stack>
      )}
      {label.data && (
        <Dialog open={zoomOpen} onClose={() => setZoomOpen(false)} fullWidth maxWidth="lg" aria-labelledby="label-zoom-title">
          <DialogTitle id="label-zoom-title">Label and restore card of {volser}</DialogTitle>
          <DialogContent>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
              <Typography variant="body2" id="label-zoom-slider">Zoom</Typography>
              <Slider aria-labelledby="label-zoom-slider" value={zoom} min={50} max={300} step={25} onChange={(_e, v) => setZoom(v as number)}
                valueLabelDisplay="auto" valueLabelFormat={(v) => `${v} %`} sx={{ maxWidth: 300 }} />
            </Stack>
            <Box sx={{ overflow: 'auto', maxHeight: '70vh', border: 1, borderColor: 'divider', bgcolor: '#fff' }}>
              <Box component="img" src={label.data.pngDataUrl} alt={`Larger preview of the label and restore card for ${volser}`}
                sx={{ width: `${zoom}%`, display: 'block' }} />
            </Box>
          </DialogContent>
          <DialogActions><Button onClick={() => setZoomOpen(false)}>Close</Button></DialogActions>
        </Dialog>
      )}
    </>
  );
}
