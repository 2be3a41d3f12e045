import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import manifest from './package.json' with { type: 'json' };

/**
 * The wire schemas' TypeScript source. The package is built as CommonJS for the services, and a
 * bundler cannot tree-shake a `require('zod')`: through it all of zod (every locale) lands in the
 * page, about 600 kB. From the ES module source, only the schemas the shop uses do.
 */
const CONTRACTS_SOURCE = new URL('../../libs/contracts/src/index.ts', import.meta.url).pathname;
/** The fault engine's names (points, kinds): plain constants, for the control room's form. */
const FAULT_VOCABULARY_SOURCE = new URL('../../libs/faults/src/vocabulary.ts', import.meta.url)
  .pathname;
/** The admin API's client, as ES modules too (the control room's chunk only: fetch, no zod). */
const FAULT_ADMIN_SOURCE = new URL('../../libs/fault-admin/src/index.ts', import.meta.url).pathname;

/**
 * Where `npm run dev` sends /api and /otlp (and the control room's /control/api and the gateway's
 * /admin/faults): the gateway as `npm start` runs it.
 */
const GATEWAY = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  define: { __STOREFRONT_VERSION__: JSON.stringify(manifest.version) },
  // Served by the gateway at the site root; client-side routes fall back to index.html there.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Stay well under the budget a laptop on a slow link loads in about a second.
    chunkSizeWarningLimit: 450,
  },
  resolve: {
    alias: {
      '@faultline/contracts': CONTRACTS_SOURCE,
      '@faultline/fault-admin': FAULT_ADMIN_SOURCE,
      '@faultline/faults/vocabulary': FAULT_VOCABULARY_SOURCE,
    },
  },
  // Unit specs of plain functions: one worker for them all is enough on a two-core machine.
  test: { isolate: false, include: ['src/**/*.spec.{ts,tsx}'] },
  server: {
    proxy: { '/api': GATEWAY, '/otlp': GATEWAY, '/control/api': GATEWAY, '/admin': GATEWAY },
  },
});
