import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { operatorCtx } from '../src/core/actor.js';
import { createApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/core/db.js';
import { migrate } from '../src/db/migrate.js';
import { toRow } from '../src/figures/figure.repo.js';
import { openCsv } from '../src/figures/importers/csv-source.js';
import { unhcrPopulationImporter } from '../src/figures/importers/unhcr-population.js';
import { bareParse, pipeline } from './hxl.js';
import { benchExport } from './export.js';

/** One benchmark case: runs in its own process so that its peak memory is its own. */
export interface CaseResult {
  name: string;
  rows: number;
  figures: number;
  seconds: number;
  peakRssMb: number;
}

export const PG_URL = process.env.TANDEM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabase(engine: 'sqlite' | 'postgres'): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    const database = openDatabase({ file: join(dir, 'bench.db') });
    await migrate(database);
    return { database, cleanup: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const schema = `bench_${process.pid}`;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
  await c.end();
  const database = openDatabase({ url: PG_URL, schema });
  await migrate(database);
  return {
    database,
    cleanup: async () => {
      await database.close();
      const d = new pg.Client({ connectionString: PG_URL });
      await d.connect();
      await d.query(`drop schema ${schema} cascade`);
      await d.end();
    },
  };
}

/** Tandem's import path: the importer, validation, idempotency checks, batches and the batch record. */
async function tandemImport(engine: 'sqlite' | 'postgres', file: string): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const { database, cleanup } = await freshDatabase(engine);
  try {
    const app = createApp(database);
    const t0 = performance.now();
    const s = await app.imports.run(operatorCtx(), unhcrPopulationImporter, file, { asOrg: 'unhcr' });
    return { rows: s.rowsRead, figures: s.inserted, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await cleanup();
  }
}

/**
 * The baseline: the same file parsed the same way into the same rows, written by the engine's bare bulk path
 * into a table of the same columns with no index and no check at all, in one transaction: one `COPY … FROM
 * STDIN` stream for the whole file on PostgreSQL; on SQLite one prepared 1,000-row insert, reused.
 */
async function bareInsert(engine: 'sqlite' | 'postgres', file: string): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const { database, cleanup } = await freshDatabase(engine);
  const countries = new Set((await database.db.selectFrom('countries').select('iso3').execute()).map((r) => r.iso3));
  const cols = ['id', 'nkey', 'ref_date', 'ref_year', 'date_precision', 'origin_iso3', 'host_iso3', 'admin_pcode', 'pop_type', 'sex',
    'value', 'includes_protection', 'source_org', 'source_dataset', 'source_row', 'method', 'batch_id', 'version', 'recorded_at',
    'imported_by_org', 'method_flags', 'demo'] as const;
  const recordedAt = new Date().toISOString();
  let rows = 0;
  let figures = 0;
  const source = await openCsv(file, unhcrPopulationImporter.requiredColumns);
  const ctx = (row: number) => ({ file: source.file, row, isKnownCountry: (c: string) => countries.has(c) });
  async function* values(): AsyncGenerator<unknown[]> {
    for await (const { row, record } of source.records) {
      rows++;
      for (const d of unhcrPopulationImporter.toFigures(record, ctx(row)).figures) {
        const r = toRow(d, null, recordedAt);
        figures++;
        yield cols.map((c) => r[c]);
      }
    }
  }
  try {
    if (engine === 'sqlite') {
      const location = database.where.replace(/^sqlite:/, '');
      await database.close();
      const raw = new SqliteDatabase(location);
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = FULL');
      raw.exec('create table bare_figures as select * from figures where 0');
      const PER = 1000;
      const one = `(${cols.map(() => '?').join(',')})`;
      const stmt = raw.prepare(`insert into bare_figures (${cols.join(',')}) values ${Array.from({ length: PER }, () => one).join(',')}`);
      const t0 = performance.now();
      raw.exec('begin');
      let chunk: unknown[] = [];
      for await (const v of values()) {
        chunk.push(...v);
        if (chunk.length === PER * cols.length) { stmt.run(chunk); chunk = []; }
      }
      for (let i = 0; i < chunk.length; i += cols.length) {
        raw.prepare(`insert into bare_figures (${cols.join(',')}) values ${one}`).run(chunk.slice(i, i + cols.length));
      }
      raw.exec('commit');
      const seconds = (performance.now() - t0) / 1000;
      raw.close();
      return { rows, figures, seconds };
    }
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=bench_${process.pid}` });
    await client.connect();
    await client.query('create table bare_figures (like figures)');
    const t0 = performance.now();
    await client.query('begin');
    async function* text(): AsyncGenerator<string> {
      let out = '';
      for await (const v of values()) {
        out += v.map((x) => (x === null ? '\\N' : String(x).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!))).join('\t') + '\n';
        if (out.length > 1 << 20) { yield out; out = ''; }
      }
      if (out) yield out;
    }
    await streamPipeline(Readable.from(text()), client.query(copyFrom(`copy bare_figures (${cols.join(',')}) from stdin`)));
    await client.query('commit');
    const seconds = (performance.now() - t0) / 1000;
    await client.end();
    return { rows, figures, seconds };
  } finally {
    await cleanup().catch(() => undefined);
  }
}

async function hxlCase(kind: 'tandem' | 'baseline', file: string): Promise<Omit<CaseResult, 'name' | 'peakRssMb'>> {
  const t0 = performance.now();
  if (kind === 'tandem') await pipeline(file);
  else await bareParse(file);
  return { rows: HXL_ROWS, figures: HXL_ROWS, seconds: (performance.now() - t0) / 1000 };
}

export const HXL_ROWS = 1_000_000;

export const CASES: Record<string, (file: string) => Promise<Omit<CaseResult, 'name' | 'peakRssMb'>>> = {
  'export-hxl': async () => {
    const r = await benchExport();
    return { rows: r.figures, figures: r.figures, seconds: r.seconds };
  },
  'hxl-baseline': (f) => hxlCase('baseline', f),
  'hxl-tandem': (f) => hxlCase('tandem', f),
  'sqlite-baseline': (f) => bareInsert('sqlite', f),
  'sqlite-tandem': (f) => tandemImport('sqlite', f),
  'postgres-baseline': (f) => bareInsert('postgres', f),
  'postgres-tandem': (f) => tandemImport('postgres', f),
};
