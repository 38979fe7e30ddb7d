import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../core/tables.js';
import type { SituationTable } from './situations.tables.js';

type Q = Kysely<DB> | Transaction<DB>;

export type PlaceRole = 'origin' | 'host' | 'area';

export interface SituationRecord extends SituationTable {
  origins: string[];
  hosts: string[];
  areas: string[];
}

async function withPlaces(q: Q, rows: SituationTable[]): Promise<SituationRecord[]> {
  if (rows.length === 0) return [];
  const places = await q
    .selectFrom('situation_places')
    .selectAll()
    .where('situation_id', 'in', rows.map((r) => r.id))
    .orderBy('code')
    .execute();
  return rows.map((r) => {
    const mine = places.filter((p) => p.situation_id === r.id);
    const of = (role: PlaceRole) => mine.filter((p) => p.role === role).map((p) => p.code);
    return { ...r, origins: of('origin'), hosts: of('host'), areas: of('area') };
  });
}

export const situationRepo = {
  async insert(q: Q, s: SituationTable, places: Array<{ role: PlaceRole; code: string }>): Promise<void> {
    await q.insertInto('situations').values(s).execute();
    if (places.length > 0) {
      await q.insertInto('situation_places').values(places.map((p) => ({ situation_id: s.id, ...p }))).execute();
    }
  },

  /** By id or by slug: users type slugs, links carry ids. */
  async findByRef(q: Q, ref: string): Promise<SituationRecord | undefined> {
    const row = await q
      .selectFrom('situations')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)]))
      .executeTakeFirst();
    return row ? (await withPlaces(q, [row]))[0] : undefined;
  },

  async slugExists(q: Q, slug: string): Promise<boolean> {
    return (await q.selectFrom('situations').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  },

  async list(q: Q, page: { limit: number; offset: number }): Promise<{ items: SituationRecord[]; total: number }> {
    const rows = await q.selectFrom('situations').selectAll().orderBy('name').limit(page.limit).offset(page.offset).execute();
    const { n } = await q
      .selectFrom('situations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { items: await withPlaces(q, rows), total: Number(n) };
  },
};
