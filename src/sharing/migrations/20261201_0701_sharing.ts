import { sql, type Kysely } from 'kysely';

/**
 * Data-sharing agreements, their parties and approvals, and the transfer register. The register is
 * append-only in the database itself: a trigger refuses every update and delete, on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sharing_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('kinds', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('document_ref', 'text', (c) => c.notNull())
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_by_org', 'text', (c) => c.references('organisations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sharing_parties')
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('sharing_agreements.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_role', 'text')
    .addColumn('approved_at', 'text')
    .addPrimaryKeyConstraint('sharing_parties_pk', ['agreement_id', 'org_id'])
    .execute();
  await db.schema.createIndex('sharing_parties_org').on('sharing_parties').columns(['org_id', 'agreement_id']).execute();

  await db.schema
    .createTable('sharing_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('to_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.references('sharing_agreements.id'))
    .addColumn('legal_basis', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('source_event', 'text')
    .addColumn('source_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('sharing_transfers_from').on('sharing_transfers').columns(['from_org_id', 'at']).execute();
  await db.schema.createIndex('sharing_transfers_to').on('sharing_transfers').columns(['to_org_id', 'at']).execute();
  await db.schema.createIndex('sharing_transfers_agreement').on('sharing_transfers').columns(['agreement_id', 'at']).execute();

  // PostgreSQL runs DDL in transactions and SQLite does not: that tells the engines apart here.
  if (db.getExecutor().adapter.supportsTransactionalDdl) {
    await sql`create function sharing_transfers_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the transfer register is append-only'; end $$`.execute(db);
    await sql`create trigger sharing_transfers_append_only before update or delete on sharing_transfers
      for each row execute function sharing_transfers_append_only()`.execute(db);
  } else {
    await sql`create trigger sharing_transfers_no_update before update on sharing_transfers
      begin select raise(abort, 'the transfer register is append-only'); end`.execute(db);
    await sql`create trigger sharing_transfers_no_delete before delete on sharing_transfers
      begin select raise(abort, 'the transfer register is append-only'); end`.execute(db);
  }
}
