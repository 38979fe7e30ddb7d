import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parse } from 'csv-parse';
import { count, readHxlCsv, select, writeHxlCsv } from '../src/hxl/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const QUERY = '#sector~^(Coordination|Surveillance|Mobilisation)';
/** The reference implementation, read from the shared folder at benchmark time (never copied into Tandem). */
const LIBHXL = process.env.BENCH_LIBHXL_DIR ?? join(here, '..', '..', 'shared', 'reference', 'libhxl-js');

/** Writes a file of `rows` data rows by repeating a real tagged file's rows under its two header rows. */
export async function generateHxlFile(sample: string, rows: number): Promise<{ path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-hxl-bench-'));
  const path = join(dir, 'big.csv');
  const lines = readFileSync(sample, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const [header, tags, ...data] = lines;
  const out = createWriteStream(path);
  out.write(`${header}\n${tags}\n`);
  for (let i = 0; i < rows; i += data.length) {
    const block = data.slice(0, Math.min(data.length, rows - i)).join('\n') + '\n';
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Tandem's streaming pipeline: read, select, count by organisation, write CSV (to nowhere). Returns the CSV. */
export async function pipeline(path: string): Promise<string> {
  const ds = count(select(await readHxlCsv(path), { queries: [QUERY] }), { keys: ['#org'] });
  let csv = '';
  for await (const chunk of writeHxlCsv(ds)) csv += chunk;
  return csv;
}

/** The bare CSV parser Tandem used before (csv-parse), doing nothing else: for information. */
export async function bareParse(path: string): Promise<number> {
  let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ relax_column_count: true }))) n++;
  return n;
}

/**
 * The same pipeline in libhxl-js, as its ORIGIN.md says: its bundled PapaParse reads the whole file, then
 * `withRows(...).count('#org')`, then CSV out. Evaluated in this context (with the `window`, `self` and
 * `document` it expects) rather than in a separate `vm` context, whose global lookups would slow it down.
 */
export function libhxlPipeline(path: string): string {
  const g = globalThis as Record<string, unknown>;
  Object.assign(g, { window: g, self: g, document: { getElementsByTagName: () => [], body: {}, addEventListener: () => undefined } });
  vm.runInThisContext(readFileSync(join(LIBHXL, 'lib', 'papaparse.min.js'), 'utf8'));
  vm.runInThisContext(readFileSync(join(LIBHXL, 'hxl.js'), 'utf8'));
  type Source = { withRows(q: string): Source; count(p: string): Source; exportArray(): unknown[][] };
  const papa = g.Papa as { parse(text: string, o: object): { data: string[][] } };
  const hxl = g.hxl as { wrap(rows: string[][]): Source };
  const rows = papa.parse(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
  const out = hxl.wrap(rows).withRows(QUERY).count('#org').exportArray();
  return out.map((r) => r.map((v) => String(v ?? '')).join(',')).join('\r\n');
}

const KINDS = { tandem: pipeline, libhxl: libhxlPipeline, 'csv-parse': bareParse } as const;
type Kind = keyof typeof KINDS;

export interface HxlRun {
  kind: Kind;
  /** From the pipeline's first step to its output, in the process. */
  seconds: number;
  /** The whole child process, start to exit, as the parent saw it. */
  processSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** The output, to check that both implementations agree. */
  output: string;
}

/** Runs one implementation in a process of its own, so that its time and peak memory are its own. */
function runChild(kind: Kind, path: string): HxlRun {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), kind, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const processSeconds = (performance.now() - t0) / 1000;
  return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<HxlRun, 'processSeconds'>), processSeconds };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const groups = (csv: string) => csv.split(/\r?\n/).slice(2).filter(Boolean).map((l) => l.split(',').slice(-2).join(',')).sort().join('\n');

/**
 * HXL select + count + CSV out on `rows` rows generated from a real file (issue 17): Tandem against
 * libhxl-js, each run `repeat` times in its own process, alternating; the median is printed.
 * Goals: >= 3x libhxl-js's speed, Tandem's peak RSS < 200 MB.
 */
export async function benchHxl(rows: number, repeat = 3): Promise<void> {
  const sample = join(here, '..', '..', 'shared', 'data', 'hxl', 'libhxl-js', 'guinea-ebola-3w-sample-data.csv');
  const big = await generateHxlFile(sample, rows);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  try {
    const runs: Record<Kind, HxlRun[]> = { tandem: [], libhxl: [], 'csv-parse': [] };
    for (let i = 0; i < repeat; i++) for (const kind of ['libhxl', 'tandem'] as const) runs[kind].push(runChild(kind, big.path));
    runs['csv-parse'].push(runChild('csv-parse', big.path));
    const [t, l] = [runs.tandem, runs.libhxl];
    if (groups(t[0]!.output) !== groups(l[0]!.output)) throw new Error(`Tandem and libhxl-js disagree:\n${t[0]!.output}\n---\n${l[0]!.output}`);
    console.log(`HXL select (${QUERY}) + count by #org + CSV out over ${fmt(rows)} rows generated from guinea-ebola-3w-sample-data.csv (median of ${repeat}, each in its own process)`);
    for (const [kind, rs] of Object.entries(runs)) {
      if (rs.length === 0) continue;
      const m = (k: 'seconds' | 'processSeconds' | 'cpuSeconds' | 'peakRssMb') => median(rs.map((r) => r[k]));
      console.log(`  ${kind.padEnd(10)} ${m('seconds').toFixed(2)} s (whole process ${m('processSeconds').toFixed(2)} s, CPU ${m('cpuSeconds').toFixed(2)} s) = ${fmt(rows / m('seconds'))} rows/s, peak RSS ${m('peakRssMb').toFixed(0)} MB${kind === 'csv-parse' ? ' (the parser Tandem used before, parsing alone)' : ''}`);
    }
    const ratio = median(l.map((r) => r.seconds)) / median(t.map((r) => r.seconds));
    const wholeRatio = median(l.map((r) => r.processSeconds)) / median(t.map((r) => r.processSeconds));
    console.log(`  hxl: tandem is ${ratio.toFixed(2)}x libhxl-js's speed (goal >= 3; whole process ${wholeRatio.toFixed(2)}x); peak RSS ${median(t.map((r) => r.peakRssMb)).toFixed(0)} MB (goal < 200); same counts`);
  } finally {
    big.cleanup();
  }
}

// Child process: `node --import tsx bench/hxl.ts tandem|libhxl|csv-parse FILE` prints one JSON line.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [kind, path] = process.argv.slice(2) as [Kind, string];
  if (!(kind in KINDS) || !path) {
    console.error(`usage: hxl.ts ${Object.keys(KINDS).join('|')} FILE`);
    process.exit(2);
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const output = String(await KINDS[kind](path));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  console.log(JSON.stringify({ kind, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, output }));
}
