import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import type { SharingTransferTable } from './sharing.tables.js';

type Q = Kysely<DB>;

/** The transfers an actor may read, as a `where` clause: those its organisations sent or received (concerned), or all. */
export function visibleTransfers(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'sharing_transfers'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const orgs = scope.orgs.concerned;
    if (orgs.length === 0) return sql<SqlBool>`1 = 0`;
    return eb.or([eb('sharing_transfers.from_org_id', 'in', orgs), eb('sharing_transfers.to_org_id', 'in', orgs)]);
  };
}

export interface TransferFilter { kind?: string; direction?: 'in' | 'out'; orgIds: readonly string[] }

/** Only inserts and reads: the register is append-only (the database refuses updates and deletes too). */
export const transferRepo = {
  insert: (q: Q, row: SharingTransferTable) => q.insertInto('sharing_transfers').values(row).execute(),

  bySourceKey: (q: Q, key: string) => q.selectFrom('sharing_transfers').select('id').where('source_key', '=', key).executeTakeFirst(),

  /** A page of the transfers the scope lets through, newest first. */
  page: async (q: Q, visible: ReturnType<typeof visibleTransfers>, f: TransferFilter, limit: number, offset: number) => {
    let base = q.selectFrom('sharing_transfers').where(visible);
    if (f.kind) base = base.where('kind', '=', f.kind);
    if (f.direction && f.orgIds.length) base = base.where(f.direction === 'out' ? 'from_org_id' : 'to_org_id', 'in', [...f.orgIds]);
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },

  /** What went out under one agreement: totals by kind and by recipient, and the latest transfers. */
  ofAgreement: async (q: Q, agreementId: string, limit: number) => {
    const base = q.selectFrom('sharing_transfers').where('agreement_id', '=', agreementId);
    const tally = (eb: ExpressionBuilder<DB, 'sharing_transfers'>) => [
      eb.fn.countAll<number | string>().as('transfers'), eb.fn.sum<number | string | null>('rows').as('rows'),
    ] as const;
    const [byKind, byRecipient, latest] = await Promise.all([
      base.select((eb) => ['kind', ...tally(eb)]).groupBy('kind').orderBy('kind').execute(),
      base.select((eb) => ['to_org_id', ...tally(eb)]).groupBy('to_org_id').orderBy('to_org_id').execute(),
      base.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
    ]);
    return { byKind, byRecipient, latest };
  },
};
