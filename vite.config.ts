import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies every MLflow route to the bundled tracking server (npm run serve).
const apiTarget = process.env.RUNBOARD_API ?? 'http://127.0.0.1:5000';
const proxied = ['/api', '/ajax-api', '/get-artifact', '/model-versions/get-artifact', '/health', '/version'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((prefix) => [prefix, { target: apiTarget, changeOrigin: true }])),
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
