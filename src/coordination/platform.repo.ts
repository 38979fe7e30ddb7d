import type { Kysely } from 'kysely';
import type { DB } from '../core/tables.js';
import type { PlatformTable } from './coordination.tables.js';

/** Queries of platforms, their organisations and sectors. Organisations' names are joined in from the access module's table (read only). */
export const platformRepo = {
  byRef: (db: Kysely<DB>, ref: string) =>
    db.selectFrom('platforms').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)])).executeTakeFirst(),
  slugExists: async (db: Kysely<DB>, slug: string) => (await db.selectFrom('platforms').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined,
  list: (db: Kysely<DB>) => db.selectFrom('platforms').selectAll().orderBy('name').execute(),
  insert: (db: Kysely<DB>, row: PlatformTable) => db.insertInto('platforms').values(row).execute(),
  children: (db: Kysely<DB>, id: string) => db.selectFrom('platforms').select(['slug', 'name', 'tier']).where('parent_id', '=', id).orderBy('name').execute(),
  link: (db: Kysely<DB>, id: string) => db.selectFrom('platforms').select(['slug', 'name', 'tier']).where('id', '=', id).executeTakeFirst(),

  coLeadIds: async (db: Kysely<DB>, platformId: string) =>
    (await db.selectFrom('platform_orgs').select('org_id').where('platform_id', '=', platformId).where('role', '=', 'co_lead').execute()).map((r) => r.org_id),
  orgs: (db: Kysely<DB>, platformId: string) =>
    db.selectFrom('platform_orgs').innerJoin('organisations', 'organisations.id', 'platform_orgs.org_id')
      .select(['organisations.id', 'organisations.slug', 'organisations.name', 'organisations.kind', 'organisations.refugee_led', 'organisations.migrant_led',
        'platform_orgs.role', 'platform_orgs.appealing', 'platform_orgs.partner_type'])
      .where('platform_id', '=', platformId).orderBy('organisations.slug').execute(),
  addOrg: (db: Kysely<DB>, row: { platform_id: string; org_id: string; role: string; appealing: number; partner_type: string | null }) =>
    db.insertInto('platform_orgs').values(row)
      .onConflict((oc) => oc.columns(['platform_id', 'org_id', 'role']).doUpdateSet({ appealing: row.appealing, partner_type: row.partner_type })).execute(),

  sectors: (db: Kysely<DB>, platformId: string) => db.selectFrom('sectors').selectAll().where('platform_id', '=', platformId).orderBy('code').execute(),
  sectorByCode: (db: Kysely<DB>, platformId: string, code: string) =>
    db.selectFrom('sectors').selectAll().where('platform_id', '=', platformId).where('code', '=', code).executeTakeFirst(),
  insertSector: (db: Kysely<DB>, row: { id: string; platform_id: string; code: string; name: string; parent_id: string | null }) => db.insertInto('sectors').values(row).execute(),
  sectorLeads: (db: Kysely<DB>, platformId: string) =>
    db.selectFrom('sector_leads').innerJoin('sectors', 'sectors.id', 'sector_leads.sector_id').innerJoin('organisations', 'organisations.id', 'sector_leads.org_id')
      .select(['sector_leads.sector_id', 'sector_leads.org_id', 'organisations.slug']).where('sectors.platform_id', '=', platformId).execute(),
  addSectorLead: (db: Kysely<DB>, sectorId: string, orgId: string) => db.insertInto('sector_leads').values({ sector_id: sectorId, org_id: orgId }).execute(),
};
