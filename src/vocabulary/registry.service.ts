import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ValidationError, type ErrorDetail } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { registryRepo as repo } from './registry.repo.js';
import { AdminAreasBody, IndicatorBody, INDICATOR_UNITS } from './vocabulary.schemas.js';
import type { AdminAreaTable, IndicatorTable } from './vocabulary.tables.js';

const checkAreas = inputCheck(AdminAreasBody, 'admin areas');
const checkIndicator = inputCheck(IndicatorBody, 'indicator');

const presentArea = (a: AdminAreaTable) => ({ pcode: a.pcode, iso3: a.iso3, level: a.level, name: a.name, parent: a.parent_pcode });
const presentIndicator = (i: IndicatorTable) => ({ code: i.code, name: i.name, unit: member(INDICATOR_UNITS, i.unit), sector: i.sector_code });

/**
 * The registries every platform shares: admin areas by P-code (from a COD gazetteer) and indicators.
 * Changing them changes what every platform's partners can report, so writes are checked and audited.
 */
export function createRegistryService(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'>; isCountry(iso3: string): Promise<boolean>; keepers(): Promise<readonly string[]> }) {
  const { db, access } = deps;

  return {
    /** Admin areas added or updated as a whole: all or nothing. */
    async upsertAdminAreas(ctx: Ctx, raw: Static<typeof AdminAreasBody>['areas']) {
      await access.check(ctx, 'registry', 'create', { facts: { orgIds: await deps.keepers() } });
      const areas = checkAreas({ areas: raw }).areas;
      const problems: ErrorDetail[] = [];
      const known = new Map<string, boolean>();
      for (const [i, a] of areas.entries()) {
        if (!/^[A-Z]{2,3}[A-Z0-9]{0,15}$/.test(a.pcode)) problems.push({ field: `areas[${i}].pcode`, message: `"${a.pcode}" is not a P-code` });
        if (!known.has(a.iso3)) known.set(a.iso3, await deps.isCountry(a.iso3));
        if (!known.get(a.iso3)) problems.push({ field: `areas[${i}].iso3`, message: `unknown ISO3 code "${a.iso3}"` });
        if (a.level < 1 || a.level > 5) problems.push({ field: `areas[${i}].level`, message: 'an admin level from 1 to 5' });
        if (!a.name.trim()) problems.push({ field: `areas[${i}].name`, message: 'a name is required' });
      }
      if (problems.length) throw new ValidationError('the admin areas are not valid', problems);
      let changed = 0;
      await db.transaction().execute(async (trx) => {
        for (const a of areas) {
          const row = { pcode: a.pcode, iso3: a.iso3, level: a.level, name: a.name.trim(), parent_pcode: a.parent ?? null };
          const cur = await repo.area(trx, a.pcode);
          if (cur && cur.name === row.name && cur.level === row.level && cur.iso3 === row.iso3 && cur.parent_pcode === row.parent_pcode) continue;
          if (cur) await repo.updateArea(trx, row);
          else await repo.insertArea(trx, row);
          changed++;
        }
        if (changed) await access.audit.record(ctx, { action: 'update', resource: 'registry', objectId: 'admin_areas', outcome: 'allowed' }, trx);
      });
      return { received: areas.length, changed };
    },

    async adminAreas(filter: { iso3?: string; pcodes?: readonly string[] } = {}) {
      return (await repo.areas(db, { ...filter, iso3: filter.iso3?.toUpperCase() })).map(presentArea);
    },

    async adminArea(pcode: string) {
      const a = await repo.area(db, pcode);
      return a ? presentArea(a) : undefined;
    },

    async upsertIndicator(ctx: Ctx, raw: Static<typeof IndicatorBody>) {
      await access.check(ctx, 'registry', 'create', { facts: { orgIds: await deps.keepers() } });
      const input = checkIndicator(raw);
      const problems: ErrorDetail[] = [];
      if (!/^[a-z0-9][a-z0-9_.-]{0,59}$/.test(input.code)) problems.push({ field: 'code', message: 'lowercase letters, digits, ., - and _' });
      if (!input.name.trim()) problems.push({ field: 'name', message: 'a name is required' });
      if (problems.length) throw new ValidationError('the indicator is not valid', problems);
      const row = { code: input.code, name: input.name.trim(), unit: input.unit, sector_code: input.sector ?? null };
      await db.transaction().execute(async (trx) => {
        await repo.upsertIndicator(trx, row);
        await access.audit.record(ctx, { action: 'update', resource: 'registry', objectId: `indicator:${row.code}`, outcome: 'allowed' }, trx);
      });
      return presentIndicator(row);
    },

    indicators: async () => (await repo.indicators(db)).map(presentIndicator),

    async indicator(code: string) {
      const i = await repo.indicator(db, code);
      return i ? presentIndicator(i) : undefined;
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
