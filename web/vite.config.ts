import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Initial JavaScript (the entry and what it imports statically), gzipped: the budget for a slow link. */
export const INITIAL_JS_BUDGET = 300 * 1024;

const gzip = (data: Buffer | string) => gzipSync(data, { level: 9 });
const brotli = (data: Buffer | string) => brotliCompressSync(data, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(data) },
});

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
      const report = chunks
        .map((c) => ({ file: c.fileName, initial: initial.has(c.fileName), bytes: Buffer.byteLength(c.code), gzip: gzip(c.code).length, brotli: brotli(c.code).length }))
        .sort((a, b) => b.gzip - a.gzip);
      const initialJs = report.filter((r) => r.initial);
      const initialGzip = initialJs.reduce((s, r) => s + r.gzip, 0);
      const initialBrotli = initialJs.reduce((s, r) => s + r.brotli, 0);
      this.emitFile({
        type: 'asset', fileName: 'bundle-report.json',
        source: JSON.stringify({ budget: INITIAL_JS_BUDGET, initialJsGzip: initialGzip, initialJsBrotli: initialBrotli, chunks: report }, null, 2),
      });
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      if (initialGzip > INITIAL_JS_BUDGET) {
        this.error(`initial JavaScript is ${kb(initialGzip)} gzipped, over the ${kb(INITIAL_JS_BUDGET)} budget`);
      }
      this.info(`initial JavaScript ${kb(initialGzip)} gzipped, ${kb(initialBrotli)} brotli (budget ${kb(INITIAL_JS_BUDGET)} gzipped)`);
    },
  };
}

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at build time: the
 * server sends the one the browser accepts (@fastify/static's preCompressed) without compressing per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'tandem-precompress',
    apply: 'build',
    configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : [p];
      });
      for (const file of walk(outDir)) {
        if (!/\.(html|js|css|json|svg|txt)$/.test(file)) continue;
        const data = readFileSync(file);
        writeFileSync(`${file}.br`, brotli(data));
        writeFileSync(`${file}.gz`, gzip(data));
      }
    },
  };
}

/**
 * index.html carries a loading shell (the header and a "Loading…" line in five languages) inside #root, which
 * the interface replaces, and asks for the overview's answer with the page (`<link rel="preload">`): the list is
 * what most first visits need, and it then travels beside the scripts instead of after them. This plugin moves
 * the stylesheet link from the head to the end of the body: the shell above it is painted as soon as the page
 * arrives (a stylesheet in the head would hold the first paint for one more round trip, two seconds on a slow
 * mobile link), and is styled when the sheet comes.
 */
function shellFirst(): Plugin {
  return {
    name: 'tandem-shell-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const links: string[] = [];
        const out = html.replace(/\s*<link rel="stylesheet"[^>]*>/g, (m) => { links.push(m.trim()); return ''; });
        return out.replace('</body>', `  ${links.join('\n    ')}\n  </body>`);
      },
    },
  };
}

/**
 * Everything the first screen needs (the entry's static imports, all the way down) in one chunk: split into
 * small shared chunks, it took eight requests, and a browser opens six connections to a server, so the last two
 * waited for one to free (two seconds more on a slow mobile link). Screens opened later stay in chunks of their own.
 */
function firstLoadInOneChunk() {
  let initial: Set<string> | null = null;
  return (id: string, meta: { getModuleInfo: (id: string) => { isEntry: boolean; importedIds: readonly string[] } | null; getModuleIds: () => IterableIterator<string> }) => {
    if (!initial) {
      initial = new Set();
      const entries = [...meta.getModuleIds()].filter((m) => meta.getModuleInfo(m)?.isEntry);
      const visit = (m: string) => {
        if (initial!.has(m)) return;
        initial!.add(m);
        for (const dep of meta.getModuleInfo(m)?.importedIds ?? []) visit(dep);
      };
      entries.forEach(visit);
    }
    return initial.has(id) && !/\.css$/.test(id) ? 'app' : undefined;
  };
}

/** The sections of the English catalogue the first screen (overview, sign-in, the frame and its errors) reads. */
export const FIRST_SCREEN_SECTIONS = ['nav', 'footer', 'common', 'errors', 'signIn', 'overview', 'arrangement', 'region'];

/**
 * `virtual:catalogue-first` is the part of the English catalogue the first screen needs, cut from en.json at
 * build time: the rest (two thirds of it) loads with the screens that need it, off the first load.
 */
function firstCatalogue(): Plugin {
  const id = 'virtual:catalogue-first';
  return {
    name: 'tandem-catalogue-first',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const file = resolve(import.meta.dirname, 'src', 'locales', 'en.json');
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      return `export default ${JSON.stringify(Object.fromEntries(FIRST_SCREEN_SECTIONS.map((k) => [k, all[k]])))};`;
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [react(), firstCatalogue(), bundleBudget(), shellFirst(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: { output: { manualChunks: firstLoadInOneChunk() } },
  },
  server: {
    port: 5173,
    // Development: the API comes from a Tandem server started beside Vite (npm run dev).
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' },
  },
});
