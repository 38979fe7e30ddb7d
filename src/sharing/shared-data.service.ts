import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { agreementRepo } from './agreement.repo.js';
import { sharedDataRepo, type SharedCount } from './shared-data.repo.js';
import { placeOf } from './shared-data.rules.js';
import { agreementStatus, coverageProblem, GRANULARITIES, PARTY_ROLES, type Granularity, type SharedKind } from './sharing.rules.js';
import { SharedFiveWQuery } from './sharing.schemas.js';
import type { PolicyService } from '../coordination/index.js';
import { buildTable, publishedCells, suppress, suppressedKeys, TOTAL, type CountRow } from '../core/disclosure/index.js';
import type { TransferService } from './transfer.service.js';

const checkQuery = inputCheck(SharedFiveWQuery, 'shared data query');


/**
 * Where each kind is read from, what its second dimension is, which fields a read sends (what the agreement's
 * field list must name), and how its table is named in the release memory.
 */
const SOURCES: Record<SharedKind, {
  table: string; category: 'indicator' | 'pathway' | 'measure'; purpose: string;
  fields: (g: Granularity) => string[]; rows: (q: Kysely<DB>, providers: readonly string[], month: string) => Promise<SharedCount[]>;
}> = {
  '5w_reports': {
    table: '5w', category: 'indicator', purpose: '5W',
    fields: (g) => [g === 'individual' ? 'admin2' : g, 'indicator', 'reached'],
    rows: async (q, providers, month) => (await sharedDataRepo.fiveW(q, providers, month))
      .map((r) => ({ provider: r.partner_org_id, pcode: r.pcode, iso3: null, category: r.indicator_code, value: Number(r.reached) })),
  },
  referral_aggregates: {
    // Referrals carry no place finer than their country, whatever the agreement allows.
    table: 'referrals', category: 'pathway', purpose: 'Referrals sent in', fields: () => ['country', 'pathway', 'referrals'], rows: sharedDataRepo.referralAggregates,
  },
  flow_counts: {
    table: 'flows', category: 'measure', purpose: 'Flow counts of', fields: (g) => [g === 'individual' ? 'admin2' : g, 'measure', 'people'], rows: sharedDataRepo.flowCounts,
  },
};
const receives = (role: string) => role === 'recipient' || role === 'both';
const provides = (role: string) => role === 'provider' || role === 'both';

/**
 * Data read under an agreement (R6, the policy's `shared` relation): a receiving party's staff reads what an
 * agreement in force covers, coarsened on the server to the agreed granularity, under disclosure control, and
 * every read is registered as a transfer from each provider whose data it carried.
 */
