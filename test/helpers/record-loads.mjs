// Preloaded with `node --import`: records every module URL the process resolves and, at exit, writes the
// list to the file named by SYSBTAPE_LOADS_FILE (which modules a command loads is what its start costs).
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';

const urls = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    urls.add(r.url);
    return r;
  },
});
process.on('exit', () => writeFileSync(process.env.SYSBTAPE_LOADS_FILE, [...urls].join('\n')));
