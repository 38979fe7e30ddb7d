import type { Kysely } from 'kysely';
import type { Scope } from '../access/index.js';
import type { Engine } from '../core/db.js';
import type { DB } from '../core/tables.js';
import type { ResettlementCaseTable, ResettlementStageTable } from './solutions.tables.js';

/** Queries on the case pipeline; no rule lives here. */
export const pipelineRepo = {
  byId: (db: Kysely<DB>, id: string) => db.selectFrom('resettlement_cases').selectAll().where('id', '=', id).executeTakeFirst(),
  history: (db: Kysely<DB>, id: string) => db.selectFrom('resettlement_stages').selectAll().where('case_id', '=', id).orderBy('entered_at').execute(),
  insert: async (db: Kysely<DB>, row: ResettlementCaseTable, first: ResettlementStageTable) => {
    await db.insertInto('resettlement_cases').values(row).execute();
    await db.insertInto('resettlement_stages').values(first).execute();
  },
  /** Closes the current stage; false when the case is no longer there (someone moved it first). */
  async leave(db: Kysely<DB>, c: { id: string; stage: string }, set: { left_at: string; days: number; outcome: string; moved_by: string; moved_org_id: string | null }) {
    const r = await db.updateTable('resettlement_stages').set(set).where('case_id', '=', c.id).where('stage', '=', c.stage).where('left_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  enter: (db: Kysely<DB>, row: ResettlementStageTable) => db.insertInto('resettlement_stages').values(row).execute(),
  updateCase: (db: Kysely<DB>, id: string, set: Partial<ResettlementCaseTable>) => db.updateTable('resettlement_cases').set(set).where('id', '=', id).execute(),
  /**
   * Applies a move to a stage's running figures, in the move's transaction: the row is locked first on
   * PostgreSQL (SQLite writes one transaction at a time), so that two moves never lose one another.
   */
  async bump(db: Kysely<DB>, engine: Engine, country: string, stage: string, change: { inStage: 1 | -1; enteredDay: number; leftAfterDays?: number; droppedFor?: string }) {
    await db.insertInto('resettlement_stage_stats').values({ receiving_iso3: country, stage, in_stage: 0, completed: 0, histogram: '[]', drop_outs: '{}', entered: '[]' })
      .onConflict((oc) => oc.columns(['receiving_iso3', 'stage']).doNothing()).execute();
    let q = db.selectFrom('resettlement_stage_stats').selectAll().where('receiving_iso3', '=', country).where('stage', '=', stage);
    if (engine === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    const histogram = JSON.parse(row.histogram) as number[];
    const drops = JSON.parse(row.drop_outs) as Record<string, number>;
    if (change.leftAfterDays !== undefined) {
      for (let d = histogram.length; d <= change.leftAfterDays; d++) histogram[d] = 0;
      histogram[change.leftAfterDays]! += 1;
    }
    if (change.droppedFor) drops[change.droppedFor] = (drops[change.droppedFor] ?? 0) + 1;
    // Pairs [day, cases], kept sorted by day; a day whose cases all left is removed.
    const pairs = JSON.parse(row.entered) as number[];
    const byDay = new Map<number, number>();
    for (let i = 0; i < pairs.length; i += 2) byDay.set(pairs[i]!, pairs[i + 1]!);
    const n = (byDay.get(change.enteredDay) ?? 0) + change.inStage;
    if (n > 0) byDay.set(change.enteredDay, n);
    else byDay.delete(change.enteredDay);
    const entered = [...byDay].sort((x, y) => x[0] - y[0]).flat();
    await db.updateTable('resettlement_stage_stats').set({
      in_stage: Number(row.in_stage) + change.inStage, completed: Number(row.completed) + (change.leftAfterDays !== undefined ? 1 : 0),
      histogram: JSON.stringify(histogram), drop_outs: JSON.stringify(drops), entered: JSON.stringify(entered),
    }).where('receiving_iso3', '=', country).where('stage', '=', stage).execute();
  },
  org: (db: Kysely<DB>, ref: string) => db.selectFrom('organisations').select(['id', 'slug', 'name', 'kind']).where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref.toLowerCase())])).executeTakeFirst(),
  erasePerson: (db: Kysely<DB>, personId: string) => db.updateTable('resettlement_cases').set({ person_id: null }).where('person_id', '=', personId).execute(),

  /** A page of the cases the actor's organisations hold, receive, or (IOM) work on; in SQL. */
  async page(db: Kysely<DB>, scope: Scope, iomId: string, filter: { stage?: string; status?: string }, limit: number, offset: number) {
    let q = db.selectFrom('resettlement_cases');
    if (!scope.all) {
      const own = scope.orgs.own_org.length ? scope.orgs.own_org : [''];
      const concerned = scope.orgs.concerned;
      if (!concerned.includes(iomId)) {
        q = q.where((eb) => eb.or([eb('org_id', 'in', own), eb('receiving_org_id', 'in', concerned.length ? concerned : [''])]));
      }
    }
    if (filter.stage) q = q.where('stage', '=', filter.stage);
    if (filter.status) q = q.where('status', '=', filter.status);
    const [items, n] = await Promise.all([
      q.selectAll().orderBy('stage_entered_at').orderBy('id').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(n.n) };
  },

  /** The running figures of every stage, by receiving country (one row each). */
  stats: (db: Kysely<DB>, country?: string) => {
    let q = db.selectFrom('resettlement_stage_stats').selectAll();
    if (country) q = q.where('receiving_iso3', '=', country);
    return q.execute();
  },
};
