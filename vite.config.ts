import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The dev server proxies every MLflow route to the bundled tracking server (npm run serve).
const apiTarget = process.env.RUNBOARD_API ?? 'http://127.0.0.1:5000';
const proxied = ['/api', '/ajax-api', '/get-artifact', '/model-versions/get-artifact', '/health', '/version'];

// The server refuses writes from a foreign Origin: a request from this dev server's own pages is
// passed on as the API's own origin; any other Origin goes through unchanged and is refused there.
const vouchForOwnOrigin: NonNullable<ProxyOptions['configure']> = (proxy) => {
  proxy.on('proxyReq', (proxyRequest, request) => {
    const origin = request.headers.origin;
    if (origin && URL.canParse(origin) && new URL(origin).host === request.headers.host) proxyRequest.setHeader('origin', new URL(apiTarget).origin);
  });
};

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((prefix) => [prefix, { target: apiTarget, changeOrigin: true, configure: vouchForOwnOrigin }])),
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
