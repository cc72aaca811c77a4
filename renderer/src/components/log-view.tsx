/** The live log of a job: monospaced, scrolls to the newest line, readable by screen readers. */
import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';

/** Shows the last lines of a log. */
export function LogView({ lines, label }: { lines: string[]; label: string }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines]);
  return (
    <Box
      component="pre"
      ref={ref}
      aria-label={label}
      role="log"
      tabIndex={0}
      sx={{ m: 0, p: 1, height: 140, overflow: 'auto', fontSize: 12, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap' }}
    >
      {lines.length === 0 ? '(no output yet)' : lines.join('\n')}
    </Box>
  );
}
