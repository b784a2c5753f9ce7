import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  // The service mounts the build under /dashboard/ (see src/web/dashboard.ts).
  base: '/dashboard/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/dashboard', import.meta.url)),
    emptyOutDir: true,
    // Inline assets would need data: in the CSP; keep every asset a file served from 'self'.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
