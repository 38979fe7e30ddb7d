import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../core/tables.js';
import type { SurveyDimension } from './survey.rules.js';
import type { SurveyResponseTable } from './survey.tables.js';

export type SurveyRow = Selectable<SurveyResponseTable> & {
  point_code: string; point_name: string; point_country: string; org_slug: string; org_name: string;
};

/** The personal columns of a response, all sealed. */
export const PERSONAL_COLUMNS = ['name', 'contact', 'birth_date', 'remarks'] as const;
const NO_PERSONAL = { name: null, contact: null, birth_date: null, remarks: null } as const;

export interface AggregateFilter { point?: string; from?: string; to?: string }

/** Queries on survey responses; no rule lives here. */
export function surveyRepo(db: Kysely<DB>) {
  const responses = (q: Kysely<DB>) => q.selectFrom('movement_survey_responses as r')
    .innerJoin('movement_points as p', 'p.id', 'r.point_id')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .selectAll('r')
    .select(['p.code as point_code', 'p.name as point_name', 'p.country as point_country', 'o.slug as org_slug', 'o.name as org_name']);

  return {
    point: (id: string) => db.selectFrom('movement_points').select(['id', 'org_id', 'code', 'name', 'country']).where('id', '=', id).executeTakeFirst(),

    async insert(row: SurveyResponseTable, needs: readonly string[], q: Kysely<DB>): Promise<void> {
      await q.insertInto('movement_survey_responses').values(row).execute();
      if (needs.length) await q.insertInto('movement_survey_needs').values(needs.map((need) => ({ response_id: row.id, need }))).execute();
    },

    byId: (id: string, q: Kysely<DB> = db): Promise<SurveyRow | undefined> => responses(q).where('r.id', '=', id).executeTakeFirst(),

    /** The needs each response named, by response id. */
    async needsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (ids.length === 0) return out;
      const rows = await db.selectFrom('movement_survey_needs').select(['response_id', 'need']).where('response_id', 'in', ids).orderBy('need').execute();
      for (const r of rows) out.set(r.response_id, [...(out.get(r.response_id) ?? []), r.need]);
      return out;
    },

    /** A page of the responses these organisations hold, the latest recorded first, and how many there are. */
    async page(orgIds: readonly string[] | 'all', filter: { point?: string }, page: { limit: number; offset: number }): Promise<{ rows: SurveyRow[]; total: number }> {
      let rows = responses(db);
      let count = db.selectFrom('movement_survey_responses as r').select((eb) => eb.fn.countAll<string | number>().as('n'));
      if (orgIds !== 'all') {
        const ids = orgIds.length ? orgIds : ['-'];
        rows = rows.where('r.org_id', 'in', ids);
        count = count.where('r.org_id', 'in', ids);
      }
      if (filter.point) {
        rows = rows.where('r.point_id', '=', filter.point);
        count = count.where('r.point_id', '=', filter.point);
      }
      const [list, n] = await Promise.all([
        rows.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).offset(page.offset).execute(),
        count.executeTakeFirstOrThrow(),
      ]);
      return { rows: list, total: Number(n.n) };
    },

    /** Withdrawal: every answer and personal field goes; the row stays to say consent was withdrawn. */
    async withdraw(id: string, at: string, q: Kysely<DB>): Promise<void> {
      await q.deleteFrom('movement_survey_needs').where('response_id', '=', id).execute();
      await q.updateTable('movement_survey_responses').set({
        ...NO_PERSONAL, sex: null, age_band: null, nationality: null, origin: null, departure: null, destination: null, reason: null, transport: null,
        with_children: null, consent_withdrawn_at: at, personal_erased_at: at, updated_at: at,
      }).where('id', '=', id).execute();
    },

    /** Erases the personal fields of responses (their coded answers stay). */
    erasePersonal: (ids: readonly string[], at: string, q: Kysely<DB>) => q.updateTable('movement_survey_responses')
      .set({ ...NO_PERSONAL, personal_erased_at: at, updated_at: at }).where('id', 'in', ids).execute(),

    /** Responses whose retention ended before this day and whose personal fields are still kept. */
    expired: (day: string, limit: number) => db.selectFrom('movement_survey_responses').select(['id', 'org_id'])
      .where('retain_until', '<', day).where('personal_erased_at', 'is', null).orderBy('id').limit(limit).execute(),

    /** Counts of consented responses by month and one dimension (needs: mentions), over the window. */
    async aggregate(by: SurveyDimension, f: AggregateFilter): Promise<Array<{ month: string; category: string; n: number }>> {
      let q = db.selectFrom('movement_survey_responses as r').where('r.consent_withdrawn_at', 'is', null);
      if (f.point) q = q.where('r.point_id', '=', f.point);
      if (f.from) q = q.where('r.month', '>=', f.from);
      if (f.to) q = q.where('r.month', '<=', f.to);
      const n = sql<string | number>`count(*)`.as('n');
      let rows: Array<{ month: string; category: string | null; n: string | number }>;
      if (by === 'needs') {
        rows = await q.innerJoin('movement_survey_needs as nd', 'nd.response_id', 'r.id').select(['r.month', 'nd.need as category', n]).groupBy(['r.month', 'nd.need']).execute();
      } else if (by === 'sex_age') {
        const category = sql<string>`r.sex || ':' || r.age_band`.as('category');
        rows = await q.select(['r.month', category, n]).groupBy(['r.month', 'r.sex', 'r.age_band']).execute();
      } else {
        const column = sql.ref(`r.${by}`);
        rows = await q.select(['r.month', sql<string>`${column}`.as('category'), n]).groupBy([sql`r.month`, column]).execute();
      }
      return rows.filter((r) => r.category !== null).map((r) => ({ month: r.month, category: r.category!, n: Number(r.n) }));
    },
  };
}

export type SurveyRepo = ReturnType<typeof surveyRepo>;