export function createSharedDataService(deps: {
  db: Kysely<DB>; access: Pick<Access, 'check'>; transfers: Pick<TransferService, 'record'>; policies: Pick<PolicyService, 'inForce'>; now: () => Date;
}) {
  const { db, access, now } = deps;

  /**
   * Reads one kind of data an agreement shares, for one month: the providers' counts by place (at the agreed
   * granularity, or coarser where the data is) and category, with all margins, cells below k and what would
   * give them away hidden, and the cells an earlier release of the same table hid kept hidden. Every read
   * is registered as a transfer from each provider whose data it carried.
   */
  async function read(ctx: Ctx, id: string, kind: SharedKind, raw: { month: string }) {
    const input = checkQuery(raw);
    const source = SOURCES[kind];
    const a = await agreementRepo.byId(db, id);
    const parties = a ? await agreementRepo.partiesOf(db, [id]) : [];
    const status = a ? agreementStatus({ startsOn: a.starts_on, expiresOn: a.expires_on, approvals: parties.map((p) => p.approved_at) }, now()) : 'lapsed';
    const kinds = a ? (JSON.parse(a.kinds) as string[]) : [];
    // The `shared` relation holds for the recipients of an agreement in force that covers this kind, and for nobody else.
    const recipients = status === 'active' && kinds.includes(kind) ? parties.filter((p) => receives(p.role)).map((p) => p.org_id) : [];
    await access.check(ctx, 'shared_data', 'read', { id, facts: { sharedOrgIds: recipients } });
    if (!a) throw new NotFoundError('data shared under an agreement');
    const reader = ctx.actor.memberships.find((m) => recipients.includes(m.orgId))?.orgId ?? null;
    const granularity = member(GRANULARITIES, a.granularity);
    const fields = source.fields(granularity);
    const providers = parties.filter((p) => provides(p.role) && p.org_id !== reader).map((p) => p.org_id);
    const question = {
      status, kinds, fields: JSON.parse(a.fields) as string[], parties: parties.map((p) => ({ orgId: p.org_id, role: member(PARTY_ROLES, p.role) })),
    };
    for (const from of providers) {
      const problem = reader ? coverageProblem(question, { kind, fromOrgId: from, toOrgId: reader, fields }) : null;
      if (problem) throw new ConflictError(`the agreement does not cover this read: ${problem}`);
    }

    const counts = await source.rows(db, providers, input.month);
    const areas = await sharedDataRepo.areasWithAncestors(db, counts.flatMap((r) => (r.pcode === null ? [] : [r.pcode])));
    const rows: CountRow[] = [];
    const contributed = new Map<string, Set<string>>();
    for (const r of counts) {
      const area = placeOf(r, areas, granularity);
      if (area === null) continue;
      rows.push({ key: [area, r.category], count: r.value });
      const seen = contributed.get(r.provider) ?? new Set<string>();
      seen.add(`${area}|${r.category}`);
      contributed.set(r.provider, seen);
    }
    // The same table (this kind, these providers, this month, this granularity) keeps every cell an earlier release hid.
    const tableKey = `${source.table}|${granularity}|${input.month}|${[...providers].sort().join(',')}`;
    const table = rows.length === 0 ? null : buildTable(['area', source.category], rows);
    const previous = await sharedDataRepo.previousRelease(db, tableKey);
    const { disclosureK: k } = await deps.policies.inForce();
    const suppression = table ? suppress(table, { k, previous }) : null;
    const cells = table && suppression ? [...publishedCells(table, suppression)] : [];
    const transferIds = await db.transaction().execute(async (q) => {
      if (table && suppression) {
        // Cells of earlier releases this one lacks (a place with no data this time) are kept too.
        const kept = new Map([...previous, ...suppressedKeys(table, suppression)].map((k) => [JSON.stringify(k), k]));
        await sharedDataRepo.keepRelease(q, tableKey, [...kept.values()], now().toISOString());
      }
      const ids: string[] = [];
      if (reader === null) return ids;
      for (const [from, keys] of contributed) {
        ids.push(await deps.transfers.record(q, ctx, {
          kind, fromOrgId: from, toOrgId: reader, agreementId: id, rows: keys.size, fields, purpose: `${source.purpose} ${input.month} read under the agreement`,
        }));
      }
      return ids;
    });
    const code = (c: string) => (c === TOTAL ? null : c);
    return {
      agreement: { id, granularity }, kind, month: input.month, k, category: source.category,
      cells: cells.map((c) => ({ area: code(c.key[0]!), category: code(c.key[1]!), value: c.value, status: c.status })),
      transfers: transferIds,
    };
  }

  return {
    read,

    /** People reached in one month by the providers' validated 5W reports, by place and indicator (the first kind shared, kept in its own shape). */
    async fiveW(ctx: Ctx, id: string, raw: { month: string }) {
      const r = await read(ctx, id, '5w_reports', raw);
      return {
        agreement: r.agreement, month: r.month, k: r.k,
        cells: r.cells.map((c) => ({ area: c.area, indicator: c.category, reached: c.value, status: c.status })),
        transfers: r.transfers,
      };
    },
  };
}

export type SharedDataService = ReturnType<typeof createSharedDataService>;
