import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Scope } from '../access/index.js';
import type { DB } from '../core/tables.js';
import { channelsLedBy, LEAD_AGENCIES, type Channel } from './capacity.rules.js';
import type { SupportMatchStepTable, SupportMatchTable, SupportOfferTable, SupportRequestTable } from './capacity.tables.js';

type Q = Kysely<DB>;
type AgencyIds = Record<(typeof LEAD_AGENCIES)[number], string>;

/** The channels the scope's co_lead organisations lead (IOM: the UN Network on Migration; UNHCR: the ACSG). */
function ledChannels(scope: Scope, agencies: AgencyIds): Channel[] {
  return [...new Set(LEAD_AGENCIES.filter((a) => scope.orgs.co_lead.includes(agencies[a])).flatMap(channelsLedBy))];
}

/** The requests an actor may read, as a `where` clause: its State's (own_org), its channel's (co_lead), those its offers are matched to (concerned). */
export function visibleRequests(scope: Scope, agencies: AgencyIds) {
  return (eb: ExpressionBuilder<DB, 'support_requests'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ors: Array<Expression<SqlBool>> = [];
    if (scope.orgs.own_org.length) ors.push(eb('support_requests.org_id', 'in', scope.orgs.own_org));
    const channels = ledChannels(scope, agencies);
    if (channels.length) ors.push(eb('support_requests.channel', 'in', channels));
    if (scope.orgs.concerned.length) {
      ors.push(eb.exists(eb.selectFrom('support_matches as vm').innerJoin('support_offers as vo', 'vo.id', 'vm.offer_id').select(sql`1`.as('one'))
        .whereRef('vm.request_id', '=', 'support_requests.id').where('vo.org_id', 'in', scope.orgs.concerned)));
    }
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}

/** The offers an actor may read: its organisation's, its channel's, those matched to its State's requests. */
export function visibleOffers(scope: Scope, agencies: AgencyIds) {
  return (eb: ExpressionBuilder<DB, 'support_offers'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ors: Array<Expression<SqlBool>> = [];
    if (scope.orgs.own_org.length) ors.push(eb('support_offers.org_id', 'in', scope.orgs.own_org));
    const channels = ledChannels(scope, agencies);
    if (channels.length) ors.push(eb('support_offers.channel', 'in', channels));
    if (scope.orgs.concerned.length) {
      ors.push(eb.exists(eb.selectFrom('support_matches as vm').innerJoin('support_requests as vr', 'vr.id', 'vm.request_id').select(sql`1`.as('one'))
        .whereRef('vm.offer_id', '=', 'support_offers.id').where('vr.org_id', 'in', scope.orgs.concerned)));
    }
    return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
  };
}

const tagsOf = async (q: Q, table: 'support_request_tags' | 'support_offer_tags', ids: readonly string[]) =>
  (ids.length ? q.selectFrom(table).select(['owner_id', 'tag']).where('owner_id', 'in', [...ids]).execute() : Promise.resolve([]));

export const capacityRepo = {
  orgBySlug: (q: Q, slug: string) => q.selectFrom('organisations').select(['id', 'slug', 'name', 'kind']).where('slug', '=', slug).executeTakeFirst(),
  orgsByIds: async (q: Q, ids: readonly string[]) => (ids.length ? q.selectFrom('organisations').select(['id', 'slug', 'name', 'kind']).where('id', 'in', [...new Set(ids)]).execute() : []),
  agencyIds: (q: Q) => q.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', [...LEAD_AGENCIES]).execute(),
  country: (q: Q, iso3: string) => q.selectFrom('countries').select(['iso3', 'region', 'subregion']).where('iso3', '=', iso3).executeTakeFirst(),
  /** Every UN M49 region and sub-region name the country list knows. */
  regionNames: async (q: Q) => {
    const rows = await q.selectFrom('countries').select(['region', 'subregion']).distinct().execute();
    return new Set(rows.flatMap((r) => [r.region, r.subregion]).filter((x): x is string => x !== null));
  },

  insertRequest: async (q: Q, row: SupportRequestTable, tags: readonly string[]) => {
    await q.insertInto('support_requests').values(row).execute();
    await q.insertInto('support_request_tags').values(tags.map((tag) => ({ owner_id: row.id, tag }))).execute();
  },
  requestById: (q: Q, id: string) => q.selectFrom('support_requests').selectAll().where('id', '=', id).executeTakeFirst(),
  requestTags: (q: Q, ids: readonly string[]) => tagsOf(q, 'support_request_tags', ids),
  /** The countries' regions, for presenting requests. */
  regionsOf: async (q: Q, iso3s: readonly string[]) =>
    (iso3s.length ? q.selectFrom('countries').select(['iso3', 'region', 'subregion']).where('iso3', 'in', [...new Set(iso3s)]).execute() : []),
  requestPage: async (q: Q, visible: ReturnType<typeof visibleRequests>, f: { channel?: string; country?: string }, limit: number, offset: number) => {
    let base = q.selectFrom('support_requests').where(visible);
    if (f.channel) base = base.where('channel', '=', f.channel);
    if (f.country) base = base.where('country', '=', f.country);
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('filed_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },

  insertOffer: async (q: Q, row: SupportOfferTable, tags: readonly string[], places: ReadonlyArray<{ scope: 'country' | 'region'; code: string }>) => {
    await q.insertInto('support_offers').values(row).execute();
    await q.insertInto('support_offer_tags').values(tags.map((tag) => ({ owner_id: row.id, tag }))).execute();
    if (places.length) await q.insertInto('support_offer_places').values(places.map((p) => ({ offer_id: row.id, ...p }))).execute();
  },
  offerById: (q: Q, id: string) => q.selectFrom('support_offers').selectAll().where('id', '=', id).executeTakeFirst(),
  offerTags: (q: Q, ids: readonly string[]) => tagsOf(q, 'support_offer_tags', ids),
  offerPlaces: async (q: Q, ids: readonly string[]) =>
    (ids.length ? q.selectFrom('support_offer_places').select(['offer_id', 'scope', 'code']).where('offer_id', 'in', [...ids]).orderBy('code').execute() : []),
  offerPage: async (q: Q, visible: ReturnType<typeof visibleOffers>, f: { kind?: string }, limit: number, offset: number) => {
    let base = q.selectFrom('support_offers').where(visible);
    if (f.kind) base = base.where('kind', '=', f.kind);
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },
  /** Offers of this kind sharing at least one tag: the candidates for a request's suggestions. */
  candidateOffers: (q: Q, kind: string, tags: readonly string[]) =>
    q.selectFrom('support_offers').selectAll().where('kind', '=', kind)
      .where((eb) => eb.exists(eb.selectFrom('support_offer_tags as ct').select(sql`1`.as('one')).whereRef('ct.owner_id', '=', 'support_offers.id').where('ct.tag', 'in', [...tags])))
      .orderBy('created_at').limit(500).execute(),

  /** The organisations on the other side of an object's matches: offerers of a request's, requesters of an offer's. */
  offerOrgsOfRequest: async (q: Q, requestId: string) => (await q.selectFrom('support_matches').innerJoin('support_offers', 'support_offers.id', 'support_matches.offer_id')
    .select('support_offers.org_id').where('support_matches.request_id', '=', requestId).execute()).map((r) => r.org_id),
  requestOrgsOfOffer: async (q: Q, offerId: string) => (await q.selectFrom('support_matches').innerJoin('support_requests', 'support_requests.id', 'support_matches.request_id')
    .select('support_requests.org_id').where('support_matches.offer_id', '=', offerId).execute()).map((r) => r.org_id),

  matchStatuses: async (q: Q, requestIds: readonly string[]) =>
    (requestIds.length ? q.selectFrom('support_matches').select(['request_id', 'offer_id', 'status']).where('request_id', 'in', [...requestIds]).execute() : []),
  insertMatch: (q: Q, row: SupportMatchTable) => q.insertInto('support_matches').values(row).execute(),
  matchById: (q: Q, id: string) => q.selectFrom('support_matches').selectAll().where('id', '=', id).executeTakeFirst(),
  matchesOfRequest: (q: Q, requestId: string) => q.selectFrom('support_matches').selectAll().where('request_id', '=', requestId).orderBy('proposed_at').orderBy('id').execute(),
  /** Writes the step only if the match still stands where the caller read it. */
  transition: async (q: Q, id: string, from: string, set: Partial<SupportMatchTable>) => {
    const r = await q.updateTable('support_matches').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  addStep: (q: Q, s: SupportMatchStepTable) => q.insertInto('support_match_steps').values(s).execute(),
  steps: (q: Q, matchId: string) => q.selectFrom('support_match_steps').selectAll().where('match_id', '=', matchId).orderBy('at').orderBy('id').execute(),

  // ---- the views: every request and offer, aggregated by the rules ----
  demand: async (q: Q) => {
    const rows = await q.selectFrom('support_requests').leftJoin('countries', 'countries.iso3', 'support_requests.country')
      .select(['support_requests.id', 'support_requests.country', 'support_requests.channel', 'support_requests.filed_at', 'countries.region']).execute();
    const tags = await q.selectFrom('support_request_tags').select(['owner_id', 'tag']).execute();
    const matches = await q.selectFrom('support_matches').select(['request_id', 'status', 'accepted_at']).execute();
    return { rows, tags, matches };
  },
  pledges: async (q: Q) => {
    const offers = await q.selectFrom('support_offers').select(['id', 'org_id', 'kind', 'amount_usd']).execute();
    const matches = await q.selectFrom('support_matches').innerJoin('support_offers', 'support_offers.id', 'support_matches.offer_id')
      .select(['support_offers.org_id', 'support_offers.kind', 'support_matches.status', 'support_matches.amount_usd']).execute();
    return { offers, matches };
  },
};
