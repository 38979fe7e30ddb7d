import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../core/tables.js';
import type { ProtectionPersonTable, ProtectionProfileTable } from './protection.tables.js';

export type PersonRow = Selectable<ProtectionPersonTable> & { org_slug: string; org_name: string };
export type ProfileRow = Selectable<ProtectionProfileTable>;

/** Queries on people and their screenings; no rule lives here. */
export function personRepo(db: Kysely<DB>) {
  const people = (q: Kysely<DB>) => q.selectFrom('protection_people').innerJoin('organisations', 'organisations.id', 'protection_people.org_id')
    .selectAll('protection_people').select(['organisations.slug as org_slug', 'organisations.name as org_name']);
  return {
    byId: (id: string, q: Kysely<DB> = db): Promise<PersonRow | undefined> => people(q).where('protection_people.id', '=', id).executeTakeFirst(),
    insert: (row: ProtectionPersonTable, q: Kysely<DB>) => q.insertInto('protection_people').values(row).execute(),
    update: (id: string, set: Partial<ProtectionPersonTable>, q: Kysely<DB>) => q.updateTable('protection_people').set(set).where('id', '=', id).execute(),
    /** People of these organisations whose keyed name hash (and birth hash, when given) match. */
    byIndex: (orgIds: readonly string[] | 'all', nameIndex: string, birthIndex: string | null): Promise<PersonRow[]> => {
      let q = people(db).where('protection_people.name_index', '=', nameIndex);
      if (orgIds !== 'all') q = q.where('protection_people.org_id', 'in', orgIds.length ? orgIds : ['-']);
      if (birthIndex) q = q.where('protection_people.birth_index', '=', birthIndex);
      return q.orderBy('protection_people.id').limit(50).execute();
    },
    /** A page of the people these organisations hold, the latest recorded first, and how many there are. */
    async page(orgIds: readonly string[] | 'all', page: { limit: number; offset: number }): Promise<{ rows: PersonRow[]; total: number }> {
      let rows = people(db);
      let count = db.selectFrom('protection_people').select((eb) => eb.fn.countAll<string | number>().as('n'));
      if (orgIds !== 'all') {
        const ids = orgIds.length ? orgIds : ['-'];
        rows = rows.where('protection_people.org_id', 'in', ids);
        count = count.where('protection_people.org_id', 'in', ids);
      }
      const [list, n] = await Promise.all([
        rows.orderBy('protection_people.created_at', 'desc').orderBy('protection_people.id').limit(page.limit).offset(page.offset).execute(),
        count.executeTakeFirstOrThrow(),
      ]);
      return { rows: list, total: Number(n.n) };
    },
    /** Whose retention ended before this day. */
    expired: (day: string, limit: number) => db.selectFrom('protection_people').select(['id', 'org_id']).where('retain_until', '<', day).orderBy('id').limit(limit).execute(),
    insertProfile: (row: ProtectionProfileTable, q: Kysely<DB>) => q.insertInto('protection_profiles').values(row).execute(),
    profile: (id: string, q: Kysely<DB> = db): Promise<ProfileRow | undefined> => q.selectFrom('protection_profiles').selectAll().where('id', '=', id).executeTakeFirst(),
    profilesOf: (personId: string): Promise<ProfileRow[]> => db.selectFrom('protection_profiles').selectAll().where('person_id', '=', personId).orderBy('created_at').execute(),
    /**
     * Erases a person and every derived copy: their screenings, and on their referrals every sealed text and
     * the link to them (the referral's non-personal facts stay for the aggregates). Returns how many referrals.
     */
    async erase(id: string, q: Kysely<DB>): Promise<number> {
      const stripped = await q.updateTable('protection_referrals')
        .set({ person_id: null, profile_id: null, narrative: null, decline_reason: null, outcome: null, feedback: null, consent_purpose: null })
        .where('person_id', '=', id).executeTakeFirst();
      await q.deleteFrom('protection_profiles').where('person_id', '=', id).execute();
      await q.deleteFrom('protection_people').where('id', '=', id).execute();
      return Number(stripped.numUpdatedRows);
    },
  };
}

export type PersonRepo = ReturnType<typeof personRepo>;
