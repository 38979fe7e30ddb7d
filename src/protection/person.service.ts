import { sql, type Kysely } from 'kysely';
import type { Access, AccountService } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import type { Engine } from '../core/db.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { blindIndex } from './field-crypto.js';
import type { Keyring } from './keyring.service.js';
import { personRepo, type PersonRow, type ProfileRow } from './person.repo.js';
import { suggestPathways, type Profile, PATHWAY_RULES } from './profiling.rules.js';
import {
  LEGAL_BASES, NewPersonBody, PersonPatchBody, ProfileBody, PURPOSES, SearchBody, SEXES, type NewPerson, type PersonPatch, type PersonView, type ProfileView,
} from './protection.schemas.js';
import { personCipher, type CipherFactory, type PersonCipher } from './vault.js';

export interface ProtectionDeps {
  db: Kysely<DB>; engine: Engine; events: EventBus; keyring: Keyring; now: () => Date;
  /** The cipher of personal fields (by default AES-256-GCM under each person's key; see vault.ts). */
  cipher?: CipherFactory;
  access: Pick<Access, 'check' | 'allowed' | 'scope' | 'audit'>;
  accounts: Pick<AccountService, 'organisationBySlug'>;
}

const checkNew = inputCheck(NewPersonBody, 'person');
const checkPatch = inputCheck(PersonPatchBody, 'correction');
const checkSearch = inputCheck(SearchBody, 'search');
const checkProfile = inputCheck(ProfileBody, 'screening');

/** The personal columns of a person's row, and the API field each holds. */
const FIELDS = [['givenName', 'given_name'], ['familyName', 'family_name'], ['birthDate', 'birth_date'], ['sex', 'sex'], ['nationality', 'nationality'], ['contact', 'contact']] as const;

/**
 * People, their screenings, correction, erasure and retention. Every personal value is sealed before it
 * reaches the query layer and opened only for an actor the policy lets read it; the audit records ids only.
 */
