import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';

/**
 * The activities an actor may see, as a `where` clause (the policy's scope turned into SQL): its own
 * organisation's (own_org), and all of a platform or a sector its organisation co-leads (co_lead). A list
 * then reads and pages only those rows, so its cost does not grow with what other partners hold.
 */
export function visibleActivities(scope: Scope) {
  return (eb: ExpressionBuilder<DB, 'activities'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ors: Array<Expression<SqlBool>> = [];
    const own = scope.orgs.own_org;
    const coLead = scope.orgs.co_lead;
    if (own.length) ors.push(eb('activities.partner_org_id', 'in', own));
    if (coLead.length) {
      ors.push(eb.exists(eb.selectFrom('plans as scope_plan')
        .innerJoin('platform_orgs as scope_lead', 'scope_lead.platform_id', 'scope_plan.platform_id')
        .select(sql`1`.as('one'))
        .whereRef('scope_plan.id', '=', 'activities.plan_id')
        .where('scope_lead.role', '=', 'co_lead').where('scope_lead.org_id', 'in', coLead)));
      ors.push(eb.exists(eb.selectFrom('sector_leads as scope_sector')
        .select(sql`1`.as('one'))
        .whereRef('scope_sector.sector_id', '=', 'activities.sector_id')
        .where('scope_sector.org_id', 'in', coLead)));
    }
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}
