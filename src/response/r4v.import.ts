/**
 * An R4V 5W file imported into a plan: each row's organisation, sector, indicator and place resolved by
 * name (the P-code registry places it: admin 2 where the registry has it, else admin 1), the plan's
 * activities matched or created in bulk, one monthly report per activity and month, and the rows kept as
 * R4V laid them out. All or nothing; importing the same file twice changes nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { PlatformService } from '../coordination/index.js';
import type { Ctx } from '../core/actor.js';
import { ImportError, NotFoundError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { isMonth } from './counting.rules.js';
import { activityFacts } from './plan.service.js';
import { planRepo } from './plan.repo.js';
import { checkRows, type CheckReference, type RowCheckHit } from './r4v.checks.js';
import type { R4vRow } from './r4v.layout.js';
import { r4vRepo as repo, rowColumns, rowOf } from './r4v.repo.js';
import type { R4vRowTable } from './r4v.tables.js';
import { read5w } from './r4v.xlsx.js';

/** Names compared as people write them: accents, case, spacing and double-encoded UTF-8 ("LeÃ³n") aside. */
export function nameKey(s: string): string {
  let t = s;
  if (/[ÃÂ]/.test(t)) {
    const fixed = Buffer.from(t, 'latin1').toString('utf8');
    if (!fixed.includes('\uFFFD')) t = fixed;
  }
  return t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const IDENTITY: ReadonlyArray<keyof R4vRow> = ['country', 'admin1', 'admin2', 'appealingOrg', 'implementation', 'implementingPartner', 'month', 'sector',
  'indicator', 'activityName', 'activityDescription'];
const identity = (r: R4vRow) => IDENTITY.map((f) => String(r[f] ?? '')).join('\u0001');

/**
 * Each row's key: its identity (who, where, when, what) and, for rows identical in identity (R4V's files
 * hold some), their rank among them — so that a file imported again finds every row it holds already.
 */
export function rowKeys(rows: readonly R4vRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const id = identity(r);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return createHash('sha256').update(`${id}\u0002${n}`).digest('base64url');
  });
}

export interface ImportResult {
  file: string; rows: number; inserted: number; deleted: number; unchanged: number;
  activitiesCreated: number; reportsCreated: number; reportsSubmitted: number;
  /** R4V's row checks: rows to review (R4V's "Please review activity"), and hits per check. */
  checks: { rowsToReview: number; byCheck: Record<string, number> };
}