export function createPersonService(deps: ProtectionDeps) {
  const repo = personRepo(deps.db);
  const { access, keyring } = deps;
  const cipherFor = deps.cipher ?? personCipher;
  const facts = (row: { org_id: string }) => ({ orgIds: [row.org_id] });
  const cipherOf = (row: { id: string; wrapped_key: string }) => cipherFor(keyring, row.id, row.wrapped_key);
  const nowIso = () => deps.now().toISOString();

  function present(ctx: Ctx, row: PersonRow, c: PersonCipher = cipherOf(row)): PersonView {
    const open = (col: string) => c.open(`people.${col}`, row.id, row[col as keyof PersonRow] as string | null);
    const sex = open('sex');
    const can = access.allowed(ctx, 'protection_person', ['update', 'delete'], facts(row));
    return {
      id: row.id, organisation: { slug: row.org_slug, name: row.org_name },
      givenName: open('given_name') ?? '', familyName: open('family_name') ?? '', birthDate: open('birth_date'),
      sex: sex === null ? null : member(SEXES, sex), nationality: open('nationality'), contact: open('contact'),
      purpose: member(PURPOSES, row.purpose), legalBasis: member(LEGAL_BASES, row.legal_basis), retainUntil: row.retain_until,
      synthetic: row.synthetic === 1, createdAt: row.created_at, updatedAt: row.updated_at,
      can: { ...can, refer: access.allowed(ctx, 'referral', ['create'], facts(row)).create },
    };
  }

  /** The row, once the actor may do `action` on it; hidden and absent answer alike. */
  async function load(ctx: Ctx, id: string, action: 'read' | 'update' | 'delete', q: Kysely<DB> = deps.db): Promise<PersonRow> {
    const row = await repo.byId(id, q);
    await access.check(ctx, 'protection_person', action, { id, facts: row ? facts(row) : {} });
    if (!row) throw new NotFoundError('person');
    return row;
  }

  /** The organisation a new record is held by: the one named, or the only one the actor handles cases for. */
  async function holder(ctx: Ctx, slug: string | undefined): Promise<string> {
    if (slug) {
      const org = await deps.accounts.organisationBySlug(slug);
      if (!org) throw new ValidationError('the person is not valid', [{ field: 'organisation', message: 'no organisation has this short name' }]);
      return org.id;
    }
    const own = access.scope(ctx, 'protection_person', 'create').orgs.own_org;
    if (own.length !== 1) throw new ValidationError('the person is not valid', [{ field: 'organisation', message: 'name the organisation that holds the record' }]);
    return own[0]!;
  }

  async function indexes(fields: { givenName: string; familyName: string; birthDate?: string | null }) {
    const key = await keyring.indexKey();
    return {
      name_index: blindIndex(key, 'name', `${fields.givenName}\u001f${fields.familyName}`),
      birth_index: fields.birthDate ? blindIndex(key, 'birth', fields.birthDate) : null,
    };
  }

  function presentProfile(row: ProfileRow, c: PersonCipher): ProfileView {
    const answers = JSON.parse(c.open('profiles.answers', row.id, row.answers) ?? '{}') as Profile;
    const result = JSON.parse(c.open('profiles.result', row.id, row.result) ?? '{}') as ReturnType<typeof suggestPathways>;
    return {
      id: row.id, personId: row.person_id, createdAt: row.created_at, rulesVersion: row.rules_version,
      answers: checkProfile(answers), possibleInternationalProtectionNeeds: result.possibleInternationalProtectionNeeds, suggestions: result.suggestions,
    };
  }

  async function erase(ctx: Ctx, row: { id: string; org_id: string }, reason: 'request' | 'retention') {
    // Deleted rows are overwritten in the SQLite file, and the write-ahead log is emptied afterwards, so that
    // no copy of the sealed values lingers in free pages.
    if (deps.engine === 'sqlite') await sql`pragma secure_delete = on`.execute(deps.db);
    const referrals = await deps.events.transaction(async (tx) => {
      const n = await repo.erase(row.id, tx.db);
      await access.audit.record(ctx, { action: 'delete', resource: 'protection_person', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
      await tx.emit('protection.person_erased', { personId: row.id, orgId: row.org_id, reason, referrals: n });
      return n;
    });
    keyring.forget(row.id);
    if (deps.engine === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(deps.db);
    return referrals;
  }

  return {
    present,
    presentProfile,
    load,

    /** Records a person; `synthetic` marks the demo's made-up people (not offered by the API). */
    async create(ctx: Ctx, input: NewPerson, opts: { synthetic?: boolean } = {}): Promise<PersonView> {
      const body = checkNew(input);
      const orgId = await holder(ctx, body.organisation);
      await access.check(ctx, 'protection_person', 'create', { facts: { orgIds: [orgId] } });
      const id = newId();
      const { key, wrapped } = keyring.newPersonKey(id);
      const c = cipherFor(keyring, id, wrapped, key);
      const at = nowIso();
      const sealed = Object.fromEntries(FIELDS.map(([f, col]) => [col, c.seal(`people.${col}`, id, body[f])])) as Record<(typeof FIELDS)[number][1], string | null>;
      // Computed before the transaction: the index key may have to be read or created on its own connection.
      const idx = await indexes(body);
      await deps.events.transaction(async (tx) => {
        await repo.insert({
          id, org_id: orgId, wrapped_key: wrapped, ...sealed, ...idx, purpose: body.purpose, legal_basis: body.legalBasis,
          retain_until: body.retainUntil, synthetic: opts.synthetic ? 1 : 0, created_at: at, created_by: ctx.actor.label, updated_at: at,
        }, tx.db);
        await access.audit.record(ctx, { action: 'create', resource: 'protection_person', objectId: id, outcome: 'allowed', concernedOrgs: [orgId] }, tx.db);
      });
      return present(ctx, (await repo.byId(id))!, c);
    },

    /** One person, for their holding organisation's case handlers; the read is audited. */
    async get(ctx: Ctx, id: string): Promise<PersonView> {
      const row = await load(ctx, id, 'read');
      await access.audit.record(ctx, { action: 'read', resource: 'protection_person', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] });
      return present(ctx, row);
    },

    /** Corrects personal fields (the right to rectification); audited by id, never by value. */
    async correct(ctx: Ctx, id: string, input: PersonPatch): Promise<PersonView> {
      const patch = checkPatch(input);
      const row = await load(ctx, id, 'update');
      const c = cipherOf(row);
      const set: Record<string, string | null> = {};
      for (const [f, col] of FIELDS) if (patch[f] !== undefined) set[col] = c.seal(`people.${col}`, id, patch[f]);
      const current = present(ctx, row, c);
      const names = { givenName: patch.givenName ?? current.givenName, familyName: patch.familyName ?? current.familyName, birthDate: patch.birthDate === undefined ? current.birthDate : patch.birthDate };
      const idx = await indexes(names);
      await deps.events.transaction(async (tx) => {
        await repo.update(id, { ...set, ...idx, ...(patch.retainUntil ? { retain_until: patch.retainUntil } : {}), updated_at: nowIso() }, tx.db);
        await access.audit.record(ctx, { action: 'update', resource: 'protection_person', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
      });
      return present(ctx, (await repo.byId(id))!, c);
    },

    /** Erases a person on request (the right to erasure), with every derived copy; audited by id. */
    async erase(ctx: Ctx, id: string) {
      const row = await load(ctx, id, 'delete');
      return { erased: true, referrals: await erase(ctx, row, 'request') };
    },

    /** Exact-match search among the people the actor may read, through the keyed hashes only. */
    async search(ctx: Ctx, input: unknown): Promise<PersonView[]> {
      const q = checkSearch(input);
      const scope = access.scope(ctx, 'protection_person', 'read');
      const idx = await indexes(q);
      const rows = await repo.byIndex(scope.all ? 'all' : scope.orgs.own_org, idx.name_index, idx.birth_index);
      await access.audit.record(ctx, { action: 'read', resource: 'protection_person', objectId: null, outcome: 'allowed', concernedOrgs: [...new Set(rows.map((r) => r.org_id))] });
      return rows.map((r) => present(ctx, r));
    },

    /** The people the actor's organisations hold, a page at a time, the latest first; the read is audited. */
    async list(ctx: Ctx, page: { limit: number; offset: number }): Promise<{ items: PersonView[]; total: number; limit: number; offset: number }> {
      const scope = access.scope(ctx, 'protection_person', 'read');
      const { rows, total } = await repo.page(scope.all ? 'all' : scope.orgs.own_org, page);
      await access.audit.record(ctx, { action: 'read', resource: 'protection_person', objectId: null, outcome: 'allowed', concernedOrgs: [...new Set(rows.map((r) => r.org_id))] });
      return { items: rows.map((r) => present(ctx, r)), total, ...page };
    },

    /** A person's screenings, the latest last (for their holder's case handlers). */
    async profiles(ctx: Ctx, id: string): Promise<ProfileView[]> {
      const row = await load(ctx, id, 'read');
      return (await repo.profilesOf(row.id)).map((p) => presentProfile(p, cipherOf(row)));
    },

    /** Screens a person and keeps the answers and the suggested pathways, sealed. */
    async profile(ctx: Ctx, personId: string, input: unknown): Promise<ProfileView> {
      const answers = checkProfile(input);
      const row = await load(ctx, personId, 'update');
      const result = suggestPathways(answers, PATHWAY_RULES);
      const id = newId();
      const c = cipherOf(row);
      const profile: ProfileRow = {
        id, person_id: personId, org_id: row.org_id, answers: c.seal('profiles.answers', id, JSON.stringify(answers))!,
        result: c.seal('profiles.result', id, JSON.stringify(result))!, rules_version: result.rulesVersion, created_at: nowIso(), created_by: ctx.actor.label,
      };
      await deps.events.transaction(async (tx) => {
        await repo.insertProfile(profile, tx.db);
        await access.audit.record(ctx, { action: 'create', resource: 'protection_profile', objectId: id, outcome: 'allowed', concernedOrgs: [row.org_id] }, tx.db);
      });
      return presentProfile(profile, c);
    },

    /** A person's screenings, opened (for their holder). */
    async profilesOf(row: PersonRow): Promise<ProfileView[]> {
      const c = cipherOf(row);
      return (await repo.profilesOf(row.id)).map((p) => presentProfile(p, c));
    },

    /** Erases every record whose retention ended before today, with its derived copies. */
    async runRetention(ctx: Ctx): Promise<{ erased: number }> {
      const today = nowIso().slice(0, 10);
      let erased = 0;
      for (;;) {
        const due = await repo.expired(today, 200);
        if (due.length === 0) break;
        for (const row of due) await erase(ctx, row, 'retention');
        erased += due.length;
      }
      return { erased };
    },
  };
}

export type PersonService = ReturnType<typeof createPersonService>;
