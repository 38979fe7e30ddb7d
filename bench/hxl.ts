import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { count, readHxlCsv, select, writeHxlCsv } from '../src/hxl/index.js';

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

/** Tandem's streaming pipeline: read, select, count by organisation, write CSV (to nowhere). */
export async function pipeline(path: string): Promise<number> {
  const ds = count(select(await readHxlCsv(path), { queries: ['#sector~^(Coordination|Surveillance|Mobilisation)'] }), { keys: ['#org'] });
  let bytes = 0;
  for await (const chunk of writeHxlCsv(ds)) bytes += chunk.length;
  return bytes;
}

/** The baseline: the same file through the bare CSV parser, doing nothing else. */
export async function bareParse(path: string): Promise<number> {
  let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ relax_column_count: true }))) n++;
  return n;
}
