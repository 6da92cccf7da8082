import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root,
  // Electron loads the built page from file://, so every asset URL must be relative.
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // The CSP is `script-src 'self'`: the module-preload polyfill would be an inline script, and inlined
    // assets would be data: URLs that `default-src 'none'` blocks for anything but images.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'chrome130',
    sourcemap: true,
  },
});
