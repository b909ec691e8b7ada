import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API reference page (/docs): built beside the console by `npm run build:console` and served as
// static files like it — by `npm start` and, in AWS, from the console's bucket behind CloudFront —
// so the ~1.5 MB of Swagger UI is never a Lambda's to serve.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/docs/',
  build: {
    outDir: '../docs-dist',
    emptyOutDir: true,
    target: 'es2022',
    // Swagger UI is one prebuilt bundle: 1.5 MB, ~450 kB compressed, loaded once by whoever reads the reference.
    chunkSizeWarningLimit: 2000,
  },
  logLevel: 'warn',
});
