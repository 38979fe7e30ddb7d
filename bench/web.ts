/**
 * The web interface on a slow link (issue 18): Chromium with DevTools' "Slow 3G" network profile (2 s of
 * latency per request, 50 kB/s down and up, through CDP Network.emulateNetworkConditions), a cold cache and
 * a fresh profile for each load, against Tandem serving the demo. For the overview and for a situation it
 * measures the time to the first text painted (first contentful paint) and to the content (the list of
 * situations; the recommendation), and prints them against the goals: first text < 3 s, overview list < 6 s.
 *
 *   node --import tsx bench/web.ts [--web-root DIR] [--runs N]      (npm run bench -- --web-only)
 *
 * Without --web-root it builds the interface from web/ with Vite first (not measured); with it, it serves an
 * interface built elsewhere (for instance an earlier commit's, to compare).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../src/app.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');
const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';

/** DevTools' "Slow 3G" (as Puppeteer's PredefinedNetworkConditions define it): 400 kbit/s each way, 2 s of latency. */
export const SLOW_3G = { offline: false, latency: 400 * 5, downloadThroughput: (500 * 1000) / 8 * 0.8, uploadThroughput: (500 * 1000) / 8 * 0.8 };
/** The goals, in milliseconds. */
export const GOALS = { firstText: 3000, overviewList: 6000 };

interface Timing { firstText: number; content: number }

/**
 * Records, in the page, when the first element matching `selector` appears (ms since navigation start). A
 * string, not a function: tsx would add its own helpers to a function's body, which the page does not have.
 */
const watchFor = (selector: string) => `(() => {
  const check = () => { if (window.__seen === undefined && document.querySelector(${JSON.stringify(selector)})) window.__seen = performance.now(); };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  check();
})();`;

async function load(browser: Browser, url: string, selector: string): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    await page.addInitScript({ content: watchFor(selector) });
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForSelector(selector, { timeout: 120_000 });
    const firstText = await page.evaluate(() => new Promise<number>((resolve) => {
      new PerformanceObserver((list) => {
        const fcp = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (fcp) resolve(fcp.startTime);
      }).observe({ type: 'paint', buffered: true });
    }));
    const content = await page.evaluate(() => (window as unknown as { __seen: number }).__seen);
    return { firstText, content };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ms: number, goal: number) => `${seconds(ms).padStart(6)} (goal < ${seconds(goal)}: ${ms < goal ? 'met' : 'NOT met'})`;

export async function benchWeb(opts: { webRoot?: string; runs?: number } = {}): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: run scripts/ensure-chromium.sh`);
  const runs = opts.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-web-'));
  let webRoot = opts.webRoot;
  if (!webRoot) {
    webRoot = join(dir, 'web');
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    await build({ mode: 'production', configFile: join(ROOT, 'web', 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'error', build: { outDir: webRoot, emptyOutDir: true } })
      .finally(() => { process.env.NODE_ENV = env; });
  }
  const database = openDatabase({ file: join(dir, 'bench.db') });
  await migrate(database);
  const app = createApp(database);
  await seedDemoIfEmpty(app);
  const server = await buildServer(app, { webRoot });
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  try {
    const pages = [
      { name: 'overview', url: `${base}/`, selector: '.cards > li', content: 'list of situations' },
      { name: 'situation', url: `${base}/situations/venezuela-colombia`, selector: '[data-testid=recommendation]', content: 'recommendation' },
    ];
    console.log(`The web interface on Slow 3G (${SLOW_3G.latency} ms latency, ${SLOW_3G.downloadThroughput / 1000} kB/s), cold cache, median of ${runs} loads (${webRoot})`);
    for (const p of pages) {
      const timings: Timing[] = [];
      await load(browser, p.url, p.selector); // a first load warms the server (its caches), not the browser
      for (let i = 0; i < runs; i++) timings.push(await load(browser, p.url, p.selector));
      const firstText = median(timings.map((t) => t.firstText));
      const content = median(timings.map((t) => t.content));
      console.log(`  ${p.name.padEnd(10)} first text ${verdict(firstText, GOALS.firstText)}; ${p.content} ${p.name === 'overview' ? verdict(content, GOALS.overviewList) : seconds(content).padStart(6)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  await benchWeb({ webRoot: arg('--web-root'), runs: Number(arg('--runs') ?? 3) });
}
