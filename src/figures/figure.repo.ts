import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { bulkInsert, copyEncoder, copyLines } from '../core/bulk.js';
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

/**
 * Figures an import hands its stage at a time: on SQLite, one key lookup and one insert; on PostgreSQL, they
 * are encoded at once and wait for a COPY of `COPY_BATCH` (long enough to run at PostgreSQL's speed), so that
 * the figures themselves die young (measured on the UNHCR file: peak RSS 380–400 MB instead of 430–460).
 */
export const STAGE_BATCH = 1_000;
const COPY_BATCH = 10_000;

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
  /** Waits for every write already asked for, whatever its outcome, and takes no other: before the transaction ends, also when it fails. */
  drain(): Promise<void>;
}

/**
 * PostgreSQL: each batch is written straight away, as on SQLite — one key lookup, then the new figures
 * `COPY`-ed into the table and the changed ones into a staging table of the transaction, versioned and
 * updated by two set-based statements at `merge`. A batch is written while the next one is read and
 * encoded. Staging every figure first and
 * merging afterwards wrote each figure twice, and nothing overlapped the reading of the file (measured on
 * the UNHCR file: 30 s of a 51 s import were the final insert, 10 s of them foreign-key checks).
 *
 * Once an import has added more figures than the table held (the first load of a large file), the table's
 * foreign keys, non-unique indexes and (when the stored keys are held in memory) natural-key constraint are
 * dropped, to be built again from the whole table at `merge` (each key checked by one join, each index by
 * one sort: two to three times cheaper than keeping them up row by row). The tables the keys refer to are
 * locked against writes until the import commits, so that no row they refer to goes meanwhile; readers of
 * the figures wait for that first load to commit. A rollback undoes the drop with the rest.
 */
async function copyDirect(q: Q): Promise<FigureStage> {
  const run = async <R>(text: string, params: unknown[] = []) => q.executeQuery<R>(CompiledQuery.raw(text, params));
  const result = { inserted: 0, updated: 0, unchanged: 0 };
  const hosts = new Set<string>();
  const origins = new Set<string>();
  // The planner's estimate tells a large table from a small one without reading it; a table it calls small
  // (or has not measured) is counted, since its keys may be held in memory.
  const estimate = Number((await run<{ n: number }>(`select reltuples::bigint as n from pg_class where oid = 'figures'::regclass`)).rows[0]?.n ?? -1);
  const sizeAtStart = estimate > KEYS_HELD ? estimate
    : Number((await run<{ n: number }>('select count(*) as n from figures')).rows[0]?.n ?? 0);
  await run(`create temp table ${CHANGES} (like figures) on commit drop`);
  // Each batch's keys are looked up by the key index. The planner has not seen the table grow within this
  // transaction and would read it whole for ten thousand keys (measured: 400 ms a batch at half a million).
  await run('set local enable_seqscan = off');
  let deferred: { indexes: string[]; keys: Array<{ name: string; def: string }> } | null = null;

  const storedValues = await storedValuesOf(q, 'postgres', sizeAtStart);
  const keysHeld = sizeAtStart <= KEYS_HELD;

  /** Figures encoded and waiting for their COPY: their lines and what the write needs of each. */
  interface Pending { lines: string[]; keys: string[]; values: number[]; hosts: string[]; origins: Array<string | null> }
  const empty = (): Pending => ({ lines: [], keys: [], values: [], hosts: [], origins: [] });
  let pending = empty();

  async function write(b: Pending) {
    const existing = await storedValues(b.keys);
    const fresh: string[] = [];
    const changed: string[] = [];
    b.keys.forEach((key, i) => {
      const old = existing.get(key);
      if (old === b.values[i]) { result.unchanged++; return; }
      (old === undefined ? fresh : changed).push(b.lines[i]!);
      hosts.add(b.hosts[i]!);
      const origin = b.origins[i];
      if (origin) origins.add(origin);
    });
    await copyLines(q, 'figures', FIGURE_COLUMNS, fresh);
    await copyLines(q, CHANGES, FIGURE_COLUMNS, changed);
    result.inserted += fresh.length;
    result.updated += changed.length;
    if (deferred === null && result.inserted > Math.max(sizeAtStart, REBUILD_AFTER)) deferred = await deferChecks();
  }

  /**
   * Drops the foreign keys and non-unique indexes of the table, to be built again at `merge`; and, when the
   * import holds the stored keys in memory (its lookups need no index), the unique constraints no foreign
   * key relies on (the natural key's), checked again whole when built. The primary key stays.
   */
  async function deferChecks() {
    const uniques = keysHeld ? `contype = 'u' and not exists (select 1 from pg_constraint r where r.contype = 'f' and r.conindid = c.conindid)` : 'false';
    const constraints = (await run<{ name: string; def: string; refers: string | null }>(`select conname as name, pg_get_constraintdef(oid) as def,
      nullif(confrelid, 0)::regclass::text as refers from pg_constraint c where conrelid = 'figures'::regclass and (contype = 'f' or ${uniques})
      order by contype = 'f', conname`)).rows;
    const indexes = (await run<{ name: string; def: string }>(`select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def
      from pg_index where indrelid = 'figures'::regclass and not indisunique order by 1`)).rows;
    const referred = [...new Set(constraints.flatMap((k) => k.refers ?? []))];
    if (referred.length) await run(`lock table ${referred.join(', ')} in share mode`);
    for (const k of constraints) await run(`alter table figures drop constraint ${quoteIdent(k.name)}`);
    for (const i of indexes) await run(`drop index ${i.name}`);
    return { indexes: indexes.map((i) => i.def), keys: constraints.map(({ name, def }) => ({ name, def })) };
  }

  // One batch is written while the next is read: `add` encodes its figures; once a COPY's worth waits, it
  // waits for the write before and starts this one. A failed write is reported by the next flush or by `merge`.
  const encode = copyEncoder(FIGURE_COLUMNS);
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await writing;
    if (failure) throw failure.error;
  };
  const flush = async () => {
    await settle();
    const batch = pending;
    pending = empty();
    if (batch.lines.length > 0) writing = write(batch).catch((error: unknown) => { failure = { error }; });
  };
  return {
    async add(rows) {
      // Encoded now, while the connection may still be writing the batch before; only the line and what
      // the write needs are kept, so that the rows themselves are garbage young.
      for (const r of rows) {
        pending.lines.push(encode(r)); pending.keys.push(r.nkey); pending.values.push(r.value);
        pending.hosts.push(r.host_iso3); pending.origins.push(r.origin_iso3);
      }
      if (pending.lines.length >= COPY_BATCH) await flush();
    },
    drain: () => writing,
    async merge() {
      await flush();
      await settle();
      await run('set local enable_seqscan = on');
      if (result.updated > 0) {
        await run(`analyze ${CHANGES}`);
        await run(`insert into figure_versions (figure_id, version, value, batch_id, source_row, recorded_at, superseded_at)
          select f.id, f.version, f.value, f.batch_id, f.source_row, f.recorded_at, s.recorded_at
          from ${CHANGES} s join figures f on f.nkey = s.nkey`);
        await run(`update figures set value = s.value, version = figures.version + 1, batch_id = s.batch_id,
          source_row = s.source_row, method = s.method, includes_protection = s.includes_protection, recorded_at = s.recorded_at,
          imported_by_org = s.imported_by_org, method_flags = s.method_flags
          from ${CHANGES} s where s.nkey = figures.nkey`);
      }
      if (deferred) {
        for (const def of deferred.indexes) await run(def);
        for (const k of deferred.keys) await run(`alter table figures add constraint ${quoteIdent(k.name)} ${k.def}`);
        deferred = null;
      }
      return { ...result, hosts: [...hosts].sort(), origins: [...origins].sort() };
    },
  };
}

