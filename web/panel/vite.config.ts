import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The hosting user panel, served by the hosting plugin from dist/web/panel under /panel/.
export default defineConfig({
  root: here,
  base: '/panel/',
  plugins: [preact()],
  // The shared i18n module lives beside the app, outside its root.
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web/panel', import.meta.url)),
    emptyOutDir: true,
  },
});
