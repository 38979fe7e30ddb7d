import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
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

export interface StoredFigureState {
  id: string;
  nkey: string;
  value: number;
  version: number;
  batch_id: string | null;
  source_row: number | null;
  recorded_at: string;
}

const FIGURE_COLUMNS = [
  'id', 'nkey', 'ref_date', 'ref_year', 'date_precision', 'origin_iso3', 'host_iso3', 'admin_pcode', 'pop_type', 'sex',
  'value', 'includes_protection', 'source_org', 'source_dataset', 'source_row', 'method', 'batch_id', 'version',
  'recorded_at', 'imported_by_org', 'method_flags', 'demo',
] as const satisfies ReadonlyArray<keyof FigureTable>;

/** Largest number of figures written by one statement; keeps within both engines' parameter limits. */
export const FIGURE_BATCH = 1000;

// Bulk statements are built once per (engine, size) and reused: compiling a thousand-row insert through the
// query builder for every batch costs more than the insert itself.
const sqlCache = new Map<string, string>();
function placeholders(engine: Engine, rows: number, cols: number): string {
  let n = 0;
  const row = () => `(${Array.from({ length: cols }, () => (engine === 'postgres' ? `$${++n}` : '?')).join(',')})`;
  return Array.from({ length: rows }, row).join(',');
}
function cached(key: string, build: () => string): string {
  let s = sqlCache.get(key);
  if (!s) sqlCache.set(key, (s = build()));
  return s;
}

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

export function createFigureRepo(engine: Engine) {
  return {
    /** The stored state of the figures with these natural keys. */
    async findByKeys(q: Q, nkeys: string[]): Promise<Map<string, StoredFigureState>> {
      const out = new Map<string, StoredFigureState>();
      if (nkeys.length === 0) return out;
      const text = cached(`find:${engine}:${nkeys.length}`, () => {
        let n = 0;
        const ps = nkeys.map(() => (engine === 'postgres' ? `$${++n}` : '?')).join(',');
        return `select id, nkey, value, version, batch_id, source_row, recorded_at from figures where nkey in (${ps})`;
      });
      const res = await q.executeQuery<StoredFigureState>(CompiledQuery.raw(text, nkeys));
      for (const r of res.rows) out.set(r.nkey, { ...r, value: Number(r.value) });
      return out;
    },

    async insertMany(q: Q, rows: FigureTable[]): Promise<void> {
      if (rows.length === 0) return;
      const text = cached(`insert:${engine}:${rows.length}`, () =>
        `insert into figures (${FIGURE_COLUMNS.join(',')}) values ${placeholders(engine, rows.length, FIGURE_COLUMNS.length)}`);
      const params: unknown[] = [];
      for (const r of rows) for (const c of FIGURE_COLUMNS) params.push(r[c]);
      await q.executeQuery(CompiledQuery.raw(text, params));
    },

    /** Keeps the value in force as a past version, then records the new value. */
    async supersede(q: Q, old: StoredFigureState, next: FigureTable): Promise<void> {
      await q
        .insertInto('figure_versions')
        .values({
          figure_id: old.id, version: old.version, value: old.value, batch_id: old.batch_id,
          source_row: old.source_row, recorded_at: old.recorded_at, superseded_at: next.recorded_at,
        })
        .execute();
      await q
        .updateTable('figures')
        .set({
          value: next.value, version: old.version + 1, batch_id: next.batch_id, source_row: next.source_row,
          method: next.method, includes_protection: next.includes_protection, recorded_at: next.recorded_at,
          imported_by_org: next.imported_by_org, method_flags: next.method_flags,
        })
        .where('id', '=', old.id)
        .execute();
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

    async versions(q: Q, figureId: string) {
      return q.selectFrom('figure_versions').selectAll().where('figure_id', '=', figureId).orderBy('version').execute();
    },
  };
}

