import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { AdminAreaTable, AdminBoundaryTable, IndicatorTable } from './vocabulary.tables.js';

/** Queries of the shared registries: admin areas by P-code, their boundaries by country, and indicators. */
export const registryRepo = {
  area: (db: Kysely<DB>, pcode: string) => db.selectFrom('admin_areas').selectAll().where('pcode', '=', pcode).executeTakeFirst(),
  areas(db: Kysely<DB>, filter: { iso3?: string; pcodes?: readonly string[] } = {}) {
    let q = db.selectFrom('admin_areas').selectAll().orderBy('pcode');
    if (filter.iso3) q = q.where('iso3', '=', filter.iso3);
    if (filter.pcodes) q = q.where('pcode', 'in', filter.pcodes.length ? [...filter.pcodes] : ['']);
    return q.execute();
  },
  insertArea: (db: Kysely<DB>, row: AdminAreaTable) => db.insertInto('admin_areas').values(row).execute(),
  updateArea: (db: Kysely<DB>, row: AdminAreaTable) => db.updateTable('admin_areas').set(row).where('pcode', '=', row.pcode).execute(),
  boundaries: (db: Kysely<DB>, iso3: string) => db.selectFrom('admin_boundaries').selectAll().where('iso3', '=', iso3).executeTakeFirst(),
  upsertBoundaries: (db: Kysely<DB>, row: AdminBoundaryTable) => db.insertInto('admin_boundaries').values(row)
    .onConflict((oc) => oc.column('iso3').doUpdateSet({
      features: row.features, feature_count: row.feature_count, bytes: row.bytes, source_file: row.source_file, updated_at: row.updated_at, updated_by: row.updated_by,
    })).execute(),
  indicator: (db: Kysely<DB>, code: string) => db.selectFrom('indicators').selectAll().where('code', '=', code).executeTakeFirst(),
  indicators: (db: Kysely<DB>) => db.selectFrom('indicators').selectAll().orderBy('code').execute(),
  upsertIndicator: (db: Kysely<DB>, row: IndicatorTable) => db.insertInto('indicators').values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, unit: row.unit, sector_code: row.sector_code })).execute(),
};
