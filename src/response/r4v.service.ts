import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { ForbiddenError, UnauthenticatedError, type Access } from '../access/index.js';
import type { PlatformService, PolicyService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { SerialQueue } from '../core/queue.js';
import { nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { proportionsKey, type ModelSpec, type Proportions, type SectorPart } from './consolidation.models.js';
import { consolidate, latestIntersector, typesOfYear, type ConsolidationOptions, type CountTypes } from './consolidation.rules.js';
import { planRepo } from './plan.repo.js';
import { checkRows, targetsAbovePin, type CheckReference } from './r4v.checks.js';
import { discloseConsolidated, REGIONAL, type ShownRow } from './r4v.disclosure.js';
import { createR4vImport } from './r4v.import.js';
import { R4V_DELIVERY_MECHANISMS, R4V_NO_ADMIN1, R4V_SOUTHERN_CONE_PARTS, type R4vRow } from './r4v.layout.js';
import { r4vRepo as repo, rowOf } from './r4v.repo.js';
import { R4V_MODELS, type R4vFiguresSchema, type IndicatorTypesBody, type R4vInclude, type R4vModel, type R4vSettingsBody } from './r4v.schemas.js';
import { read5w, readPinTable, readProportions } from './r4v.xlsx.js';
import { member } from '../core/validate.js';

/** C-locale order, the same on both engines. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What each model assumes, as the dashboard says it beside its figure. */
export const ASSUMES: Record<R4vModel, string> = {
  sum: 'Assumes no one is reached by two sectors: sectors are added (R4V\'s default model).',
  maxsector: 'Assumes the sector reaching most people in each admin 1, month, group, sex and age reached everyone the others did: the highest sector per cell, cells added, monthly maxima added over months.',
  'southern-cone': 'Assumes one household is reached by the highest of the basic-needs sectors, while protection and the services (cash, integration, health, education) each reach other people: the highest of the first group, plus the others added.',
  conservative: 'Assumes every activity in a place may have reached the same people: for each place and population group, the highest activity of any sector, added over places and groups (a lower bound).',
};

export function createR4vService(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'audit'>;
  platforms: Pick<PlatformService, 'byRef' | 'leads' | 'sectors' | 'member'>; policies: Pick<PolicyService, 'inForce'>; changed: () => void; writes: SerialQueue;
}) {
  const { db, access } = deps;

  /** A platform's settings, R4V's defaults where it has declared none. */
  async function settingsOf(platformId: string) {
    const [s, overrides] = await Promise.all([repo.settings(db, platformId), repo.countryModels(db, platformId)]);
    const types = s ? (JSON.parse(s.count_types) as { default: string[]; byYear?: Record<string, string[]> }) : { default: ['Direct Assistance'] };
    return {
      model: member(R4V_MODELS, s?.model ?? 'sum'),
      countries: Object.fromEntries(overrides.map((o) => [o.country, member(R4V_MODELS, o.model)])) as Record<string, R4vModel>,
      noAdmin1: s ? (JSON.parse(s.no_admin1) as string[]) : [...R4V_NO_ADMIN1],
      countTypes: types.default,
      countTypesByYear: types.byYear ?? {},
      deliveryMechanisms: s?.delivery_mechanisms ? (JSON.parse(s.delivery_mechanisms) as string[]) : [...R4V_DELIVERY_MECHANISMS],
      requireRmrpActivity: s?.require_rmrp === 1,
      proportions: s?.proportions_basis === 'target' ? 'target' as const : 'pin' as const,
      missingProportions: s?.missing_proportions === 'skip' ? 'skip' as const : 'r4v' as const,
      countryLevelFallback: s?.country_level_fallback === 1,
      sectorGroups: s?.sector_parts ? (JSON.parse(s.sector_parts) as Array<{ combine: SectorPart['combine']; sectors: string[] }>) : R4V_SOUTHERN_CONE_PARTS.map((p) => ({ combine: p.combine, sectors: [...p.sectors] })),
    };
  }
  type Settings = Awaited<ReturnType<typeof settingsOf>>;

  async function typesOf(platformId: string) {
    const [s, rows] = await Promise.all([settingsOf(platformId), repo.indicatorTypes(db, platformId)]);
    const table = new Map(rows.map((r) => [`${r.sector}\u0000${r.indicator}`, r.type]));
    const typeOf = (sector: string, indicator: string) => table.get(`${sector}\u0000${indicator}`);
    // The types that count, by the year of a row's Month; the row checks test the people of the same types.
    const rule: CountTypes = { default: s.countTypes, byYear: s.countTypesByYear };
    return { settings: s, typeOf, rule, counts: (sector: string, indicator: string, month: string) => typesOfYear(rule, month).includes(typeOf(sector, indicator) ?? '') };
  }

  /** The error report's name for the people check: R4V's 2022 code says PiNNoBenef, its later code DirectAssistanceNoBenef. */
  const headerType = (rule: CountTypes, rows: readonly R4vRow[]) =>
    rows.length > 0 && rows.every((r) => typesOfYear(rule, r.month).includes('PiN')) ? 'PiN' : 'Direct Assistance';

  /** The consolidation options of a platform: what counts, and each country's model (with its override). */
  async function optionsOf(platformId: string, extra: Partial<ConsolidationOptions> = {}): Promise<ConsolidationOptions & { settings: Settings }> {
    const { settings, typeOf, rule } = await typesOf(platformId);
    let proportions: Proportions | undefined;
    const needs = [settings.model, ...Object.values(settings.countries)].some((m) => m === 'maxsector' || m === 'southern-cone');
    if (needs) {
      const rows = await repo.proportions(db, platformId, settings.proportions);
      proportions = new Map(rows.map((r) => [proportionsKey(r.country, r.admin1, r.sector), JSON.parse(r.shares) as Array<number | null>]));
    }
    const spec = (m: R4vModel): ModelSpec => {
      const p = { proportions: proportions ?? new Map(), missing: settings.missingProportions, countryLevelFallback: settings.countryLevelFallback };
      if (m === 'maxsector') return { kind: 'maxsector', ...p };
      if (m === 'southern-cone') return { kind: 'groups', parts: settings.sectorGroups, ...p };
      return { kind: m };
    };
    return {
      settings, noAdmin1: settings.noAdmin1, counts: { types: rule, typeOf, requireRmrpActivity: settings.requireRmrpActivity },
      modelOf: (country) => spec(settings.countries[country] ?? settings.model), ...extra,
    };
  }

  async function mayChange(ctx: Ctx, platformId: string) {
    const leads = await deps.platforms.leads(platformId);
    await access.check(ctx, 'r4v', 'update', { facts: { coLeadOrgIds: leads.platform } });
  }

  /** Unreviewed figures, and who reported what, only for the platform's co-leads (its information-management team). */
  async function mayInclude(ctx: Ctx, platformId: string, include: R4vInclude) {
    if (include === 'validated') return;
    const leads = await deps.platforms.leads(platformId);
    if (!access.can(ctx, 'r4v', 'create', { coLeadOrgIds: leads.platform })) {
      if (ctx.actor.kind === 'anonymous') throw new UnauthenticatedError();
      throw new ForbiddenError('figures awaiting review and the error report are shown only to the platform\'s co-leads');
    }
  }

  async function planOf(planId: string) {
    const plan = await planRepo.plan(db, planId);
    if (!plan) throw new NotFoundError('plan');
    return plan;
  }

  /**
   * What the row checks compare with: the platform's indicator types, and the registry's organisations as
   * R4V's partner list. (Country–admin 1 pairs need no list here: an import refuses a place the P-code
   * registry does not hold, naming its row and column.)
   */
  async function referenceOf(platformId: string): Promise<CheckReference & { peopleType: CountTypes }> {
    const [{ typeOf, rule, settings }, orgs] = await Promise.all([typesOf(platformId), repo.organisations(db)]);
    return { typeOf, peopleType: rule, partners: new Set(orgs.map((o) => o.name)), mechanisms: new Set(settings.deliveryMechanisms) };
  }

  /**
   * Whether the actor reads the consolidated report exactly: the platform's co-leads (who reproduce R4V's
   * report), its administrators, and the accounts of its member organisations; everyone else reads it under
   * disclosure control.
   */
  async function readsExactly(ctx: Ctx, platformId: string) {
    if (ctx.actor.kind === 'anonymous') return false;
    const leads = await deps.platforms.leads(platformId);
    if (access.can(ctx, 'r4v', 'create', { coLeadOrgIds: leads.platform }) || access.can(ctx, 'r4v', 'update', { coLeadOrgIds: leads.platform })) return true;
    for (const m of ctx.actor.memberships) if (await deps.platforms.member(platformId, m.orgSlug)) return true;
    return false;
  }

  const importer = createR4vImport({ ...deps, typesOf: async (platformId) => ({ ...(await typesOf(platformId)), reference: await referenceOf(platformId) }) });

  return {
    /** Imports run one at a time with the app's other heavy writes (two imports of one plan never interleave). */
    import5w: (ctx: Ctx, planId: string, path: string, opts: { submit?: boolean; file: string }) => deps.writes.run(() => importer.import5w(ctx, planId, path, opts)),
    settingsOf,

    /** Before an upload's body is read: the plan exists, and the actor may import into it (co-lead, or a partner for its own rows). */
    async precheckImport(ctx: Ctx, planId: string) {
      const plan = await planOf(planId);
      const leads = await deps.platforms.leads(plan.platform_id);
      if (access.can(ctx, 'r4v', 'create', { coLeadOrgIds: leads.platform })) return;
      if (ctx.actor.memberships.some((m) => access.can(ctx, 'report', 'create', { orgIds: [m.orgId] }))) return;
      throw new ForbiddenError('only the platform\'s co-leads, or a partner for its own activities, import 5W files');
    },
    async precheckChange(ctx: Ctx, ref: string) {
      await mayChange(ctx, (await deps.platforms.byRef(ref)).id);
    },

    /** The settings, and whether the account may change them (the screen shows the form only then). */
    async getSettings(ctx: Ctx, ref: string) {
      const platform = await deps.platforms.byRef(ref);
      const [settings, leads] = await Promise.all([settingsOf(platform.id), deps.platforms.leads(platform.id)]);
      const facts = { coLeadOrgIds: leads.platform };
      return { ...settings, can: { update: access.can(ctx, 'r4v', 'update', facts), seeUnreviewed: access.can(ctx, 'r4v', 'create', facts) } };
    },

    /** Sets a platform's model, per-country overrides and other settings (what is left out stays as it was). */
    async putSettings(ctx: Ctx, ref: string, body: Static<typeof R4vSettingsBody>) {
      const platform = await deps.platforms.byRef(ref);
      await mayChange(ctx, platform.id);
      const cur = await settingsOf(platform.id);
      const next = { ...cur, ...body };
      const problems = [
        ...Object.keys(next.countries).filter((c) => !c.trim()).map(() => ({ field: 'countries', message: 'a country name is required' })),
        ...Object.keys(next.countTypesByYear).filter((y) => !/^[0-9]{4}$/.test(y)).map((y) => ({ field: `countTypesByYear.${y}`, message: 'a year is four digits (YYYY)' })),
      ];
      if (problems.length) throw new ValidationError('the settings are not valid', problems);
      await deps.events.transaction(async (tx) => {
        await repo.saveSettings(tx.db, {
          platform_id: platform.id, model: next.model, count_types: JSON.stringify({ default: next.countTypes, byYear: next.countTypesByYear }),
          delivery_mechanisms: JSON.stringify(next.deliveryMechanisms), require_rmrp: next.requireRmrpActivity ? 1 : 0,
          no_admin1: JSON.stringify(next.noAdmin1), proportions_basis: next.proportions, missing_proportions: next.missingProportions,
          country_level_fallback: next.countryLevelFallback ? 1 : 0, sector_parts: JSON.stringify(next.sectorGroups), updated_at: nowIso(), updated_by: ctx.actor.label,
        }, Object.entries(next.countries).map(([country, model]) => ({ country, model })));
        await access.audit.record(ctx, { action: 'update', resource: 'r4v', objectId: platform.id, outcome: 'allowed' }, tx.db);
      });
      deps.changed();
      return settingsOf(platform.id);
    },

    /** Replaces a platform's indicator-type table (R4V's, read from ActivityInfo; not public). */
    async putIndicatorTypes(ctx: Ctx, ref: string, body: Static<typeof IndicatorTypesBody>) {
      const platform = await deps.platforms.byRef(ref);
      await mayChange(ctx, platform.id);
      const seen = new Set<string>();
      const problems = body.types.flatMap((t, i) => {
        const k = `${t.sector}\u0000${t.indicator}`;
        const dup = seen.has(k);
        seen.add(k);
        return dup ? [{ field: `types[${i}].indicator`, message: `${t.sector} / ${t.indicator.slice(0, 80)} is given twice` }] : [];
      });
      if (problems.length) throw new ValidationError('the indicator types are not valid', problems);
      await deps.events.transaction(async (tx) => {
        await repo.replaceIndicatorTypes(tx.db, platform.id, body.types);
        await access.audit.record(ctx, { action: 'update', resource: 'r4v', objectId: platform.id, outcome: 'allowed' }, tx.db);
      });
      deps.changed();
      return { count: body.types.length };
    },

    /** Replaces a platform's proportions table from R4V's workbook (sheet pinproportions or targetproportions). */
    async importProportions(ctx: Ctx, ref: string, path: string, basis: 'pin' | 'target') {
      const platform = await deps.platforms.byRef(ref);
      await mayChange(ctx, platform.id);
      const table = await readProportions(path, basis === 'pin' ? 'pinproportions' : 'targetproportions');
      const rows = [...table].map(([key, shares]) => {
        const [country = '', admin1 = '', sector = ''] = key.split('\u0000');
        return { country, admin1, sector, shares: JSON.stringify(shares) };
      });
      await deps.events.transaction(async (tx) => {
        await repo.replaceProportions(tx.db, platform.id, basis, rows);
        await access.audit.record(ctx, { action: 'update', resource: 'r4v', objectId: platform.id, outcome: 'allowed' }, tx.db);
      });
      deps.changed();
      return { count: rows.length };
    },

    /**
     * The plan's consolidated report in R4V's columns, by the platform's model (each country's own): exact for
     * the platform's members, under disclosure control (the policy's k) for everyone else — hidden figures null.
     */
    async consolidated(ctx: Ctx, planId: string, q: { country?: string; include: R4vInclude; regional?: boolean }): Promise<{ rows: ShownRow[]; disclosure: { k: number; hidden: number; applied: boolean } }> {
      const plan = await planOf(planId);
      await mayInclude(ctx, plan.platform_id, q.include);
      const [opts, stored, exact, { disclosureK: k }] = await Promise.all([
        optionsOf(plan.platform_id, { country: q.country, regional: q.regional }), repo.rowsForReport(db, plan.id, q.include, q.country),
        readsExactly(ctx, plan.platform_id), deps.policies.inForce(),
      ]);
      const rows = consolidate(stored.map(rowOf), opts);
      if (exact) return { rows, disclosure: { k, hidden: 0, applied: false } };
      const modelOf = (country: string) => opts.settings.countries[country] ?? opts.settings.model;
      const countries = [...new Set(rows.map((r) => r.country))].filter((c) => c !== REGIONAL);
      const sumOfSectors = (country: string) => (country === REGIONAL ? countries.every((c) => modelOf(c) === 'sum') : modelOf(country) === 'sum');
      const shown = discloseConsolidated(rows, k, { sumOfSectors });
      return { rows: shown.rows, disclosure: { k, hidden: shown.hidden, applied: true } };
    },

    /** Replaces a platform's people in need and targets by country, admin 1 and sector, from R4V's proportions workbook. */
    async importPin(ctx: Ctx, ref: string, path: string, sheets: { pin: string; target: string }) {
      const platform = await deps.platforms.byRef(ref);
      await mayChange(ctx, platform.id);
      const rows = await readPinTable(path, sheets);
      await deps.events.transaction(async (tx) => {
        await repo.replacePin(tx.db, platform.id, rows);
        await access.audit.record(ctx, { action: 'update', resource: 'r4v', objectId: platform.id, outcome: 'allowed' }, tx.db);
      });
      deps.changed();
      return { count: rows.length };
    },

    /** A platform's people in need and targets (plans, not people reached: public), and R4V's target ≤ PiN check over them. */
    async pin(ref: string, country?: string) {
      const platform = await deps.platforms.byRef(ref);
      const rows = (await repo.pin(db, platform.id, country)).map((r) => ({
        country: r.country, admin1: r.admin1, sector: r.sector, pin: r.pin === null ? null : Number(r.pin), target: r.target === null ? null : Number(r.target),
      })).sort((a, b) => cmp(a.country, b.country) || cmp(a.admin1, b.admin1) || cmp(a.sector, b.sector));
      const checks = targetsAbovePin(
        rows.flatMap((r) => (r.target === null || r.target === 0 ? [] : [{ country: r.country, admin1: r.admin1, sector: r.sector, target: r.target }])),
        rows.flatMap((r) => (r.pin === null ? [] : [{ country: r.country, admin1: r.admin1, sector: r.sector, pin: r.pin }])),
      );
      return { rows, checks };
    },

    /** R4V's 19 row checks over the plan's stored rows (co-leads): the rows and their hits. */
    async errorReport(ctx: Ctx, planId: string, q: { country?: string; include: R4vInclude }) {
      const plan = await planOf(planId);
      await mayInclude(ctx, plan.platform_id, q.include === 'validated' ? 'submitted' : q.include);
      const stored = await repo.rowsForReport(db, plan.id, q.include, q.country);
      const rows = stored.map((s) => ({ ...rowOf(s), sourceRow: Number(s.source_row) }));
      const reference = await referenceOf(plan.platform_id);
      return { rows, hits: checkRows(rows, reference), peopleType: headerType(reference.peopleType, rows) };
    },

    /** R4V's 19 row checks over a 5W file, without importing it (whoever may import into the plan). */
    async checkFile(ctx: Ctx, planId: string, path: string) {
      const plan = await planOf(planId);
      const rows = await read5w(path);
      const reference = await referenceOf(plan.platform_id);
      return { rows, hits: checkRows(rows, reference), peopleType: headerType(reference.peopleType, rows) };
    },

    /**
     * The dashboard's two figures for a plan: the platform's model figure (each country by its own model) and
     * the conservative figure, as of each country's last month, added over countries.
     */
    async figures(planId: string, include: 'validated' | 'submitted'): Promise<R4vFigures | null> {
      const plan = await planOf(planId);
      const rows = (await repo.rowsForReport(db, plan.id, include)).map(rowOf);
      if (!rows.length) return null;
      const opts = await optionsOf(plan.platform_id);
      const model = latestIntersector(consolidate(rows, opts));
      const conservative = latestIntersector(consolidate(rows, { ...opts, modelOf: () => ({ kind: 'conservative' }) }));
      const byCountry = [...model.values()].map((r) => ({
        country: r.country, model: opts.settings.countries[r.country] ?? opts.settings.model, month: r.month, people: r.total, conservative: conservative.get(r.country)?.total ?? 0,
      }));
      const name = opts.settings.model;
      return {
        model: { name, people: byCountry.reduce((s, c) => s + c.people, 0), assumes: ASSUMES[name] + (Object.keys(opts.settings.countries).length ? ' Some countries use their own model (byCountry).' : '') },
        conservative: { people: byCountry.reduce((s, c) => s + c.conservative, 0), assumes: ASSUMES.conservative },
        byCountry,
      };
    },
  };
}

export type R4vService = ReturnType<typeof createR4vService>;
export type R4vFigures = Static<typeof R4vFiguresSchema>;
