import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { nowIso } from '../core/ids.js';
import type { SerialQueue } from '../core/queue.js';
import type { DB } from '../core/tables.js';
import { member } from '../core/validate.js';
import { TRANSIT_COUNTINGS, type TransitCounting } from './counting.rules.js';
import {
  AGE_BANDS, AGE_RANGES, checkDisaggregation, convertCells, DEFAULT_DISAGGREGATION, DISAGGREGATIONS, SEXES, unconvertible, type AgeBand, type Sex,
} from './counting.rules.bands.js';
import { countingRepo as repo } from './plan.counting.repo.js';
import { planRepo } from './plan.repo.js';
import { reportRepo } from './report.repo.js';
import type { CountingBody } from './response.schemas.js';

/** A platform's way of counting: transit as persons or times assisted, and the sexes and age bands of its reports. */
export interface PlatformCounting { transit: TransitCounting; sexes: Sex[]; ages: AgeBand[] }

/** A platform's way of counting as stored; the defaults (transit as persons, Tandem's bands) where it declared none. */
export async function countingOf(db: Kysely<DB>, platformId: string): Promise<PlatformCounting> {
  const row = await repo.counting(db, platformId);
  if (!row) return { transit: 'persons', sexes: [...DEFAULT_DISAGGREGATION.sexes], ages: [...DEFAULT_DISAGGREGATION.ages] };
  return {
    transit: member(TRANSIT_COUNTINGS, row.transit),
    sexes: (JSON.parse(row.sexes) as string[]).map((s) => member(SEXES, s)),
    ages: (JSON.parse(row.ages) as string[]).map((a) => member(AGE_BANDS, a)),
  };
}

/** Whether two ways of counting declare the same sexes and age bands (what a report's cells are checked against). */
export const sameBands = (a: PlatformCounting, b: PlatformCounting) => a.sexes.join() === b.sexes.join() && a.ages.join() === b.ages.join();

/** What a platform may choose from: the vocabulary of sexes and age bands, and the named declarations. */
const CHOICES = {
  sexes: [...SEXES],
  ages: AGE_BANDS.map((code) => ({ code, ...AGE_RANGES[code] })),
  declarations: Object.fromEntries(Object.entries(DISAGGREGATIONS).map(([k, d]) => [k, { sexes: [...d.sexes], ages: [...d.ages] }])),
};

/** How many report cells one statement converts at most (the conversion reads and writes reports in batches). */
const BATCH = 500;

/**
 * A platform's way of counting, set by whoever may change its R4V settings (its co-leads, the administrator).
 * Changing its bands converts every stored report cell into the new bands in one transaction (18-59 and 60+
 * into 18+, for instance), or refuses, naming the band, a change that would split cells (finer from coarser).
 */
export function createCountingService(deps: {
  db: Kysely<DB>; engine: Engine; events: EventBus; access: Pick<Access, 'check' | 'can' | 'audit'>; platforms: Pick<PlatformService, 'byRef' | 'leads'>;
  writes: SerialQueue;
  /** Called after a change (dashboards that counted by the old way are stale). */
  changed: () => void;
}) {
  const { db, access } = deps;

  async function view(ctx: Ctx, platformId: string) {
    const [counting, leads] = await Promise.all([countingOf(db, platformId), deps.platforms.leads(platformId)]);
    return { ...counting, choices: CHOICES, can: { update: access.can(ctx, 'r4v', 'update', { coLeadOrgIds: leads.platform }) } };
  }

  async function change(ctx: Ctx, ref: string, body: Static<typeof CountingBody>) {
    const platform = await deps.platforms.byRef(ref);
    const leads = await deps.platforms.leads(platform.id);
    await access.check(ctx, 'r4v', 'update', { facts: { coLeadOrgIds: leads.platform } });
    const cur = await countingOf(db, platform.id);
    const next: PlatformCounting = { transit: body.transit ?? cur.transit, sexes: body.sexes ?? cur.sexes, ages: body.ages ?? cur.ages };
    const problems = checkDisaggregation(next);
    if (problems.length) throw new ValidationError('the way of counting is not valid', problems);
    let converted = 0;
    await deps.events.transaction(async (tx) => {
      // Read inside the transaction, the platform held: a report saved meanwhile is converted (or refused)
      // too, and one being saved waits and then sees the new bands (report.service.ts).
      await planRepo.hold(tx.db, deps.engine, platform.id, 'update');
      const cannot = unconvertible(await repo.storedBands(tx.db, platform.id), next);
      if (cannot.length) {
        throw new ValidationError(`the reports of this platform cannot be converted to these bands: they hold ${cannot.join(' and ')}, which the new declaration cannot hold without splitting figures`, [
          { field: cannot.some((c) => c.startsWith('age')) ? 'ages' : 'sexes', message: `no band of the new declaration holds ${cannot.join(', ')}` },
        ]);
      }
      const ids = await repo.reportsToConvert(tx.db, platform.id, next.sexes, next.ages);
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const rows = await reportRepo.rowsOf(tx.db, batch);
        const byReport = new Map<string, typeof rows>();
        for (const r of rows) byReport.set(r.report_id, [...(byReport.get(r.report_id) ?? []), r]);
        await reportRepo.replaceCells(tx.db, batch, [...byReport].flatMap(([reportId, cells]) => convertCells(cells.map((c) => ({
          ...c, reached: Number(c.reached), new_reached: Number(c.new_reached), services: c.services === null ? null : Number(c.services),
        })), next).map((c) => ({ ...c, report_id: reportId }))));
        converted += batch.length;
      }
      await repo.save(tx.db, {
        platform_id: platform.id, transit: next.transit, sexes: JSON.stringify(next.sexes), ages: JSON.stringify(next.ages), updated_at: nowIso(), updated_by: ctx.actor.label,
      });
      await access.audit.record(ctx, { action: 'update', resource: 'platform', objectId: platform.id, outcome: 'allowed', concernedOrgs: leads.platform }, tx.db);
    });
    deps.changed();
    return { ...(await view(ctx, platform.id)), convertedReports: converted };
  }

  return {
    /** The platform's way of counting, what it may choose from, and whether the account may change it. */
    async getCounting(ctx: Ctx, ref: string) {
      return view(ctx, (await deps.platforms.byRef(ref)).id);
    },

    /** Changes it; existing reports' cells are converted in the same transaction (run with the app's other heavy writes). */
    putCounting: (ctx: Ctx, ref: string, body: Static<typeof CountingBody>) => deps.writes.run(() => change(ctx, ref, body)),
  };
}

export type CountingService = ReturnType<typeof createCountingService>;
