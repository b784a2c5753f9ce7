import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** `vite` dev server only: the running service the SPA's same-origin calls are forwarded to. */
const service = process.env.INTERCONNECT_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: here,
  // The service mounts the build under /dashboard/ (see src/web/dashboard.ts).
  base: '/dashboard/',
  plugins: [preact()],
  server: {
    // The shared i18n module lives beside the app, outside its root.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '^/(api|manage|health|openapi)(/|$)': { target: service, changeOrigin: true },
      '/ws': { target: service, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/dashboard', import.meta.url)),
    emptyOutDir: true,
    // Inline assets would need data: in the CSP; keep every asset a file served from 'self'.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
