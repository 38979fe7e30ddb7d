import type { Kysely, Selectable } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type {
  AvrrAssistanceTable, AvrrCaseTable, ReturnDeclarationTable, ReturnMonitoringTable, ReturnMovementTable, ReturnOperationTable, ReturnSafeguardTable,
} from './solutions.tables.js';

export type ReturnRow = Selectable<ReturnOperationTable>;

/** Queries on return operations and what hangs from them; no rule lives here. */
export const returnsRepo = {
  byId: (db: Kysely<DB>, id: string) => db.selectFrom('return_operations').selectAll().where('id', '=', id).executeTakeFirst(),
  insert: async (db: Kysely<DB>, row: ReturnOperationTable, caseload: Array<{ pop_type: string; people: number }>) => {
    await db.insertInto('return_operations').values(row).execute();
    if (caseload.length) await db.insertInto('return_caseloads').values(caseload.map((c) => ({ operation_id: row.id, ...c }))).execute();
  },
  update: (db: Kysely<DB>, id: string, set: Partial<ReturnOperationTable>) => db.updateTable('return_operations').set(set).where('id', '=', id).execute(),
  /** Moves the operation on only if it is still in `from`: false when another request moved it first. */
  async transition(db: Kysely<DB>, id: string, from: readonly string[], set: Partial<ReturnOperationTable>): Promise<boolean> {
    const r = await db.updateTable('return_operations').set(set).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  caseload: (db: Kysely<DB>, id: string) => db.selectFrom('return_caseloads').select(['pop_type', 'people']).where('operation_id', '=', id).orderBy('pop_type').execute(),
  safeguards: (db: Kysely<DB>, id: string) => db.selectFrom('return_safeguards').selectAll().where('operation_id', '=', id).execute(),
  upsertSafeguard: (db: Kysely<DB>, row: ReturnSafeguardTable) => db.insertInto('return_safeguards').values(row)
    .onConflict((oc) => oc.columns(['operation_id', 'safeguard']).doUpdateSet({
      evidence: row.evidence, framework_kind: row.framework_kind, framework_parties: row.framework_parties, framework_signed_on: row.framework_signed_on,
      framework_document: row.framework_document, staying: row.staying, verified_by: row.verified_by, verified_org_id: row.verified_org_id, verified_at: row.verified_at,
    })).execute(),
  declarations: (db: Kysely<DB>, id: string): Promise<Array<Selectable<ReturnDeclarationTable>>> =>
    db.selectFrom('return_declarations').selectAll().where('operation_id', '=', id).orderBy('reference').execute(),
  declarationRefs: (db: Kysely<DB>, id: string, refs: readonly string[]) =>
    db.selectFrom('return_declarations').select(['id', 'reference', 'withdrawn_at', 'departed_movement_id']).where('operation_id', '=', id).where('reference', 'in', refs.length ? [...refs] : ['']).execute(),
  insertDeclarations: async (db: Kysely<DB>, rows: ReturnDeclarationTable[]) => {
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('return_declarations').values(rows.slice(i, i + 500)).execute();
  },
  withdraw: (db: Kysely<DB>, id: string, at: string, by: string) => db.updateTable('return_declarations').set({ withdrawn_at: at, withdrawn_by: by }).where('id', '=', id).execute(),
  markDeparted: (db: Kysely<DB>, ids: readonly string[], movementId: string) =>
    db.updateTable('return_declarations').set({ departed_movement_id: movementId }).where('id', 'in', ids.length ? [...ids] : ['']).execute(),
  objections: (db: Kysely<DB>, id: string) => db.selectFrom('return_objections').innerJoin('organisations', 'organisations.id', 'return_objections.org_id')
    .select(['return_objections.id', 'return_objections.org_id', 'return_objections.reason', 'return_objections.raised_at', 'organisations.slug'])
    .where('operation_id', '=', id).orderBy('raised_at').execute(),
  insertObjection: (db: Kysely<DB>, row: { id: string; operation_id: string; org_id: string; reason: string; raised_by: string; raised_at: string }) =>
    db.insertInto('return_objections').values(row).execute(),
  movements: (db: Kysely<DB>, id: string): Promise<Array<Selectable<ReturnMovementTable>>> =>
    db.selectFrom('return_movements').selectAll().where('operation_id', '=', id).orderBy('departed_on').orderBy('id').execute(),
  insertMovement: (db: Kysely<DB>, row: ReturnMovementTable) => db.insertInto('return_movements').values(row).execute(),
  monitoring: (db: Kysely<DB>, id: string): Promise<Array<Selectable<ReturnMonitoringTable>>> =>
    db.selectFrom('return_monitoring').selectAll().where('operation_id', '=', id).orderBy('visited_on').execute(),
  insertMonitoring: (db: Kysely<DB>, row: ReturnMonitoringTable) => db.insertInto('return_monitoring').values(row).execute(),
  orgs: (db: Kysely<DB>, ids: readonly string[]) => db.selectFrom('organisations').select(['id', 'slug', 'name', 'kind']).where('id', 'in', ids.length ? [...ids] : ['']).execute(),
  country: (db: Kysely<DB>, iso3: string) => db.selectFrom('countries').select('iso3').where('iso3', '=', iso3).executeTakeFirst(),

  /** A page of the operations the scope lets through (led by or supported by the actor's organisations), newest first. */
  async page(db: Kysely<DB>, scope: Scope, filter: { status?: string }, limit: number, offset: number) {
    let q = db.selectFrom('return_operations');
    if (!scope.all) {
      const lead = scope.orgs.own_org.length ? scope.orgs.own_org : [''];
      const support = scope.orgs.concerned.length ? scope.orgs.concerned : [''];
      q = q.where((eb) => eb.or([eb('lead_org_id', 'in', lead), eb('support_org_id', 'in', support)]));
    }
    if (filter.status) q = q.where('status', '=', filter.status);
    const [items, n] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(n.n) };
  },

  avrrCases: (db: Kysely<DB>, operationId: string): Promise<Array<Selectable<AvrrCaseTable>>> =>
    db.selectFrom('avrr_cases').selectAll().where('operation_id', '=', operationId).orderBy('reference').execute(),
  avrrCase: (db: Kysely<DB>, id: string) => db.selectFrom('avrr_cases').selectAll().where('id', '=', id).executeTakeFirst(),
  insertAvrrCase: (db: Kysely<DB>, row: AvrrCaseTable) => db.insertInto('avrr_cases').values(row).execute(),
  assistance: (db: Kysely<DB>, caseIds: readonly string[]): Promise<Array<Selectable<AvrrAssistanceTable>>> =>
    db.selectFrom('avrr_assistance').selectAll().where('case_id', 'in', caseIds.length ? [...caseIds] : ['']).orderBy('planned_on').orderBy('id').execute(),
  insertAssistance: (db: Kysely<DB>, row: AvrrAssistanceTable) => db.insertInto('avrr_assistance').values(row).execute(),
};
