/** A value shown in full (monospace, wrapping anywhere) or truncated with a tooltip, with a Copy button beside it. */
import { useState } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DoneIcon from '@mui/icons-material/Done';

/** Shows `value`; `truncate` keeps it on one line (ellipsis, full value in the tooltip). `label` names it for the Copy button. */
export function CopyableText({
  value,
  label,
  truncate = false,
  mono = true,
}: {
  value: string;
  label: string;
  truncate?: boolean;
  mono?: boolean;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const text = (
    <Box
      component="span"
      aria-label={label}
      sx={{
        fontFamily: mono ? 'monospace' : undefined,
        fontSize: mono ? 12 : undefined,
        minWidth: 0,
        ...(truncate
          ? { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', display: 'block' }
          : { overflowWrap: 'anywhere' }),
      }}
    >
      {value}
    </Box>
  );
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
      {truncate ? <Tooltip title={value}>{text}</Tooltip> : text}
      <Tooltip title={copied === false ? 'Copy failed: select the text instead' : copied ? 'Copied' : `Copy ${label}`}>
        <IconButton size="small" aria-label={`Copy ${label}`} onClick={() => void copy()} sx={{ flexShrink: 0 }}>
          {copied ? <DoneIcon fontSize="inherit" /> : <ContentCopyIcon fontSize="inherit" />}
        </IconButton>
      </Tooltip>
    </Box>
  );
}
