/**
 * The dashboard's build. Root is web/, output web/dist (served by Vigil's own server at /).
 * `npm run dev:web` proxies /api to a running Vigil (VIGIL_API_URL, default 127.0.0.1:3000).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's CSP is default-src 'self': never inline assets as data: URLs into scripts.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: process.env.VIGIL_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
