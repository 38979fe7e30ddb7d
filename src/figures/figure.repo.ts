import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { bulkInsert } from '../core/bulk.js';
import type { Engine } from '../core/db.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import type { FigureTable } from './figures.tables.js';
import { naturalKey, type FigureDraft } from './figure.model.js';

type Q = Kysely<DB> | Transaction<DB>;

export interface FigureFilter {
  year?: number;
  type?: string;
  origin?: string;
  host?: string;
  source?: string;
  dataset?: string;
  /** The import batch that last wrote the figure: what that import changed. */
  batch?: string;
}

const FIGURE_COLUMNS = [
  'id', 'nkey', 'ref_date', 'ref_year', 'date_precision', 'origin_iso3', 'host_iso3', 'admin_pcode', 'pop_type', 'sex',
  'value', 'includes_protection', 'source_org', 'source_dataset', 'source_row', 'method', 'batch_id', 'version',
  'recorded_at', 'imported_by_org', 'method_flags', 'demo',
] as const satisfies ReadonlyArray<keyof FigureTable>;

/** Figures written by one batch: a COPY long enough to run at PostgreSQL's speed; on SQLite, a key lookup and an insert of a thousand. */
export const STAGE_BATCH: Record<Engine, number> = { postgres: 10_000, sqlite: 1_000 };

export function toRow(d: FigureDraft, batchId: string | null, recordedAt: string, importedBy: string | null = null): FigureTable {
  return {
    id: newId(),
    nkey: naturalKey(d),
    ref_date: d.refDate,
    ref_year: Number(d.refDate.slice(0, 4)),
    date_precision: d.datePrecision,
    origin_iso3: d.origin,
    host_iso3: d.host,
    admin_pcode: d.area,
    pop_type: d.type,
    sex: d.sex,
    value: d.value,
    includes_protection: d.includesProtection ? 1 : 0,
    source_org: d.sourceOrg,
    source_dataset: d.sourceDataset,
    source_row: d.sourceRow,
    method: d.method,
    batch_id: batchId,
    version: 1,
    recorded_at: recordedAt,
    imported_by_org: importedBy,
    method_flags: (d.methodFlags ?? []).join(','),
    demo: d.demo ? 1 : 0,
  };
}

/** What merging a staged import into the figures changed. */
export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Where the new and changed figures are (hosts, origins): what subscribers need to know. */
  hosts: string[];
  origins: string[];
}

/** An import's way into the figures: figures added batch by batch, then merged, inside the import's transaction. */
export interface FigureStage {
  add(rows: FigureTable[]): Promise<void>;
  merge(): Promise<MergeResult>;
}

const STAGE = 'figure_stage';
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

/**
 * PostgreSQL: the figures are copied (`COPY`, no index) into a staging table of the transaction, then merged by
 * set-based statements — changed figures versioned and updated, new ones inserted, the same values left alone.
 * A statement per thousand figures, each with a key lookup, cost more than the writes themselves.
 */
