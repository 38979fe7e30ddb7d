import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import { actorOrg, type Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { agreementRepo } from './agreement.repo.js';
import { presentTransfer, type Org } from './sharing.presenter.js';
import { agreementStatus, coverageProblem, PARTY_ROLES, TRANSFER_KINDS, type LegalBasis, type TransferKind } from './sharing.rules.js';
import { NewTransferBody, TransferListQuery } from './sharing.schemas.js';
import type { SharingTransferTable } from './sharing.tables.js';
import { transferRepo, visibleTransfers } from './transfer.repo.js';

const checkNew = inputCheck(NewTransferBody, 'transfer');
const checkList = inputCheck(TransferListQuery, 'list of transfers');

/** A transfer as another module (or a subscriber) registers it, by organisation id. */
export interface TransferRecord {
  kind: TransferKind;
  fromOrgId: string;
  /** null: the joint platform itself. */
  toOrgId: string | null;
  agreementId?: string | null;
  legalBasis?: LegalBasis | null;
  rows: number;
  fields: readonly string[];
  purpose?: string | null;
  /** The domain event that caused it and a key that makes registering one cause twice impossible. */
  source?: { event: string; key: string };
}

/**
 * The transfer register (R6: every transfer is registered): append-only, each entry also in the keyed
 * audit chain, written in the transaction of the change that moved the data. Each party reads its own.
 */
export function createTransferService(deps: { db: Kysely<DB>; access: Pick<Access, 'check' | 'scope' | 'audit'>; now: () => Date }) {
  const { db, access, now } = deps;

  async function names(q: Kysely<DB>, rows: readonly SharingTransferTable[]) {
    const ids = [...new Set(rows.flatMap((r) => [r.from_org_id, ...(r.to_org_id ? [r.to_org_id] : [])]))];
    return new Map((await agreementRepo.orgsByIds(q, ids)).map((o): [string, Org] => [o.id, o]));
  }

  /**
   * Registers a transfer inside the caller's transaction `q`: under an active agreement that covers it, or
   * on a stated legal basis. Returns the entry's id (the existing one when its source was registered before).
   */
  async function record(q: Kysely<DB>, ctx: Ctx, t: TransferRecord): Promise<string> {
    if (t.source) {
      const seen = await transferRepo.bySourceKey(q, t.source.key);
      if (seen) return seen.id;
    }
    if (!t.agreementId && !t.legalBasis) throw new ValidationError('a transfer goes out under an agreement or on a legal basis', [{ field: 'agreement', message: 'name an agreement or a legal basis' }]);
    if (t.agreementId) {
      const a = await agreementRepo.byId(q, t.agreementId);
      if (!a) throw new ValidationError('no such agreement', [{ field: 'agreement', message: 'not found' }]);
      const parties = await agreementRepo.partiesOf(q, [a.id]);
      const problem = coverageProblem({
        status: agreementStatus({ startsOn: a.starts_on, expiresOn: a.expires_on, approvals: parties.map((p) => p.approved_at) }, now()),
        kinds: JSON.parse(a.kinds) as string[], fields: JSON.parse(a.fields) as string[],
        parties: parties.map((p) => ({ orgId: p.org_id, role: member(PARTY_ROLES, p.role) })),
      }, { kind: t.kind, fromOrgId: t.fromOrgId, toOrgId: t.toOrgId, fields: t.fields });
      if (problem) throw new ConflictError(`the agreement does not cover this transfer: ${problem}`);
    }
    const row: SharingTransferTable = {
      id: newId(), at: now().toISOString(), actor: ctx.actor.label, from_org_id: t.fromOrgId, to_org_id: t.toOrgId, kind: t.kind,
      agreement_id: t.agreementId ?? null, legal_basis: t.legalBasis ?? null, rows: t.rows, fields: JSON.stringify([...new Set(t.fields)]),
      purpose: t.purpose ?? null, source_event: t.source?.event ?? null, source_key: t.source?.key ?? null,
    };
    await transferRepo.insert(q, row);
    await access.audit.record(ctx, {
      action: 'create', resource: 'transfer', objectId: row.id, outcome: 'allowed', concernedOrgs: [row.from_org_id, ...(row.to_org_id ? [row.to_org_id] : [])],
    }, q);
    return row.id;
  }

  /** One transfer, for the organisations it concerns. */
  async function get(ctx: Ctx, id: string) {
    const row = await db.selectFrom('sharing_transfers').selectAll().where('id', '=', id).executeTakeFirst();
    await access.check(ctx, 'transfer', 'read', { id, facts: { concernedOrgIds: row ? [row.from_org_id, ...(row.to_org_id ? [row.to_org_id] : [])] : [] } });
    if (!row) throw new NotFoundError('transfer');
    return presentTransfer(row, await names(db, [row]));
  }

  return {
    record,
    get,

    /** An officer of the sending organisation registers a transfer made outside Tandem (a file sent by hand). */
    async register(ctx: Ctx, raw: unknown) {
      const input = checkNew(raw);
      const slugs = [input.from, input.to].filter((s): s is string => !!s).map((s) => s.trim().toLowerCase());
      const orgs = await agreementRepo.orgsBySlugs(db, slugs);
      const bySlug = (s: string | undefined) => (s ? orgs.find((o) => o.slug === s.trim().toLowerCase()) : undefined);
      const fromOrgId = input.from ? bySlug(input.from)?.id : actorOrg(ctx.actor) ?? undefined;
      if (!fromOrgId) throw new ValidationError('say which organisation sent it', [{ field: 'from', message: input.from ? `no organisation "${input.from}"` : 'required' }]);
      await access.check(ctx, 'transfer', 'create', { facts: { orgIds: [fromOrgId] } });
      const to = input.to ? bySlug(input.to) : undefined;
      if (input.to && !to) throw new ValidationError('unknown organisation', [{ field: 'to', message: `no organisation "${input.to}"` }]);
      if (input.kind === 'referral') throw new ValidationError('a referral is registered when it is sent, by the protection module', [{ field: 'kind', message: 'not by hand' }]);
      const id = await db.transaction().execute((q) => record(q, ctx, {
        kind: input.kind, fromOrgId, toOrgId: to?.id ?? null, agreementId: input.agreement ?? null, legalBasis: input.legalBasis ?? null,
        rows: input.rows, fields: input.fields, purpose: input.purpose?.trim() || null,
      }));
      return get(ctx, id);
    },

    /** The transfers the actor's organisations sent or received, newest first. */
    async list(ctx: Ctx, raw: { kind?: string; direction?: string; limit: number; offset: number }) {
      const orgIds = ctx.actor.memberships.map((m) => m.orgId);
      await access.check(ctx, 'transfer', 'read', { facts: { concernedOrgIds: orgIds } });
      const f = checkList(raw);
      const scope = access.scope(ctx, 'transfer', 'read');
      const page = await transferRepo.page(db, visibleTransfers(scope), { kind: f.kind, direction: f.direction, orgIds: scope.orgs.concerned }, f.limit, f.offset);
      const orgs = await names(db, page.items);
      return { items: page.items.map((r) => presentTransfer(r, orgs)), total: page.total, limit: f.limit, offset: f.offset };
    },

    /** What went out under one agreement (the caller checked the agreement may be read). */
    async ofAgreement(agreementId: string, limit: number) {
      const r = await transferRepo.ofAgreement(db, agreementId, limit);
      const orgs = await names(db, r.latest);
      const recipients = new Map((await agreementRepo.orgsByIds(db, r.byRecipient.flatMap((x) => (x.to_org_id ? [x.to_org_id] : [])))).map((o) => [o.id, o]));
      const n = (v: number | string | null) => Number(v ?? 0);
      return {
        totals: { transfers: r.byKind.reduce((s, x) => s + n(x.transfers), 0), rows: r.byKind.reduce((s, x) => s + n(x.rows), 0) },
        byKind: r.byKind.map((x) => ({ kind: member(TRANSFER_KINDS, x.kind), transfers: n(x.transfers), rows: n(x.rows) })),
        byRecipient: r.byRecipient.map((x) => {
          const o = x.to_org_id ? recipients.get(x.to_org_id) : undefined;
          return { organisation: o ? { slug: o.slug, name: o.name } : null, transfers: n(x.transfers), rows: n(x.rows) };
        }),
        items: r.latest.map((row) => presentTransfer(row, orgs)),
      };
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
