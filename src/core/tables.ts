/**
 * The database's tables, for the query layer. Empty here: each module declares the tables it owns in its
 * `*.tables.ts` by declaration merging (`declare module '../core/tables.js' { interface DB { plans: PlanTable } }`).
 * Columns are portable between SQLite and PostgreSQL: ids and timestamps as text, flags as 0/1 integers,
 * JSON as text.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DB {}
