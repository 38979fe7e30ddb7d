/**
 * Public reads under load (issue 11): the overview, a situation's recommendation and a plan's dashboard,
 * each under 50 connections for 10 s (autocannon), on a Tandem holding the real UNHCR population
 * statistics and UN DESA stock (1.27 million figures), the eight demo situations and eight real ones;
 * against a bare Fastify "hello world" measured in the same run on the same machine. The server runs in
 * its own process (one core), the load generator in this one (the other core).
 * Goals: each read >= 0.3x the hello world's requests/s, p99 < 50 ms, no errors.
 *
 *   node --import tsx bench/load.ts      (npm run bench -- --load-only)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApp } from '../src/app.js';
import { operatorCtx } from '../src/core/actor.js';
import { openDatabase } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { desaStockImporter } from '../src/figures/importers/desa-stock.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '..', '..', 'shared', 'data');
const REAL = [['VEN', 'COL'], ['NIC', 'CRI'], ['HTI', 'DOM'], ['MMR', 'MYS'], ['SYR', 'TUR'], ['AFG', 'IRN'], ['UKR', 'POL'], ['SSD', 'UGA']] as const;
const CONNECTIONS = 50;
const SECONDS = 10;

/** The database the server reads: real figures, the demo, eight real situations. Not measured. */
async function prepare(file: string): Promise<{ planId: string }> {
  const database = openDatabase({ file });
  try {
    await migrate(database);
    const app = createApp(database);
    const op = operatorCtx();
    await seedDemoIfEmpty(app);
    await app.imports.run(op, unhcrPopulationImporter, join(DATA, 'unhcr', 'refugees-r-package', 'population.csv.gz'), { asOrg: 'unhcr' });
    await app.imports.run(op, desaStockImporter, join(DATA, 'desa', 'undesa_stocks_1990_2024.csv.gz'), { asOrg: 'undesa' });
    for (const [o, h] of REAL) await app.situations.create(op, { name: `${o} in ${h} (real data)`, slug: `real-${o}-${h}`.toLowerCase(), origins: [o], hosts: [h] });
    return { planId: (await app.plans.platformPage(op, 'gifmm-colombia-demo')).plans[0]!.id };
  } finally {
    await database.close();
  }
}

function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: '' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, line: m[0] });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${out}`)));
  });
}

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, total: r.requests.total };
}

export async function benchLoad(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-load-'));
  const servers: ChildProcess[] = [];
  try {
    const file = join(dir, 'load.db');
    const t0 = performance.now();
    const { planId } = await prepare(file);
    console.log(`Public reads under load: ${CONNECTIONS} connections, ${SECONDS} s each (autocannon); real UNHCR + DESA figures and 16 situations loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s (not measured)`);

    const hello = await start(['-e', `
      const f = require('fastify')();
      f.get('/', async () => ({ hello: 'world' }));
      f.listen({ port: 0, host: '127.0.0.1' }).then((a) => console.log('listening ' + a));
    `], /listening (http:\/\/[\d.:]+)/);
    servers.push(hello.child);
    const helloUrl = hello.line.split(' ')[1]!;
    const base = await load(helloUrl);
    hello.child.kill();

    const tandem = await start(['--import', 'tsx', join(here, '..', 'src', 'cli', 'run.ts'), '--db', file, 'serve', '--port', '0', '--host', '127.0.0.1'], /API\s+(http:\/\/[\d.:]+)/);
    servers.push(tandem.child);
    const api = /http:\/\/[\d.:]+/.exec(tandem.line)![0];
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`  hello world (bare Fastify)  ${fmt(base.rps)} req/s, p99 ${base.p99} ms, errors ${base.errors}`);
    for (const [name, path] of [
      ['health (no database)', '/health'],
      ['overview', '/api/v1/overview'],
      ['recommendation (VEN→COL)', '/api/v1/situations/real-ven-col/recommendation'],
      ['plan dashboard', `/api/v1/plans/${planId}/dashboard`],
    ] as const) {
      const r = await load(api + path);
      const ok = r.rps >= 0.3 * base.rps && r.p99 < 50 && r.errors === 0;
      console.log(`  ${name.padEnd(26)} ${fmt(r.rps)} req/s = ${(r.rps / base.rps).toFixed(2)}x hello world (goal >= 0.30), p99 ${r.p99} ms (goal < 50), errors ${r.errors}: ${ok ? 'goals met' : 'GOALS NOT MET'}`);
    }
  } finally {
    for (const s of servers) s.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchLoad();
