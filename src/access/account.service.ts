import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId, nowIso } from '../core/ids.js';
import type { Ctx } from '../core/actor.js';
import { ROLES, type Role } from '../core/permissions.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import type { Access } from './access.service.js';
import type { UserTable } from './access.tables.js';
import { NewMembershipBody, NewOrganisationBody, NewUser } from './access.schemas.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './secrets.js';

const checkNewUser = inputCheck(NewUser, 'account');
const checkMembership = inputCheck(Type.Composite([NewMembershipBody, Type.Object({ userId: Type.String({ maxLength: 100 }) })]), 'membership');
const checkOrganisation = inputCheck(NewOrganisationBody, 'organisation');

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  status: string;
  memberships: Array<{ id: string; orgId: string; orgSlug: string; role: Role }>;
  createdAt: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Accounts, organisations and memberships. Every call names its actor and is checked on the object;
 * every write is audited (with ids only: no email or name enters the audit log).
 */
export function createAccountService(deps: { db: Kysely<DB>; access: Access }) {
  const { db, access } = deps;

  async function membershipsOf(userIds: string[]) {
    if (userIds.length === 0) return [];
    return db.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select(['memberships.id', 'memberships.user_id', 'memberships.org_id', 'memberships.role', 'organisations.slug'])
      .where('memberships.user_id', 'in', userIds).orderBy('organisations.slug').orderBy('memberships.role').execute();
  }

  async function present(users: UserTable[]): Promise<UserView[]> {
    const ms = await membershipsOf(users.map((u) => u.id));
    return users.map((u) => ({
      id: u.id, email: u.email, displayName: u.display_name, status: u.status, createdAt: u.created_at,
      memberships: ms.filter((m) => m.user_id === u.id).map((m) => ({ id: m.id, orgId: m.org_id, orgSlug: m.slug, role: member(ROLES, m.role) })),
    }));
  }

  async function orgBySlugOrId(ref: string) {
    const org = await db.selectFrom('organisations').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)])).executeTakeFirst();
    if (!org) throw new ValidationError('unknown organisation', [{ field: 'organisation', message: `no organisation "${ref}"` }]);
    return org;
  }

  async function userFacts(userId: string) {
    const ms = await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).execute();
    return { userId, orgIds: ms.map((m) => m.org_id) };
  }

  return {
    async createUser(ctx: Ctx, raw: Static<typeof NewUser>): Promise<UserView> {
      await access.check(ctx, 'user', 'create');
      const input = checkNewUser(raw);
      const email = (input.email ?? '').trim().toLowerCase();
      const problems = [];
      if (!EMAIL.test(email)) problems.push({ field: 'email', message: 'must be an email address' });
      if (!(input.displayName ?? '').trim()) problems.push({ field: 'displayName', message: 'a name is required' });
      if (input.password != null && input.password.length < MIN_PASSWORD_LENGTH) {
        problems.push({ field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` });
      }
      if (problems.length) throw new ValidationError('the account is not valid', problems);
      if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) {
        throw new ConflictError('an account with this email already exists', [{ field: 'email', message: 'already in use' }]);
      }
      const now = nowIso();
      const row: UserTable = {
        id: newId(), email, display_name: input.displayName.trim(),
        password_hash: input.password ? await hashPassword(input.password) : null, status: 'active', created_at: now, updated_at: now,
      };
      await db.insertInto('users').values(row).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'user', objectId: row.id, outcome: 'allowed' });
      return (await present([row]))[0]!;
    },

    async setPassword(ctx: Ctx, userId: string, password: string): Promise<void> {
      await access.check(ctx, 'user', 'update', { id: userId, facts: await userFacts(userId) });
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw new ValidationError('the password is too short', [{ field: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }]);
      }
      await db.updateTable('users').set({ password_hash: await hashPassword(password), updated_at: nowIso() }).where('id', '=', userId).execute();
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await access.audit.record(ctx, { action: 'update', resource: 'user', objectId: userId, outcome: 'allowed' });
    },

    async getUser(ctx: Ctx, id: string): Promise<UserView> {
      const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      const facts = user ? await userFacts(user.id) : { userId: id, orgIds: [] };
      await access.check(ctx, 'user', 'read', { id, facts });
      if (!user) throw new NotFoundError('user');
      await access.audit.record(ctx, { action: 'read', resource: 'user', objectId: id, outcome: 'allowed', concernedOrgs: facts.orgIds });
      return (await present([user]))[0]!;
    },

    /** Accounts the actor may see: all for an administrator, their organisations' for a coordinator, else themselves. */
    async listUsers(ctx: Ctx): Promise<UserView[]> {
      const users = await db.selectFrom('users').selectAll().orderBy('email').execute();
      const visible: UserTable[] = [];
      for (const u of users) if (access.can(ctx, 'user', 'read', await userFacts(u.id))) visible.push(u);
      return present(visible);
    },

    async setStatus(ctx: Ctx, userId: string, status: 'active' | 'disabled'): Promise<UserView> {
      const facts = await userFacts(userId);
      await access.check(ctx, 'user', 'update', { id: userId, facts });
      const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!user) throw new NotFoundError('user');
      await db.updateTable('users').set({ status, updated_at: nowIso() }).where('id', '=', userId).execute();
      if (status === 'disabled') {
        await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
      }
      await access.audit.record(ctx, { action: 'update', resource: 'user', objectId: userId, outcome: 'allowed', concernedOrgs: facts.orgIds });
      return (await present([{ ...user, status }]))[0]!;
    },

    async findUserByEmail(email: string) {
      return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    },

    async addMembership(ctx: Ctx, raw: { userId: string; organisation: string; role: Role }) {
      const org = await orgBySlugOrId(raw.organisation);
      await access.check(ctx, 'membership', 'create', { facts: { orgIds: [org.id] } });
      const input = checkMembership(raw);
      // Roles that speak for one of the two agencies: its representatives and its Chiefs of Staff liaison.
      if ((input.role === 'agency_representative' || input.role === 'cos_liaison') && org.slug !== 'iom' && org.slug !== 'unhcr') {
        const who = input.role === 'agency_representative' ? 'agency representatives' : 'Chiefs of Staff liaisons';
        throw new ValidationError(`${who} belong to IOM or UNHCR`, [{ field: 'role', message: 'only IOM or UNHCR' }]);
      }
      const user = await db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
      if (!user) throw new NotFoundError('user');
      const existing = await db.selectFrom('memberships').select('id')
        .where('user_id', '=', input.userId).where('org_id', '=', org.id).where('role', '=', input.role).executeTakeFirst();
      if (existing) return { id: existing.id, orgId: org.id, orgSlug: org.slug, role: input.role };
      const id = newId();
      await db.insertInto('memberships').values({ id, user_id: input.userId, org_id: org.id, role: input.role, created_at: nowIso() }).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'membership', objectId: id, outcome: 'allowed', concernedOrgs: [org.id] });
      return { id, orgId: org.id, orgSlug: org.slug, role: input.role };
    },

    async removeMembership(ctx: Ctx, membershipId: string): Promise<void> {
      const m = await db.selectFrom('memberships').selectAll().where('id', '=', membershipId).executeTakeFirst();
      await access.check(ctx, 'membership', 'delete', { id: membershipId, facts: { orgIds: m ? [m.org_id] : [], userId: m?.user_id } });
      if (!m) throw new NotFoundError('membership');
      await db.deleteFrom('memberships').where('id', '=', membershipId).execute();
      await access.audit.record(ctx, { action: 'delete', resource: 'membership', objectId: membershipId, outcome: 'allowed', concernedOrgs: [m.org_id] });
    },

    async createOrganisation(ctx: Ctx, raw: Static<typeof NewOrganisationBody>) {
      await access.check(ctx, 'organisation', 'create');
      const input = checkOrganisation(raw);
      const problems = [];
      if (!/^[a-z0-9][a-z0-9-]{1,39}$/.test(input.slug)) problems.push({ field: 'slug', message: 'lowercase letters, digits and hyphens, 2 to 40' });
      if (!input.name.trim()) problems.push({ field: 'name', message: 'a name is required' });
      if (problems.length) throw new ValidationError('the organisation is not valid', problems);
      if (await db.selectFrom('organisations').select('id').where('slug', '=', input.slug).executeTakeFirst()) {
        throw new ConflictError(`an organisation "${input.slug}" already exists`, [{ field: 'slug', message: 'already in use' }]);
      }
      const row = {
        id: newId(), slug: input.slug, name: input.name.trim(), kind: input.kind,
        refugee_led: input.refugeeLed ? 1 : 0, migrant_led: input.migrantLed ? 1 : 0, created_at: nowIso(),
      };
      await db.insertInto('organisations').values(row).execute();
      await access.audit.record(ctx, { action: 'create', resource: 'organisation', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.id] });
      return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, refugeeLed: row.refugee_led === 1, migrantLed: row.migrant_led === 1 };
    },

    /** An active account's name and the organisations it is an agency representative of (none when disabled or absent). */
    async representative(userId: string): Promise<{ name: string; organisations: string[] }> {
      const user = await db.selectFrom('users').select(['display_name', 'status']).where('id', '=', userId).executeTakeFirst();
      if (!user || user.status !== 'active') return { name: '', organisations: [] };
      const rows = await db.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.org_id')
        .select('organisations.slug').where('memberships.user_id', '=', userId).where('memberships.role', '=', 'agency_representative').execute();
      return { name: user.display_name, organisations: rows.map((r) => r.slug) };
    },

    /** Every organisation, by short name: public. */
    async organisations() {
      const rows = await db.selectFrom('organisations').selectAll().orderBy('slug').execute();
      return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind, refugeeLed: r.refugee_led === 1, migrantLed: r.migrant_led === 1 }));
    },

    /** IOM's and UNHCR's organisation ids: the agencies whose information-management staff manage shared definitions. */
    async agencyOrgIds(): Promise<{ iom: string; unhcr: string }> {
      const rows = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', ['iom', 'unhcr']).execute();
      const find = (slug: string) => {
        const org = rows.find((r) => r.slug === slug);
        if (!org) throw new Error(`the built-in organisation ${slug} is missing`);
        return org.id;
      };
      return { iom: find('iom'), unhcr: find('unhcr') };
    },

    /** The organisation of this slug, or undefined. */
    async organisationBySlug(slug: string) {
      return db.selectFrom('organisations').selectAll().where('slug', '=', slug.trim().toLowerCase()).executeTakeFirst();
    },

    /** The members of an organisation, for that organisation's coordinators and the administrator. */
    async members(ctx: Ctx, orgRef: string): Promise<UserView[]> {
      const org = await db.selectFrom('organisations').selectAll().where((eb) => eb.or([eb('id', '=', orgRef), eb('slug', '=', orgRef)])).executeTakeFirst();
      await access.check(ctx, 'membership', 'read', { id: orgRef, facts: { orgIds: org ? [org.id] : [] } });
      if (!org) throw new NotFoundError('organisation');
      const ids = (await db.selectFrom('memberships').select('user_id').where('org_id', '=', org.id).execute()).map((m) => m.user_id);
      if (ids.length === 0) return [];
      return present(await db.selectFrom('users').selectAll().where('id', 'in', [...new Set(ids)]).orderBy('email').execute());
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
