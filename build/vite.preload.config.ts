// Bundles electron/preload.ts (and the contract it uses) into one CommonJS file, dist/electron/preload.cjs:
// sandboxed preloads cannot import ES modules and may require only 'electron' and a few built-ins.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../dist/electron', import.meta.url)),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'chrome140',
    lib: {
      entry: fileURLToPath(new URL('../electron/preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: { external: ['electron'] },
  },
});
