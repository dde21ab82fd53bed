/**
 * Builds the renderer into dist/renderer: React 19, plain CSS files, no inline script or style
 * (the CSP forbids both), relative asset URLs so the page loads from app://keydesk/ and from the
 * browser test host alike.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  // Nothing is fetched at runtime; keep Vite's env and public dir out of the bundle.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome140',
    // The polyfill would be bundled code, but Chromium supports modulepreload natively.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; the CSP allows them only for images, so keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
