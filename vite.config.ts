import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is plain static files: no COOP/COEP headers, no SharedArrayBuffer, so it runs from any
// static host or a file server on a laptop with no network.
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs let the built app run from any sub-path (GitHub Pages, a course site).
  base: './',
  worker: {
    // Every server worker is an ES module, so several workers can share engine chunks.
    format: 'es',
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // React and xterm.js make one ~570 kB script (~160 kB gzipped), loaded once and cached;
    // splitting it would add requests without making the first screen faster.
    chunkSizeWarningLimit: 700,
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
