import type { Static } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { buildTable, publishedCells, suppress, TOTAL, type DisclosureSetting } from '../core/disclosure/index.js';
import { NotFoundError, ValidationError, type ErrorDetail } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { RecordCipher, RecordVault } from '../protection/index.js';
import type { VocabularyService } from '../vocabulary/index.js';
import { surveyRepo, type SurveyRow } from './survey.repo.js';
import { retentionOf } from './survey.rules.js';
import { NewSurveyBody, SurveyAggregateQuery, SurveyListQuery, type SurveyAggregate, type SurveyPage, type SurveyView } from './surveys.schemas.js';
import type { SurveyResponseTable } from './survey.tables.js';

const checkNew = inputCheck(NewSurveyBody, 'survey response');
const checkList = inputCheck(SurveyListQuery, 'list');
const checkAggregate = inputCheck(SurveyAggregateQuery, 'aggregate');

/** Every aggregate says what it counts. */
export const SURVEY_LABEL = 'Survey responses: people interviewed with their consent at monitoring points (a sample, not a count of flows; withdrawn responses are not counted)';
const NEEDS_LABEL = 'Needs named by people interviewed with their consent (one person may name several: mentions, not people)';

/** The sealed columns of a response and the API field each holds. */
const PERSONAL = [['name', 'name'], ['contact', 'contact'], ['birthDate', 'birth_date'], ['remarks', 'remarks']] as const;

export interface SurveyDeps {
  db: Kysely<DB>; engine: Engine; events: EventBus;
  access: Pick<Access, 'check' | 'allowed' | 'scope' | 'audit'>;
  vocabulary: Pick<VocabularyService, 'countryCodes'>;
  disclosure: Pick<DisclosureSetting, 'k'>;
  protectionVault: RecordVault;
  protectionNow: () => Date;
}

/**
 * Flow Monitoring Survey responses: recorded only with the person's consent, read individually only by the
 * point's operating organisation (its case handlers open the personal fields, its information-management
 * officers see the coded answers), published only as aggregates under disclosure control. Personal fields
 * are sealed under the response's own key; withdrawal and the end of retention destroy that key. The audit
 * records ids only.
 */
