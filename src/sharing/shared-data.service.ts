import type { Kysely } from 'kysely';
import type { Access } from '../access/index.js';
import type { Ctx } from '../core/actor.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { DB } from '../core/tables.js';
import { inputCheck, member } from '../core/validate.js';
import { agreementRepo } from './agreement.repo.js';
import { sharedDataRepo } from './shared-data.repo.js';
import { coarsen } from './shared-data.rules.js';
import { agreementStatus, coverageProblem, GRANULARITIES, PARTY_ROLES } from './sharing.rules.js';
import { SharedFiveWQuery } from './sharing.schemas.js';
import type { PolicyService } from '../coordination/index.js';
import { buildTable, publishedCells, suppress, suppressedKeys, TOTAL, type CountRow } from '../core/disclosure/index.js';
import type { TransferService } from './transfer.service.js';

const checkQuery = inputCheck(SharedFiveWQuery, 'shared 5W query');
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

  return {
    /**
     * People reached by the providers' validated 5W reports in one month, by place (at the agreed
     * granularity) and indicator, with all margins; cells below k and their complements suppressed.
     */
    async fiveW(ctx: Ctx, id: string, raw: { month: string }) {
      const input = checkQuery(raw);
      const a = await agreementRepo.byId(db, id);
      const parties = a ? await agreementRepo.partiesOf(db, [id]) : [];
      const status = a ? agreementStatus({ startsOn: a.starts_on, expiresOn: a.expires_on, approvals: parties.map((p) => p.approved_at) }, now()) : 'lapsed';
      const kinds = a ? (JSON.parse(a.kinds) as string[]) : [];
      // The `shared` relation holds for the recipients of an agreement in force that covers 5W reports, and for nobody else.
      const recipients = status === 'active' && kinds.includes('5w_reports') ? parties.filter((p) => receives(p.role)).map((p) => p.org_id) : [];
      await access.check(ctx, 'shared_data', 'read', { id, facts: { sharedOrgIds: recipients } });
      if (!a) throw new NotFoundError('data shared under an agreement');
      const reader = ctx.actor.memberships.find((m) => recipients.includes(m.orgId))?.orgId ?? null;
      const granularity = member(GRANULARITIES, a.granularity);
      const fields = [granularity === 'individual' ? 'admin2' : granularity, 'indicator', 'reached'];
      const providers = parties.filter((p) => provides(p.role) && p.org_id !== reader).map((p) => p.org_id);
      const question = {
        status, kinds, fields: JSON.parse(a.fields) as string[], parties: parties.map((p) => ({ orgId: p.org_id, role: member(PARTY_ROLES, p.role) })),
      };
      for (const from of providers) {
        const problem = reader ? coverageProblem(question, { kind: '5w_reports', fromOrgId: from, toOrgId: reader, fields }) : null;
        if (problem) throw new ConflictError(`the agreement does not cover this read: ${problem}`);
      }

      const sums = await sharedDataRepo.fiveW(db, providers, input.month);
      const areas = await sharedDataRepo.areasWithAncestors(db, sums.map((r) => r.pcode));
      const rows: CountRow[] = [];
      const contributed = new Map<string, Set<string>>();
      for (const r of sums) {
        const area = coarsen(r.pcode, areas, granularity);
        if (area === null) continue;
        rows.push({ key: [area, r.indicator_code], count: Number(r.reached) });
        const seen = contributed.get(r.partner_org_id) ?? new Set<string>();
        seen.add(`${area}|${r.indicator_code}`);
        contributed.set(r.partner_org_id, seen);
      }
      // The same table (these providers' 5W, this month, this granularity) keeps every cell an earlier release hid.
      const tableKey = `5w|${granularity}|${input.month}|${[...providers].sort().join(',')}`;
      const table = rows.length === 0 ? null : buildTable(['area', 'indicator'], rows);
      const previous = await sharedDataRepo.previousRelease(db, tableKey);
      const { disclosureK: k } = await deps.policies.inForce();
      const suppression = table ? suppress(table, { k, previous }) : null;
      const cells = table && suppression ? [...publishedCells(table, suppression)] : [];
      const transferIds = await db.transaction().execute(async (q) => {
        if (table && suppression) {
          // Cells of earlier releases this one lacks (a place with no report this time) are kept too.
          const kept = new Map([...previous, ...suppressedKeys(table, suppression)].map((k) => [JSON.stringify(k), k]));
          await sharedDataRepo.keepRelease(q, tableKey, [...kept.values()], now().toISOString());
        }
        const ids: string[] = [];
        if (reader === null) return ids;
        for (const [from, keys] of contributed) {
          ids.push(await deps.transfers.record(q, ctx, {
            kind: '5w_reports', fromOrgId: from, toOrgId: reader, agreementId: id, rows: keys.size, fields, purpose: `5W ${input.month} read under the agreement`,
          }));
        }
        return ids;
      });
      const code = (c: string) => (c === TOTAL ? null : c);
      return {
        agreement: { id, granularity }, month: input.month, k,
        cells: cells.map((c) => ({ area: code(c.key[0]!), indicator: code(c.key[1]!), reached: c.value, status: c.status })),
        transfers: transferIds,
      };
    },
  };
}

export type SharedDataService = ReturnType<typeof createSharedDataService>;