async function copyStage(q: Q): Promise<FigureStage> {
  const run = async <R>(text: string) => q.executeQuery<R>(CompiledQuery.raw(text));
  await run(`create temp table ${STAGE} (like figures) on commit drop`);
  return {
    add: (rows) => bulkInsert(q, 'postgres', STAGE, FIGURE_COLUMNS, rows.map((r) => FIGURE_COLUMNS.map((c) => r[c]))),
    async merge() {
      // Without statistics PostgreSQL would guess the staged table tiny and join it row by row.
      await run(`analyze ${STAGE}`);
      const same = await run<{ n: number }>(`select count(*) as n from ${STAGE} s join figures f on f.nkey = s.nkey where f.value = s.value`);
      const places = await run<{ host: string; origin: string | null }>(
        `select distinct s.host_iso3 as host, s.origin_iso3 as origin from ${STAGE} s left join figures f on f.nkey = s.nkey
         where f.id is null or f.value <> s.value`);
      await run(`insert into figure_versions (figure_id, version, value, batch_id, source_row, recorded_at, superseded_at)
        select f.id, f.version, f.value, f.batch_id, f.source_row, f.recorded_at, s.recorded_at
        from ${STAGE} s join figures f on f.nkey = s.nkey where f.value <> s.value`);
      const updated = await run(`update figures set value = s.value, version = figures.version + 1, batch_id = s.batch_id,
        source_row = s.source_row, method = s.method, includes_protection = s.includes_protection, recorded_at = s.recorded_at,
        imported_by_org = s.imported_by_org, method_flags = s.method_flags
        from ${STAGE} s where s.nkey = figures.nkey and figures.value <> s.value`);
      const inserted = await run(`insert into figures (${FIGURE_COLUMNS.join(',')})
        select ${FIGURE_COLUMNS.map((c) => `s.${c}`).join(',')} from ${STAGE} s
        where not exists (select 1 from figures f where f.nkey = s.nkey)`);
      return {
        inserted: affected(inserted), updated: affected(updated), unchanged: Number(same.rows[0]?.n ?? 0),
        hosts: [...new Set(places.rows.map((p) => p.host))].sort(),
        origins: [...new Set(places.rows.flatMap((p) => (p.origin ? [p.origin] : [])))].sort(),
      };
    },
  };
}

/**
 * SQLite: each batch is written straight away — one key lookup, one prepared multi-row insert of the new
 * figures (in key order, which keeps the key index's writes together), the changed ones versioned and
 * updated. Staging first would write every figure twice (measured: four times slower on the full UNHCR
 * file, and the staged rows held in memory).
 *
 * Once an import has added more figures than the table held (the first load of a large file), the table's
 * secondary indexes are dropped and built again from the whole table at `merge`: one sort instead of a
 * million scattered inserts. Unique indexes are never dropped, and the drop is undone with the rest if the
 * import rolls back.
 */
async function directStage(q: Q): Promise<FigureStage> {
  const result = { inserted: 0, updated: 0, unchanged: 0 };
  const hosts = new Set<string>();
  const origins = new Set<string>();
  const touched = (r: FigureTable) => { hosts.add(r.host_iso3); if (r.origin_iso3) origins.add(r.origin_iso3); };
  // rowid grows with every insert: the table's size without counting it (which reads it whole).
  const sizeAtStart = Number((await sql<{ n: number | null }>`select max(rowid) as n from figures`.execute(q)).rows[0]?.n ?? 0);
  let deferred: Array<{ name: string; sql: string }> | null = null;
  return {
    async add(rows) {
      if (rows.length === 0) return;
      const existing = new Map<string, { id: string; value: number; version: number; batch_id: string | null; source_row: number | null; recorded_at: string }>();
      for (const part of chunksOf(rows.map((r) => r.nkey), 30_000)) {
        const found = await q.selectFrom('figures').select(['id', 'nkey', 'value', 'version', 'batch_id', 'source_row', 'recorded_at']).where('nkey', 'in', part).execute();
        for (const f of found) existing.set(f.nkey, { ...f, value: Number(f.value) });
      }
      const fresh: FigureTable[] = [];
      for (const r of rows) {
        const old = existing.get(r.nkey);
        if (!old) { fresh.push(r); touched(r); continue; }
        if (old.value === r.value) { result.unchanged++; continue; }
        await q.insertInto('figure_versions').values({
          figure_id: old.id, version: old.version, value: old.value, batch_id: old.batch_id, source_row: old.source_row,
          recorded_at: old.recorded_at, superseded_at: r.recorded_at,
        }).execute();
        await q.updateTable('figures').set({
          value: r.value, version: old.version + 1, batch_id: r.batch_id, source_row: r.source_row, method: r.method,
          includes_protection: r.includes_protection, recorded_at: r.recorded_at, imported_by_org: r.imported_by_org, method_flags: r.method_flags,
        }).where('id', '=', old.id).execute();
        result.updated++;
        touched(r);
      }
      fresh.sort((a, b) => (a.nkey < b.nkey ? -1 : a.nkey > b.nkey ? 1 : 0));
      await bulkInsert(q, 'sqlite', 'figures', FIGURE_COLUMNS, fresh.map((r) => FIGURE_COLUMNS.map((c) => r[c])));
      result.inserted += fresh.length;
      if (deferred === null && result.inserted > Math.max(sizeAtStart, REBUILD_AFTER)) {
        deferred = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
          where type = 'index' and tbl_name = 'figures' and sql is not null`.execute(q)).rows.filter((i) => !/^\s*create\s+unique\b/i.test(i.sql));
        for (const i of deferred) await q.executeQuery(CompiledQuery.raw(`drop index "${i.name.replace(/"/g, '""')}"`));
      }
    },
    async merge() {
      for (const i of deferred ?? []) await q.executeQuery(CompiledQuery.raw(i.sql));
      deferred = null;
      return { ...result, hosts: [...hosts].sort(), origins: [...origins].sort() };
    },
  };
}

