import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves dist/ at its root; in `vite dev` the API runs beside it and /v1 is proxied to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
