import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Initial JavaScript (the entry and what it imports statically), gzipped: the budget for a slow link. */
export const INITIAL_JS_BUDGET = 300 * 1024;

/**
 * Fails the build when the JavaScript a first visit must load is over budget, and writes what it measured
 * to bundle-report.json beside the build (the map and charts are separate chunks, loaded when needed).
 */
function bundleBudget(): Plugin {
  return {
    name: 'tandem-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        initial.add(name);
        for (const dep of byName.get(name)?.imports ?? []) visit(dep);
      };
      for (const c of chunks) if (c.isEntry) visit(c.fileName);
      const gz = (code: string) => gzipSync(code, { level: 9 }).length;
      const report = chunks
        .map((c) => ({ file: c.fileName, initial: initial.has(c.fileName), bytes: Buffer.byteLength(c.code), gzip: gz(c.code) }))
        .sort((a, b) => b.gzip - a.gzip);
      const initialGzip = report.filter((r) => r.initial).reduce((s, r) => s + r.gzip, 0);
      this.emitFile({
        type: 'asset', fileName: 'bundle-report.json',
        source: JSON.stringify({ budget: INITIAL_JS_BUDGET, initialJsGzip: initialGzip, chunks: report }, null, 2),
      });
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      if (initialGzip > INITIAL_JS_BUDGET) {
        this.error(`initial JavaScript is ${kb(initialGzip)} gzipped, over the ${kb(INITIAL_JS_BUDGET)} budget`);
      }
      this.info(`initial JavaScript ${kb(initialGzip)} gzipped (budget ${kb(INITIAL_JS_BUDGET)})`);
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), bundleBudget()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    // Development: the API comes from a Tandem server started beside Vite (npm run dev).
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' },
  },
});
