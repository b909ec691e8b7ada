import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The duty-office console: Preact (3 kB) compiled by Vite's own JSX transform; served under /console/
// by `npm start` and by CloudFront in AWS.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Chart.js is most of the weight; a duty office on a county network still loads it in a second.
    chunkSizeWarningLimit: 300,
  },
  logLevel: 'warn',
});
