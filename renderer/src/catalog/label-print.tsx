/**
 * The spine label and the restore card of a cartridge, each with its preview and its own Print button:
 * Print label… and Print card… print the PDF file itself through the main process (Electron: the system
 * print dialog; the browser harness: its print folder), never the app window. The previews open zoomable.
 * `refreshKey` renders them again after the shelf or retention changed, so the card shows what was saved.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Slider from '@mui/material/Slider';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { PrintPart, PrintResult } from '../../../shared/model.ts';
import { type ApiError, call } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { toApiError, useLoad } from '../components/use-load.ts';

const PART_WORDS: Record<PrintPart, string> = { label: 'spine label', card: 'restore card' };

function printedText(r: PrintResult): string {
  const what = `The ${PART_WORDS[r.part]} of ${r.volser}`;
  return r.outcome === 'printed' ? `${what} went to ${r.printedTo}.` : `${what} was not printed: ${r.printedTo}.`;
}

/** Previews, zoom and separate printing of one cartridge's spine label and restore card. */
export function LabelPrint({ volser, refreshKey, disabled = false }: { volser: string; refreshKey: string; disabled?: boolean }) {
  const label = useLoad(() => call('renderLabel', { volser }), [volser, refreshKey]);
  const [zoomOpen, setZoomOpen] = useState(false);
  const [zoom, setZoom] = useState(100);
  const [printing, setPrinting] = useState<PrintPart | null>(null);
  const [printed, setPrinted] = useState<PrintResult | null>(null);
  const [printError, setPrintError] = useState<ApiError | null>(null);

  const print = async (part: PrintPart): Promise<void> => {
    setPrinting(part);
    setPrinted(null);
    setPrintError(null);
    try {
      setPrinted(await call('printLabel', { volser, part }));
    } catch (err) {
      setPrintError(toApiError(err));
    } finally {
      setPrinting(null);
    }
  };
  const openZoom = (): void => setZoomOpen(true);
  const zoomKey = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter') openZoom();
  };
  const d = label.data;

  return (
    <>
      <ErrorAlert error={label.error} title="Cannot render the label" />
      {d && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap', rowGap: 1 }}>
          <Stack spacing={1} sx={{ minWidth: 0, maxWidth: 320 }}>
            <Typography variant="subtitle2" component="h3">
              Spine label
            </Typography>
            <Box
              component="img"
              src={d.label.pngDataUrl}
              alt={`Spine label of ${volser}`}
              role="img"
              tabIndex={0}
              onClick={openZoom}
              onKeyDown={zoomKey}
              title="Open a larger preview"
              sx={{ width: 300, border: 1, borderColor: 'divider', bgcolor: '#fff', cursor: 'zoom-in' }}
            />
            <Button
              variant="outlined"
              sx={{ alignSelf: 'flex-start' }}
              disabled={disabled || printing !== null}
              onClick={() => void print('label')}
            >
              Print label…
            </Button>
            <Typography variant="caption" sx={{ overflowWrap: 'anywhere' }}>
              PDF: <code>{d.label.pdfPath}</code>
            </Typography>
          </Stack>
          <Stack spacing={1} sx={{ minWidth: 0, maxWidth: 360 }}>
            <Typography variant="subtitle2" component="h3">
              Restore card
            </Typography>
            <Box
              component="img"
              src={d.card.pngDataUrl}
              alt={`Restore card of ${volser}`}
              role="img"
              tabIndex={0}
              onClick={openZoom}
              onKeyDown={zoomKey}
              title="Open a larger preview"
              sx={{ width: 170, border: 1, borderColor: 'divider', bgcolor: '#fff', cursor: 'zoom-in' }}
            />
            <Stack direction="row" spacing={1}>
              <Button variant="outlined" disabled={disabled || printing !== null} onClick={() => void print('card')}>
                Print card…
              </Button>
              <Button onClick={openZoom}>Larger preview</Button>
            </Stack>
            <Typography variant="caption" sx={{ overflowWrap: 'anywhere' }}>
              PDF: <code>{d.card.pdfPath}</code>
            </Typography>
          </Stack>
        </Stack>
      )}
      {printed && (
        <Alert severity={printed.outcome === 'printed' ? 'success' : 'info'} sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          {printedText(printed)}
        </Alert>
      )}
      <ErrorAlert error={printError} title="Cannot print" />
      {d && (
        <Dialog open={zoomOpen} onClose={() => setZoomOpen(false)} fullWidth maxWidth="lg" aria-labelledby="label-zoom-title">
          <DialogTitle id="label-zoom-title">Label and restore card of {volser}</DialogTitle>
          <DialogContent>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
              <Typography variant="body2" id="label-zoom-slider">
                Zoom
              </Typography>
              <Slider
                aria-labelledby="label-zoom-slider"
                value={zoom}
                min={50}
                max={300}
                step={25}
                onChange={(_e, v) => setZoom(v as number)}
                valueLabelDisplay="auto"
                valueLabelFormat={(v) => `${v} %`}
                sx={{ maxWidth: 300 }}
              />
            </Stack>
            <Box sx={{ overflow: 'auto', maxHeight: '70vh', border: 1, borderColor: 'divider', bgcolor: '#fff' }}>
              <Box
                component="img"
                src={d.label.pngDataUrl}
                alt={`Larger preview of the spine label of ${volser}`}
                sx={{ width: `${zoom * 0.4}%`, display: 'block', mb: 2 }}
              />
              <Box
                component="img"
                src={d.card.pngDataUrl}
                alt={`Larger preview of the restore card of ${volser}`}
                sx={{ width: `${zoom}%`, display: 'block' }}
              />
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setZoomOpen(false)}>Close</Button>
          </DialogActions>
        </Dialog>
      )}
    </>
  );
}
