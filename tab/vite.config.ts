/**
 * Builds the tab (tab/index.html + tab/app) into tab/dist, served by the server under /tab
 * (tab/static.ts). Run through tab/build.ts, which builds only when the sources changed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/tab/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