export function createR4vImport(deps: {
  db: Kysely<DB>; events: EventBus; access: Pick<Access, 'check' | 'can' | 'audit'>; platforms: Pick<PlatformService, 'leads' | 'sectors'>;
  changed: () => void;
  /** The platform's rule of what counts (for new activities' PiN flag, by the year of their first row) and its indicator types. */
  typesOf: (platformId: string) => Promise<{ counts: (sector: string, indicator: string, month: string) => boolean; reference: CheckReference }>;
}) {
  const { db, access } = deps;

  async function resolve(platformId: string, rows: ReadonlyArray<R4vRow & { sourceRow: number }>, file: string) {
    const problems: ErrorDetail[] = [];
    const at = (r: { sourceRow: number }, column: string, message: string) => problems.push({ file, row: r.sourceRow, column, message });
    const [orgs, countries, indicators, sectors] = await Promise.all([repo.organisations(db), repo.countries(db), repo.indicators(db), deps.platforms.sectors(platformId)]);
    const orgBy = new Map<string, string>();
    for (const o of orgs) { orgBy.set(nameKey(o.name), o.id); orgBy.set(nameKey(o.slug), o.id); }
    const iso3By = new Map<string, string>();
    for (const c of countries) { iso3By.set(nameKey(c.name_en), c.iso3); iso3By.set(nameKey(c.name_es), c.iso3); }
    const sectorBy = new Map<string, { id: string; code: string }>();
    for (const s of sectors) { sectorBy.set(nameKey(s.name), s); sectorBy.set(nameKey(s.code), s); }
    const indicatorBy = new Map<string, Array<{ code: string; sector_code: string | null }>>();
    for (const i of indicators) indicatorBy.set(nameKey(i.name), [...(indicatorBy.get(nameKey(i.name)) ?? []), i]);
    const iso3s = [...new Set(rows.map((r) => iso3By.get(nameKey(r.country))).filter((x): x is string => !!x))];
    const areaBy = new Map<string, string>();
    for (const a of await repo.areas(db, iso3s)) areaBy.set(`${a.iso3}|${a.level}|${a.level === 1 ? '' : a.parent_pcode ?? ''}|${nameKey(a.name)}`, a.pcode);

    const out: Array<{ orgId: string; sector: { id: string; code: string }; indicator: string; pcode: string }> = [];
    for (const r of rows) {
      const orgId = orgBy.get(nameKey(r.appealingOrg));
      const sector = sectorBy.get(nameKey(r.sector));
      const candidates = indicatorBy.get(nameKey(r.indicator)) ?? [];
      const indicator = (candidates.find((i) => i.sector_code === sector?.code) ?? candidates[0])?.code;
      const iso3 = iso3By.get(nameKey(r.country));
      const admin1 = iso3 ? areaBy.get(`${iso3}|1||${nameKey(r.admin1)}`) : undefined;
      const admin2 = admin1 && r.admin2 ? areaBy.get(`${iso3}|2|${admin1}|${nameKey(r.admin2)}`) : undefined;
      if (!orgId) at(r, 'Appealing_org', `no organisation named "${r.appealingOrg}"`);
      if (!sector) at(r, 'Subsector', `the platform has no sector "${r.sector}"`);
      if (!indicator) at(r, 'Indicator', `no indicator named "${r.indicator}" in the registry`);
      if (!iso3) at(r, 'Country', `no country named "${r.country}"`);
      else if (!admin1) at(r, 'Admin1', `the P-code registry has no admin 1 "${r.admin1}" in ${r.country}`);
      if (!isMonth(r.month)) at(r, 'Month', `"${r.month}" is not a month (YYYY-MM)`);
      out.push({ orgId: orgId ?? '', sector: sector ?? { id: '', code: '' }, indicator: indicator ?? '', pcode: admin2 ?? admin1 ?? '' });
    }
    return { resolved: out, problems };
  }

  /** Imports an R4V 5W workbook into a plan (see the file's comment); `submit` sends its reports for review. */
  async function import5w(ctx: Ctx, planId: string, path: string, opts: { submit?: boolean; file: string }): Promise<ImportResult> {
    const plan = await planRepo.plan(db, planId);
    if (!plan) throw new NotFoundError('plan');
    const leads = await deps.platforms.leads(plan.platform_id);
    const wholePlatform = access.can(ctx, 'r4v', 'create', { coLeadOrgIds: leads.platform });
    const rows = await read5w(path);
    const { resolved, problems } = await resolve(plan.platform_id, rows, opts.file);
    const locked = await planRepo.lockedMonths(db, plan.platform_id);
    for (const r of rows) {
      if (!isMonth(r.month)) continue;
      if (r.month < plan.start_month || r.month > plan.end_month) problems.push({ file: opts.file, row: r.sourceRow, column: 'Month', message: `${r.month} is outside the plan (${plan.start_month} to ${plan.end_month})` });
      else if (locked.has(r.month)) problems.push({ file: opts.file, row: r.sourceRow, column: 'Month', message: `${r.month} is closed: the platform locked it` });
    }
    const fail = (list: ErrorDetail[]) => new ImportError(`${opts.file}: ${list.length} problem${list.length === 1 ? '' : 's'}; nothing was imported`, list.slice(0, 100), list.length);
    if (problems.length) throw fail(problems);

    const types = await deps.typesOf(plan.platform_id);
    const activityKey = (x: { orgId: string; sectorId: string; indicator: string; pcode: string; name: string }) => [x.orgId, x.sectorId, x.indicator, x.pcode, x.name].join('\u0001');
    const activities = await repo.activities(db, plan.id);
    const existing = new Map(activities.map((a) => [activityKey({ orgId: a.partner_org_id, sectorId: a.sector_id, indicator: a.indicator_code, pcode: a.pcode, name: a.description }), a.id]));
    const orgOfActivity = new Map(activities.map((a) => [a.id, a.partner_org_id]));
    const reports = new Map((await repo.reports(db, plan.id)).map((r) => [`${r.activity_id}|${r.month}`, r]));
    const now = nowIso();
    const newActivities: Array<DB['activities']> = [];
    const newReports: Array<DB['reports']> = [];
    const toSubmit = new Set<string>();
    const checked = new Set<string>();
    const rowActivity: string[] = [];
    const rowReport: string[] = [];
    for (const [i, r] of rows.entries()) {
      const x = resolved[i];
      if (!x) continue;
      const key = activityKey({ orgId: x.orgId, sectorId: x.sector.id, indicator: x.indicator, pcode: x.pcode, name: r.activityName });
      let activityId = existing.get(key);
      const facts = activityFacts({ partner_org_id: x.orgId, sector_id: x.sector.id }, leads);
      if (!activityId) {
        activityId = newId();
        existing.set(key, activityId);
        if (!wholePlatform) await access.check(ctx, 'activity', 'create', { id: null, facts });
        newActivities.push({
          id: activityId, plan_id: plan.id, partner_org_id: x.orgId, sector_id: x.sector.id, indicator_code: x.indicator, pcode: x.pcode,
          counts_pin: types.counts(r.sector, r.indicator, r.month) ? 1 : 0, description: r.activityName, requirements_usd: 0, funding_usd: 0, created_at: now,
        });
      }
      const rk = `${activityId}|${r.month}`;
      let report = reports.get(rk);
      if (!checked.has(rk)) {
        checked.add(rk);
        if (!wholePlatform) await access.check(ctx, 'report', report ? 'update' : 'create', { id: report?.id ?? null, facts });
      }
      if (!report) {
        report = { id: newId(), activity_id: activityId, month: r.month, status: opts.submit ? 'submitted' : 'draft' };
        reports.set(rk, report);
        newReports.push({ ...report, reviewer_note: null, return_reason: null, updated_at: now, updated_by: ctx.actor.label, reviewed_at: null, reviewed_by: null });
      }
      rowActivity.push(activityId);
      rowReport.push(report.id);
    }

    // The file holds the truth for its countries' months — for the whole platform when a co-lead sends it, for
    // the sending partner's own organisations otherwise: rows it no longer has go, rows it has unchanged stay,
    // and another partner's rows are never touched by a partner's file.
    const keys = rowKeys(rows);
    const scope = new Set(rows.map((r) => `${r.country}\u0000${r.month}`));
    const senders = new Set(resolved.flatMap((x) => (x ? [x.orgId] : [])));
    const stored = (await repo.rowsIn(db, plan.id, [...new Set(rows.map((r) => r.country))]))
      .filter((s) => scope.has(`${s.country}\u0000${s.month}`) && (wholePlatform || senders.has(orgOfActivity.get(s.activity_id) ?? '')));
    const storedBy = new Map(stored.map((s) => [s.row_key, s]));
    const keep = new Set<string>();
    const inserts: R4vRowTable[] = [];
    const touchedReports = new Set<string>();
    rows.forEach((r, i) => {
      const key = keys[i] ?? '';
      const activity_id = rowActivity[i] ?? '';
      const report_id = rowReport[i] ?? '';
      const cur = storedBy.get(key);
      const cols = rowColumns(r);
      if (cur && cur.report_id === report_id && JSON.stringify(rowColumns(rowOf(cur))) === JSON.stringify(cols)) { keep.add(cur.id); return; }
      inserts.push({ id: newId(), plan_id: plan.id, activity_id, report_id, row_key: key, source_row: r.sourceRow, ...cols });
      touchedReports.add(report_id);
    });
    const deletes = stored.filter((s) => !keep.has(s.id));
    for (const d of deletes) touchedReports.add(d.report_id);
    const byId = new Map([...reports.values()].map((r) => [r.id, r]));
    for (const id of touchedReports) {
      const rep = byId.get(id);
      if (rep?.status === 'validated') {
        const row = rows[rowReport.indexOf(id)];
        problems.push({ file: opts.file, row: row?.sourceRow, column: 'Month', message: `the report for ${rep.month} is validated and can no longer change` });
      }
      if (opts.submit && rep && rep.status !== 'submitted' && rep.status !== 'validated' && !newReports.some((n) => n.id === id)) toSubmit.add(id);
    }
    if (problems.length) throw fail(problems);

    if (newActivities.length || newReports.length || inserts.length || deletes.length || toSubmit.size) {
      await deps.events.transaction(async (tx) => {
        await repo.insertActivities(tx.db, newActivities);
        await repo.insertReports(tx.db, newReports);
        await repo.setReportStatus(tx.db, [...toSubmit], 'submitted', ctx.actor.label, now);
        await repo.deleteRows(tx.db, deletes.map((d) => d.id));
        await repo.insertRows(tx.db, inserts);
        await access.audit.record(ctx, { action: 'create', resource: 'report', objectId: plan.id, outcome: 'allowed' }, tx.db);
      });
      deps.changed();
    }
    const hits: RowCheckHit[] = checkRows(rows, types.reference);
    const byCheck: Record<string, number> = {};
    for (const h of hits) byCheck[h.check] = (byCheck[h.check] ?? 0) + 1;
    return {
      file: opts.file, rows: rows.length, inserted: inserts.length, deleted: deletes.length, unchanged: keep.size,
      activitiesCreated: newActivities.length, reportsCreated: newReports.length, reportsSubmitted: toSubmit.size,
      checks: { rowsToReview: new Set(hits.map((h) => h.row)).size, byCheck },
    };
  }

  return { import5w };
}

export type R4vImport = ReturnType<typeof createR4vImport>;
