import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { ConflictError, ImportError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId, nowIso } from '../core/ids.js';
import type { SerialQueue } from '../core/queue.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import { readMapped } from '../hxl/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { actingOrg } from './acting.js';
import { asImport } from './read-errors.js';
import type { MappingService } from './mapping.service.js';
import { movementsRepo as repo } from './movements.repo.js';
import { countKey, flowsOfRow, planFlows, weekStart, type FlowDraft } from './movements.rules.js';
import { NewPointBody } from './movements.schemas.js';
import type { MovementCountTable, MovementPointTable } from './movements.tables.js';

const require = createRequire(import.meta.url);
for (const lang of ['en', 'es', 'fr', 'pt']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/** How many refused cells an import lists (it counts them all). */
export const MAX_REPORTED_ERRORS = 100;

class NothingChanged extends Error {}

/** A country's ISO3 code from its code or its name in one of the common languages, when the vocabulary knows it. */
export function countryResolver(known: Set<string>): (text: string) => string | null {
  return (text) => {
    const t = text.trim();
    if (/^[A-Za-z]{3}$/.test(t)) return known.has(t.toUpperCase()) ? t.toUpperCase() : null;
    for (const lang of ['en', 'es', 'fr', 'pt']) {
      const code = countries.getSimpleAlpha3Code(t, lang);
      if (code && known.has(code)) return code;
    }
    return null;
  };
}

const checkPoint = inputCheck(NewPointBody, 'point');

/**
 * Flow monitoring's write side: points, and counts imported through a mapping, all or nothing. The same
 * file twice changes nothing; a count whose value changed is updated; the corridor totals of the months
 * and weeks touched are recomputed in the same transaction.
 */
export function createFlowService(deps: {
  db: Kysely<DB>; engine: Engine; events: EventBus; writes: SerialQueue; access: Pick<Access, 'check' | 'can' | 'scope' | 'audit'>;
  accounts: Pick<AccountService, 'organisations'>; vocabulary: Pick<VocabularyService, 'countryCodes'>; mappings: Pick<MappingService, 'resolve'>;
}) {
  const { db, access } = deps;

  /** Who imports, checked before a byte of an upload is read: counts and the points they may create. */
  async function precheck(ctx: Ctx, asOrg?: string) {
    const org = await actingOrg(deps, ctx, 'movement_count', 'create', asOrg);
    await access.check(ctx, 'movement_count', 'create', { facts: { orgIds: org.id ? [org.id] : [] } });
    await access.check(ctx, 'movement_point', 'create', { facts: { orgIds: org.id ? [org.id] : [] } });
    return org;
  }

  async function createPoint(ctx: Ctx, input: unknown) {
    const body = checkPoint(input);
    const org = await actingOrg(deps, ctx, 'movement_point', 'create', body.asOrg);
    await access.check(ctx, 'movement_point', 'create', { facts: { orgIds: org.id ? [org.id] : [] } });
    for (const f of ['code', 'name'] as const) if (!body[f].trim()) throw new ValidationError('the point is not valid', [{ field: f, message: 'must not be blank' }]);
    const country = body.country.toUpperCase();
    if (!(await deps.vocabulary.countryCodes()).has(country)) throw new ValidationError('unknown country', [{ field: 'country', message: `"${body.country}" is not a known ISO3 code` }]);
    return deps.events.transaction(async (tx) => {
      const taken = await tx.db.selectFrom('movement_points').select('id').where('org_id', '=', org.id).where('code', '=', body.code).executeTakeFirst();
      if (taken) throw new ConflictError('your organisation already has a point with this code', [{ field: 'code', message: `"${body.code}" is taken` }]);
      const row: MovementPointTable = {
        id: newId(), org_id: org.id, code: body.code, name: body.name, country, kind: body.kind, lat: body.lat ?? null, lon: body.lon ?? null,
        created_by: ctx.actor.label, created_at: nowIso(),
      };
      await tx.db.insertInto('movement_points').values(row).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'movement_point', objectId: row.id, outcome: 'allowed', concernedOrgs: [org.id] }, tx.db);
      await tx.emit('movements.point_created', { pointId: row.id, orgId: org.id, country, kind: row.kind });
      return presentPoint(row, org.slug);
    });
  }

  /** A file without a country column names points recorded beforehand: every point it names must be, else nothing is imported. */
  async function checkRecorded(orgId: string, file: string, column: string, drafts: Iterable<FlowDraft>) {
    const firstRow = new Map<string, number>();
    for (const d of drafts) if (d.point.country === '' && !firstRow.has(d.point.code)) firstRow.set(d.point.code, d.row);
    if (firstRow.size === 0) return;
    const recorded = await repo.pointsByCode(db, orgId, [...firstRow.keys()]);
    const missing = [...firstRow].filter(([code]) => !recorded.has(code)).sort((a, b) => a[1] - b[1]);
    if (missing.length === 0) return;
    throw new ImportError(`${file}: ${missing.length} monitoring point${missing.length === 1 ? ' is' : 's are'} not recorded; nothing was imported`, missing.slice(0, MAX_REPORTED_ERRORS).map(([code, row]) => ({
      file, row, column, message: `the point "${code}" is not recorded for your organisation: record it first (with its country), or map a column to #country+code`,
    })), missing.length);
  }

  /** Reads a file through a flows mapping, then writes its counts in one transaction, or nothing. */
  async function importFlows(ctx: Ctx, path: string, opts: { mapping: string; asOrg?: string; name?: string }) {
    const org = await precheck(ctx, opts.asOrg);
    const mapping = await deps.mappings.resolve(ctx, opts.mapping, org.id);
    if (mapping.target !== 'flows' || !mapping.flows) throw new ValidationError(`the mapping "${mapping.name}" imports ${mapping.target}, not flows`, [{ field: 'mapping', message: 'choose a flows mapping' }]);
    const grain = mapping.flows.period;
    const known = await deps.vocabulary.countryCodes();
    const table = await readMapped(path, mapping.read, { name: opts.name }).catch((e: unknown) => { throw asImport(e, opts.name ?? path); });
    const file = table.file;
    const { plan, errors: planErrors } = planFlows(table.columns);
    if (planErrors.length) throw new ImportError(`${file}: the mapping "${mapping.name}" does not give what flows need; nothing was imported`, planErrors.map((message) => ({ file, message })));

    const errors: ErrorDetail[] = [];
    let errorCount = 0;
    let rowsRead = 0;
    let several = 0;
    const drafts = new Map<string, FlowDraft>();
    const ctxRow = { file, grain, countryCode: countryResolver(known) };
    try {
      for await (const r of table.rows) {
        rowsRead++;
        const res = flowsOfRow(plan, r.values, r.row, ctxRow);
        if (res.several) several++;
        // A cell the mapping already refused is not refused again for being empty.
        const refused = new Set(r.errors.map((e) => e.column));
        const all = [...r.errors, ...res.errors.filter((e) => !refused.has(e.column))];
        for (const d of res.drafts) {
          const key = `${d.point.code}|${countKey('', d)}`;
          const prev = drafts.get(key);
          if (!prev) drafts.set(key, { ...d });
          else if (mapping.flows.sum) prev.value += d.value;
          else if (prev.value !== d.value) all.push({ file, row: r.row, message: `the same count as row ${prev.row} (point ${d.point.code}, ${d.periodStart}, ${d.direction}, ${d.sex}, ${d.age}) with a different value` });
        }
        errorCount += all.length;
        for (const e of all) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
      }
    } catch (e) {
      throw asImport(e, file);
    }
    if (errorCount > 0) throw new ImportError(`${file}: ${errorCount} error${errorCount === 1 ? '' : 's'}; nothing was imported`, errors, errorCount);
    if (rowsRead === 0) throw new ImportError(`${file}: no data rows below the headers; nothing was imported`, [{ file, message: 'no data rows' }]);

    await checkRecorded(org.id, file, plan.columns.find((c) => c.role === 'point_code')?.column ?? 'point', drafts.values());

    const counts = { rowsRead, inserted: 0, updated: 0, unchanged: 0, pointsCreated: 0 };
    const batchId = newId();
    const now = nowIso();
    const work = () => deps.events.transaction(async (tx) => {
      const q = tx.db;
      const points = await repo.pointsByCode(q, org.id, [...drafts.values()].map((d) => d.point.code));
      const fresh: MovementPointTable[] = [];
      for (const d of drafts.values()) {
        if (points.has(d.point.code)) continue;
        const p: MovementPointTable = { id: newId(), org_id: org.id, ...d.point, created_by: ctx.actor.label, created_at: now };
        points.set(p.code, p);
        fresh.push(p);
      }
      for (const p of fresh) await q.insertInto('movement_points').values(p).execute();
      counts.pointsCreated = fresh.length;
      const rows = [...drafts.values()].map((d): MovementCountTable => {
        const p = points.get(d.point.code)!;
        return {
          id: newId(), nkey: countKey(p.id, d), org_id: org.id, point_id: p.id, transit: p.country, grain: d.grain, period_start: d.periodStart,
          month: d.periodStart.slice(0, 7), week: d.grain === 'month' ? null : weekStart(d.periodStart), direction: d.direction, measure: d.measure,
          sex: d.sex, age: d.age, nationality: d.nationality, origin: d.origin, destination: d.destination, transport: d.transport, value: d.value,
          batch_id: batchId, source_row: d.row, updated_at: now,
        };
      });
      const merged = await repo.mergeCounts(q, deps.engine, rows);
      Object.assign(counts, { inserted: merged.inserted, updated: merged.updated, unchanged: merged.unchanged });
      if (counts.inserted + counts.updated === 0) throw new NothingChanged();
      await q.insertInto('movement_batches').values({
        id: batchId, org_id: org.id, mapping: mapping.name, file_name: file, file_sha256: table.sha256, rows_read: rowsRead,
        inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, actor: ctx.actor.label, finished_at: nowIso(),
      }).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'movement_count', objectId: batchId, outcome: 'allowed', concernedOrgs: [org.id] }, q);
      for (const p of fresh) await tx.emit('movements.point_created', { pointId: p.id, orgId: org.id, country: p.country, kind: p.kind });
      await tx.emit('movements.counts_imported', { batchId, orgId: org.id, inserted: counts.inserted, updated: counts.updated, months: merged.months });
    });
    let changed = true;
    try {
      await deps.writes.run(work);
    } catch (e) {
      if (!(e instanceof NothingChanged)) throw e;
      changed = false;
      counts.pointsCreated = 0;
    }
    const warnings = [...table.warnings];
    if (several) warnings.push(`${several} row${several === 1 ? '' : 's'} name several countries in one cell (an incident of people of several nationalities): counted under an unknown one`);
    return { target: 'flows', file, mapping: mapping.name, batchId: changed ? batchId : null, ...counts, warnings };
  }

  /** The points, with their coordinates, for a map: every signed-in account. */
  async function listPoints(ctx: Ctx, f: { country?: string; kind?: string; limit: number; offset: number }) {
    await access.check(ctx, 'movement_point', 'read');
    let q = db.selectFrom('movement_points').innerJoin('organisations', 'organisations.id', 'movement_points.org_id');
    if (f.country) q = q.where('movement_points.country', '=', f.country.toUpperCase());
    if (f.kind) q = q.where('movement_points.kind', '=', f.kind);
    const [rows, n] = await Promise.all([
      q.selectAll('movement_points').select('organisations.slug as agency').orderBy('movement_points.country').orderBy('movement_points.name').orderBy('movement_points.id')
        .limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => presentPoint(r, r.agency)), total: Number(n.n) };
  }

  return { precheck, createPoint, importFlows, listPoints };
}

const presentPoint = (p: MovementPointTable, agency: string) => ({
  id: p.id, code: p.code, name: p.name, country: p.country, kind: p.kind, lat: p.lat === null ? null : Number(p.lat), lon: p.lon === null ? null : Number(p.lon), agency,
});

export type FlowService = ReturnType<typeof createFlowService>;