export function createSurveyService(deps: SurveyDeps) {
  const { db, access, protectionVault: vault } = deps;
  const repo = surveyRepo(db);
  const facts = (row: { org_id: string }) => ({ orgIds: [row.org_id] });
  const now = () => deps.protectionNow().toISOString();

  function present(ctx: Ctx, row: SurveyRow, needs: string[], c: RecordCipher | undefined): SurveyView {
    const can = access.allowed(ctx, 'survey_response', ['update'], facts(row));
    const readPersonal = access.allowed(ctx, 'survey_personal', ['read'], facts(row)).read;
    const withdrawn = row.consent_withdrawn_at !== null;
    const personal = readPersonal && !row.personal_erased_at && c
      ? Object.fromEntries(PERSONAL.map(([f, col]) => [f, c.open(`survey.${col}`, row.id, row[col])])) as { name: string | null; contact: string | null; birthDate: string | null; remarks: string | null }
      : null;
    return {
      id: row.id, point: { id: row.point_id, code: row.point_code, name: row.point_name, country: row.point_country },
      organisation: { slug: row.org_slug, name: row.org_name }, date: row.survey_date, status: withdrawn ? 'withdrawn' : 'consented',
      consent: { method: row.consent_method, givenAt: row.consent_given_at, withdrawnAt: row.consent_withdrawn_at },
      answers: withdrawn ? null : {
        sex: row.sex, ageBand: row.age_band, nationality: row.nationality, origin: row.origin, departure: row.departure, destination: row.destination,
        reason: row.reason, transport: row.transport, needs, withChildren: row.with_children === null ? null : row.with_children === 1,
      },
      personal, personalErased: row.personal_erased_at !== null, retainUntil: row.retain_until, synthetic: row.synthetic === 1, createdAt: row.created_at,
      can: { withdraw: can.update && !withdrawn, readPersonal },
    };
  }

  /** Presents rows, opening personal fields only where the actor may read them. */
  async function presentAll(ctx: Ctx, rows: SurveyRow[]): Promise<SurveyView[]> {
    const open = rows.filter((r) => !r.personal_erased_at && access.allowed(ctx, 'survey_personal', ['read'], facts(r)).read).map((r) => r.id);
    const [needs, ciphers] = await Promise.all([repo.needsOf(rows.map((r) => r.id)), vault.ciphers('survey', open)]);
    return rows.map((r) => present(ctx, r, needs.get(r.id) ?? [], ciphers.get(r.id)));
  }

  /** The row, once the actor may do `action` on it; hidden and absent answer alike (404). */
  async function load(ctx: Ctx, id: string, action: 'read' | 'update', q: Kysely<DB> = db): Promise<SurveyRow> {
    const row = await repo.byId(id, q);
    await access.check(ctx, 'survey_response', action, { id, facts: row ? facts(row) : {} });
    if (!row) throw new NotFoundError('survey response');
    return row;
  }

  /** Erases responses' personal fields and their keys, overwriting freed pages on SQLite as protection does. */
  async function erasing<T>(work: () => Promise<T>): Promise<T> {
    if (deps.engine === 'sqlite') await sql`pragma secure_delete = on`.execute(db);
    const out = await work();
    if (deps.engine === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    return out;
  }

  return {
    /** Records a consented response at a point, for the point's operating organisation; `synthetic` marks the demo's (not offered by the API). */
    async create(ctx: Ctx, input: unknown, opts: { synthetic?: boolean } = {}): Promise<SurveyView> {
      const body = checkNew(input);
      if (body.consent !== true) throw new ValidationError('nothing is recorded without consent', [{ field: 'consent', message: 'the person must agree to the interview' }]);
      const point = await repo.point(body.point);
      if (!point) throw new ValidationError('the survey response is not valid', [{ field: 'point', message: 'no monitoring point has this id' }]);
      await access.check(ctx, 'survey_response', 'create', { facts: { orgIds: [point.org_id] } });
      const details: ErrorDetail[] = [];
      const known = await deps.vocabulary.countryCodes();
      for (const f of ['nationality', 'origin', 'departure', 'destination'] as const) {
        const v = body[f];
        if (v !== undefined && !known.has(v.toUpperCase())) details.push({ field: f, message: `"${v}" is not a known ISO3 code` });
      }
      const retention = retentionOf(body.date, body.retainUntil);
      if ('error' in retention) details.push({ field: 'retainUntil', message: retention.error });
      if (body.birthDate && body.birthDate > body.date) details.push({ field: 'birthDate', message: 'must not be after the day of the interview' });
      if (body.needs.includes('none') && body.needs.length > 1) details.push({ field: 'needs', message: '"none" is not named with other needs' });
      if (details.length || 'error' in retention) throw new ValidationError('the survey response is not valid', details);

      const id = newId();
      const at = now();
      await deps.events.transaction(async (tx) => {
        const c = await vault.create('survey', id, tx.db);
        const row: SurveyResponseTable = {
          id, org_id: point.org_id, point_id: point.id, survey_date: body.date, month: body.date.slice(0, 7),
          consent_method: body.consentMethod, consent_given_at: at, consent_withdrawn_at: null,
          sex: body.sex, age_band: body.ageBand, nationality: body.nationality.toUpperCase(), origin: body.origin.toUpperCase(),
          departure: body.departure?.toUpperCase() ?? null, destination: body.destination.toUpperCase(), reason: body.reason, transport: body.transport,
          with_children: body.withChildren ? 1 : 0,
          name: c.seal('survey.name', id, body.name), contact: c.seal('survey.contact', id, body.contact),
          birth_date: c.seal('survey.birth_date', id, body.birthDate), remarks: c.seal('survey.remarks', id, body.remarks),
          retain_until: retention.retainUntil, personal_erased_at: null, synthetic: opts.synthetic ? 1 : 0,
          created_by: ctx.actor.label, created_at: at, updated_at: at,
        };
        await repo.insert(row, body.needs, tx.db);
        await access.audit.record(ctx, { action: 'create', resource: 'survey_response', objectId: id, outcome: 'allowed', concernedOrgs: [point.org_id] }, tx.db);
        await tx.emit('movements.survey_recorded', { responseId: id, orgId: point.org_id, pointId: point.id });
      });
      const [view] = await presentAll(ctx, [(await repo.byId(id))!]);
      return view!;
    },

    /** One response, for its organisation; the read is audited by id. */
    async get(ctx: Ctx, id: string): Promise<SurveyView> {
      const row = await load(ctx, id, 'read');
      await access.audit.record(ctx, { action: 'read', resource: 'survey_response', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] });
      const [view] = await presentAll(ctx, [row]);
      return view!;
    },

    /** The responses the actor's organisations hold, a page at a time, the latest first; authorized in SQL, audited. */
    async list(ctx: Ctx, input: unknown): Promise<Static<typeof SurveyPage>> {
      const q = checkList(input);
      const scope = access.scope(ctx, 'survey_response', 'read');
      const { rows, total } = await repo.page(scope.all ? 'all' : scope.orgs.own_org, { point: q.point }, q);
      await access.audit.record(ctx, { action: 'read', resource: 'survey_response', objectId: null, outcome: 'allowed', concernedOrgs: [...new Set(rows.map((r) => r.org_id))] });
      const record = access.scope(ctx, 'survey_response', 'create');
      return { items: await presentAll(ctx, rows), total, limit: q.limit, offset: q.offset, can: { record: record.all || record.orgs.own_org.length > 0 } };
    },

    /**
     * The person withdrew consent: every answer and personal field is erased at once, and the response's key
     * destroyed; the row says only that a response was withdrawn, and the aggregates no longer count it.
     */
    async withdraw(ctx: Ctx, id: string): Promise<SurveyView> {
      const row = await load(ctx, id, 'update');
      if (row.consent_withdrawn_at === null) {
        await erasing(() => deps.events.transaction(async (tx) => {
          await repo.withdraw(id, now(), tx.db);
          await vault.erase('survey', [id], tx.db);
          await access.audit.record(ctx, { action: 'update', resource: 'survey_response', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
          await tx.emit('movements.survey_consent_withdrawn', { responseId: id, orgId: row.org_id });
        }));
      }
      const [view] = await presentAll(ctx, [(await repo.byId(id))!]);
      return view!;
    },

    /** Erases the personal fields (and keys) of every response whose retention ended before today; the coded answers stay. */
    async runRetention(ctx: Ctx): Promise<{ erased: number }> {
      const today = now().slice(0, 10);
      let erased = 0;
      for (;;) {
        const due = await repo.expired(today, 200);
        if (due.length === 0) break;
        const ids = due.map((r) => r.id);
        await erasing(() => deps.events.transaction(async (tx) => {
          await repo.erasePersonal(ids, now(), tx.db);
          await vault.erase('survey', ids, tx.db);
          for (const r of due) await access.audit.record(ctx, { action: 'delete', resource: 'survey_personal', objectId: r.id, outcome: 'allowed', concernedOrgs: [r.org_id] }, tx.db);
        }));
        erased += due.length;
      }
      return { erased };
    },

    /** Counts of consented responses by month and one dimension, for every signed-in account; small cells suppressed. */
    async aggregates(ctx: Ctx, input: unknown): Promise<SurveyAggregate> {
      const q = checkAggregate(input);
      await access.check(ctx, 'survey_aggregate', 'read');
      const [rows, k] = await Promise.all([repo.aggregate(q.by, { point: q.point, from: q.from, to: q.to }), deps.disclosure.k()]);
      const label = q.by === 'needs' ? NEEDS_LABEL : SURVEY_LABEL;
      if (rows.length === 0) return { kind: 'survey', label, by: q.by, suppression: { k, suppressed: 0 }, months: [], categories: [], cells: [] };
      const table = buildTable(['month', 'category'], rows.map((r) => ({ key: [r.month, r.category], count: r.n })));
      const s = suppress(table, { k });
      const cells = [...publishedCells(table, s)].map((c) => ({
        month: c.key[0] === TOTAL ? null : c.key[0]!, category: c.key[1] === TOTAL ? null : c.key[1]!, value: c.value,
      }));
      return {
        kind: 'survey', label, by: q.by, suppression: { k, suppressed: cells.filter((c) => c.value === null).length },
        months: [...table.categories[0]!], categories: [...table.categories[1]!], cells,
      };
    },
  };
}

export type SurveyService = ReturnType<typeof createSurveyService>;
