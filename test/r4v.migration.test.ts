/**
 * The migration that makes the rule of what counts per year (20261202_0101_r4v_years): a platform's one list of
 * counting types becomes its default, with no year of its own — on both engines, run over a database as the
 * previous migration left it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { operatorCtx } from '../src/core/actor.js';
import { nowIso } from '../src/core/ids.js';
import { seedDemoIfEmpty } from '../src/demo/seed.js';
import { up } from '../src/response/migrations/20261202_0101_r4v_years.js';
import { describeEachEngine, freshDb, type TestDb } from './helpers/engines.js';

describeEachEngine('R4V settings migrated to a per-year rule', (engine) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(engine); await seedDemoIfEmpty(t.app); });
  afterAll(async () => { await t.dispose(); });

  it('turns one list of counting types into the default, and keeps the platform\'s other settings', async () => {
    const db = t.app.db;
    const platform = await t.app.platforms.create(operatorCtx(), { name: 'Migrated platform', slug: 'migrated', tier: 'regional', situation: 'venezuela-colombia', coLeads: ['iom'] });
    // The database as 20261201_1001_r4v left it: no mechanisms, one list.
    await db.schema.alterTable('r4v_settings').dropColumn('delivery_mechanisms').execute();
    await sql`insert into r4v_settings (platform_id, model, count_types, require_rmrp, no_admin1, proportions_basis, missing_proportions, country_level_fallback, sector_parts, updated_at, updated_by)
      values (${platform.id}, 'maxsector', ${JSON.stringify(['PiN', 'Capacity Building'])}, 1, ${JSON.stringify(['Mexico'])}, 'pin', 'r4v', 0, null, ${nowIso()}, 'test')`.execute(db);
    await up(db as never);
    const s = await t.app.r4v.settingsOf(platform.id);
    expect(s).toMatchObject({ model: 'maxsector', countTypes: ['PiN', 'Capacity Building'], countTypesByYear: {}, requireRmrpActivity: true, noAdmin1: ['Mexico'] });
    expect(s.deliveryMechanisms).toContain('Physical cash');
  });
});