const CHANGES = 'figure_changes';
/** Figures in the table up to which an import holds their keys and values in memory instead of looking them up (about 15 MB). */
const KEYS_HELD = 100_000;

/**
 * The stored value of each natural key a batch brings that the table already holds. A table small enough
 * (every first load) has its keys read once, at the start; a larger one is asked a batch's keys at a time.
 * A key the import itself wrote never comes back: the import refuses or skips a repeated row before.
 */
async function storedValuesOf(q: Q, engine: Engine, sizeAtStart: number): Promise<(keys: string[]) => Promise<Map<string, number>>> {
  const byKey = (rows: Array<{ nkey: string; value: number }>, into = new Map<string, number>()) => {
    for (const f of rows) into.set(f.nkey, Number(f.value));
    return into;
  };
  const figures = () => q.selectFrom('figures').select(['nkey', 'value']);
  if (sizeAtStart <= KEYS_HELD) {
    const all = byKey(await figures().execute());
    return async () => all;
  }
  if (engine === 'postgres') return async (keys) => byKey(await figures().where(sql<boolean>`nkey = any(${keys})`).execute());
  return async (keys) => {
    const found = new Map<string, number>();
    for (const part of chunksOf(keys, 30_000)) byKey(await figures().where('nkey', 'in', part).execute(), found);
    return found;
  };
}
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

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
  const storedValues = await storedValuesOf(q, 'sqlite', sizeAtStart);
  return {
    async add(rows) {
      if (rows.length === 0) return;
      const existing = await storedValues(rows.map((r) => r.nkey));
      const fresh: FigureTable[] = [];
      const changed: FigureTable[] = [];
      for (const r of rows) {
        const value = existing.get(r.nkey);
        if (value === undefined) { fresh.push(r); touched(r); } else if (value === r.value) result.unchanged++; else changed.push(r);
      }
      const stored = new Map<string, { id: string; value: number; version: number; batch_id: string | null; source_row: number | null; recorded_at: string }>();
      for (const part of chunksOf(changed.map((r) => r.nkey), 30_000)) {
        const found = await q.selectFrom('figures').select(['id', 'nkey', 'value', 'version', 'batch_id', 'source_row', 'recorded_at']).where('nkey', 'in', part).execute();
        for (const f of found) stored.set(f.nkey, { ...f, value: Number(f.value) });
      }
      for (const r of changed) {
        const old = stored.get(r.nkey)!;
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
    // Each batch is written before `add` returns: nothing is left running.
    drain: async () => undefined,
    async merge() {
      for (const i of deferred ?? []) await q.executeQuery(CompiledQuery.raw(i.sql));
      deferred = null;
      return { ...result, hosts: [...hosts].sort(), origins: [...origins].sort() };
    },
  };
}

/** Figures an import adds, beyond the table's size at its start, before the secondary indexes are rebuilt rather than kept up. */
const REBUILD_AFTER = 20_000;

const chunksOf = <T>(xs: readonly T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export function createFigureRepo(engine: Engine) {
  return {
    /** Opens the way an import's figures reach the table, by the engine's fastest path (COPY and a set-based merge, or direct batches). */
    openStage(q: Q): Promise<FigureStage> {
      return engine === 'postgres' ? copyDirect(q) : directStage(q);
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