/** Figures an import adds, beyond the table's size at its start, before the secondary indexes are rebuilt rather than kept up. */
const REBUILD_AFTER = 100_000;

const chunksOf = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export function createFigureRepo(engine: Engine) {
  return {
    /** Opens the way an import's figures reach the table, by the engine's fastest path (COPY and a set-based merge, or direct batches). */
    openStage(q: Q): Promise<FigureStage> {
      return engine === 'postgres' ? copyStage(q) : directStage(q);
    },

    async get(q: Q, id: string) {
      return q.selectFrom('figures').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** One page of figures matching the filter, in a stable order, after the cursor (an id). */
    async list(q: Q, f: FigureFilter, page: { limit: number; after?: string }) {
      let qb = q.selectFrom('figures').selectAll();
      if (f.year !== undefined) qb = qb.where('ref_year', '=', f.year);
      if (f.type) qb = qb.where('pop_type', '=', f.type);
      if (f.origin) qb = qb.where('origin_iso3', '=', f.origin);
      if (f.host) qb = qb.where('host_iso3', '=', f.host);
      if (f.source) qb = qb.where('source_org', '=', f.source);
      if (f.dataset) qb = qb.where('source_dataset', '=', f.dataset);
      if (f.batch) qb = qb.where('batch_id', '=', f.batch);
      if (page.after) qb = qb.where('id', '>', page.after);
      return qb.orderBy('id').limit(page.limit).execute();
    },

    /**
     * Figures about a situation's people: origin in `origins`, host in `hosts`. Figures with no origin (all
     * origins together) belong only to internal situations, where the place itself defines the people.
     */
    async forPlaces(
      q: Q,
      p: { origins: string[]; hosts: string[]; areas: string[]; until?: string; includeUnspecifiedOrigin: boolean },
    ) {
      let qb = q.selectFrom('figures').selectAll().where('host_iso3', 'in', p.hosts);
      qb = p.includeUnspecifiedOrigin
        ? qb.where((eb) => eb.or([eb('origin_iso3', 'in', p.origins), eb('origin_iso3', 'is', null)]))
        : qb.where('origin_iso3', 'in', p.origins);
      qb = p.areas.length > 0 ? qb.where('admin_pcode', 'in', p.areas) : qb.where('admin_pcode', 'is', null);
      if (p.until) qb = qb.where('ref_date', '<=', p.until);
      return qb.orderBy('ref_date').orderBy('id').execute();
    },

    /** Every figure (any area, any sex) of the given hosts, dates and datasets: the tables disclosure control works on. */
    async tablesOf(q: Q, p: { hosts: string[]; dates: string[]; datasets: string[] }) {
      return q.selectFrom('figures').selectAll()
        .where('host_iso3', 'in', p.hosts).where('ref_date', 'in', p.dates).where('source_dataset', 'in', p.datasets)
        .execute();
    },

    async versions(q: Q, figureId: string) {
      return q.selectFrom('figure_versions').selectAll().where('figure_id', '=', figureId).orderBy('version').execute();
    },
  };
}

