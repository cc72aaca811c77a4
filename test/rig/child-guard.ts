/** Last-resort cleanup: rig children (tgtd, QEMU) still alive when the test process exits are killed by PID. */

const alive = new Set<number>();
let hooked = false;

/** Remembers a child PID until forget(); if the process exits first, the child is SIGKILLed. */
export function guardChild(pid: number): { forget: () => void } {
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const p of alive) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    });
  }
  alive.add(pid);
  return {
    forget: () => {
      alive.delete(pid);
    },
  };
}
