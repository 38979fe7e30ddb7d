import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck } from '../core/validate.js';
import type { AssertionDelegationTable } from './figures.tables.js';

export const NewDelegationBody = Type.Object({
  from: Type.String({ maxLength: 40, description: 'the organisation that delegates (e.g. unhcr)' }),
  to: Type.String({ maxLength: 40, description: 'the organisation that may then import figures in its name' }),
  note: Type.Optional(Type.String({ maxLength: 2000, description: 'the agreement or reason, e.g. the memorandum of understanding' })),
}, { additionalProperties: false });
const checkDelegation = inputCheck(NewDelegationBody, 'delegation');

/**
 * R1, authority from the account: an organisation asserts its own figures, and may let another assert in
 * its name (UNHCR to a State's asylum authority, say). A delegation is granted and revoked by the
 * delegator's administrator, audited, and public: anyone can see who may assert what for whom.
 */
export function createDelegationService(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'audit'>; accounts: Pick<AccountService, 'organisations'> }) {
  const { db, access } = deps;

  async function present(rows: AssertionDelegationTable[]) {
    const orgs = new Map((await deps.accounts.organisations()).map((o) => [o.id, o]));
    const org = (id: string) => ({ id, slug: orgs.get(id)?.slug ?? id, name: orgs.get(id)?.name ?? id });
    return rows.map((d) => ({
      id: d.id, from: org(d.delegator_org_id), to: org(d.delegate_org_id), note: d.note, createdAt: d.created_at, revokedAt: d.revoked_at,
      active: d.revoked_at === null,
    }));
  }

  async function orgBySlug(slug: string, field: string) {
    const org = (await deps.accounts.organisations()).find((o) => o.slug === slug.trim().toLowerCase());
    if (!org) throw new ValidationError('unknown organisation', [{ field, message: `no organisation "${slug}"` }]);
    return org;
  }

  return {
    /** Every delegation, active and revoked, newest first. */
    async list() {
      return present(await db.selectFrom('assertion_delegations').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
    },

    /** The organisations that delegated assertion to this one, now (their ids). */
    async delegatorsOf(orgId: string): Promise<string[]> {
      const rows = await db.selectFrom('assertion_delegations').select('delegator_org_id')
        .where('delegate_org_id', '=', orgId).where('revoked_at', 'is', null).execute();
      return rows.map((r) => r.delegator_org_id);
    },

    async grant(ctx: Ctx, raw: Static<typeof NewDelegationBody>) {
      const input = checkDelegation(raw);
      const from = await orgBySlug(input.from, 'from');
      await access.check(ctx, 'delegation', 'create', { facts: { orgIds: [from.id] } });
      const to = await orgBySlug(input.to, 'to');
      if (to.id === from.id) throw new ValidationError('an organisation asserts its own figures already', [{ field: 'to', message: 'another organisation than from' }]);
      const existing = await db.selectFrom('assertion_delegations').select('id').where('delegator_org_id', '=', from.id)
        .where('delegate_org_id', '=', to.id).where('revoked_at', 'is', null).executeTakeFirst();
      if (existing) throw new ConflictError(`${from.slug} already delegates to ${to.slug}`, [{ field: 'to', message: 'already delegated' }]);
      const row: AssertionDelegationTable = {
        id: newId(), delegator_org_id: from.id, delegate_org_id: to.id, note: input.note?.trim() ?? '', created_at: nowIso(), created_by: ctx.actor.label,
        revoked_at: null, revoked_by: null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('assertion_delegations').values(row).execute();
        await access.audit.record(ctx, { action: 'create', resource: 'delegation', objectId: row.id, outcome: 'allowed', concernedOrgs: [from.id, to.id] }, trx);
      });
      return (await present([row]))[0]!;
    },

    async revoke(ctx: Ctx, id: string) {
      const row = await db.selectFrom('assertion_delegations').selectAll().where('id', '=', id).executeTakeFirst();
      await access.check(ctx, 'delegation', 'delete', { id, facts: { orgIds: row ? [row.delegator_org_id] : [] } });
      if (!row) throw new NotFoundError('delegation');
      if (row.revoked_at) throw new ConflictError('this delegation is already revoked');
      const revoked = { ...row, revoked_at: nowIso(), revoked_by: ctx.actor.label };
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('assertion_delegations').set({ revoked_at: revoked.revoked_at, revoked_by: revoked.revoked_by }).where('id', '=', id).execute();
        await access.audit.record(ctx, { action: 'delete', resource: 'delegation', objectId: id, outcome: 'allowed', concernedOrgs: [row.delegator_org_id, row.delegate_org_id] }, trx);
      });
      return (await present([revoked]))[0]!;
    },
  };
}

export type DelegationService = ReturnType<typeof createDelegationService>;
