import { Type } from '@sinclair/typebox';
import type { Api } from '../http/api.js';
import { replyList } from '../http/hxl-reply.js';
import { errorResponses, EXPORT_FORMATS, Format, literals, Month } from '../http/schemas.js';
import type { HxlField } from '../hxl/index.js';
import type { FeedRow, RegionalService } from './regional.service.js';

const Shown = Type.Union([Type.Number(), Type.Null()]);
const ShownCounts = Type.Record(Type.String(), Shown);
const Country = Type.Object({
  platform: Type.Object({ slug: Type.String(), name: Type.String() }), country: Type.Union([Type.String(), Type.Null()]),
  plan: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), until: Type.String() }), Type.Null()], { description: 'the national plan counted (null: the country has none for the month)' }),
  peopleReached: Shown, targets: Type.Number(), timesAssistedInTransit: Shown, bySector: ShownCounts,
});
const RegionalSchema = Type.Object({
  platform: Type.Object({ slug: Type.String(), name: Type.String() }), until: Type.String(),
  countries: Type.Array(Country),
  total: Type.Object({ peopleReached: Shown, targets: Type.Number(), timesAssistedInTransit: Shown, bySector: ShownCounts }),
  disclosure: Type.Object({ k: Type.Integer(), hidden: Type.Integer(), applied: Type.Boolean() }),
  notes: Type.Array(Type.String()),
});
const RegionalQuery = Type.Object({ until: Type.Optional(Month), format: Format });
const FeedParams = Type.Object({ ref: Type.String({ minLength: 1, maxLength: 100, description: 'platform slug or id' }) });
const FeedQuery = Type.Object({ format: literals(EXPORT_FORMATS, { default: 'hxl', description: 'hxl (default: HXL CSV, as HDX reads it), hxl-json, hxl-objects, xlsx or json' }) });
const FeedRowSchema = Type.Object({
  country: Type.String(), platform: Type.String(), plan: Type.String(), until: Type.String(), measure: Type.String(), dimension: Type.String(), key: Type.String(), value: Shown,
});

const FEED_HXL: ReadonlyArray<HxlField<FeedRow>> = [
  ['Country', '#country+code', (r) => r.country], ['Platform', '#org+platform+code', (r) => r.platform], ['Plan', '#meta+plan', (r) => r.plan],
  ['Up to', '#date+month', (r) => r.until], ['Measure', '#indicator+name', (r) => r.measure], ['Dimension', '#meta+dimension', (r) => r.dimension],
  ['Key', '#meta+key', (r) => r.key], ['Value', '#value', (r) => r.value],
];
type RegionalRow = { country: string; measure: string; key: string; value: number | null };
const REGIONAL_HXL: ReadonlyArray<HxlField<RegionalRow>> = [
  ['Country', '#country+code', (r) => r.country], ['Measure', '#indicator+name', (r) => r.measure], ['Sector', '#sector+code', (r) => r.key], ['Value', '#value', (r) => r.value],
];

/** Publish once: a regional plan's figures from its national platforms, and every platform's HXL feed. */
export async function regionalRoutes(api: Api, app: { regional: RegionalService }): Promise<void> {
  api.get('/platforms/:ref/regional', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'],
      summary: 'A regional platform\'s people reached up to a month, from its national platforms\' validated reports (each counted by its own rules over its plan for that month, never entered again) and their sum over countries; small numbers hidden except for the co-leads',
      params: FeedParams, querystring: RegionalQuery, response: { 200: RegionalSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const r = await app.regional.regional(request.ctx, request.params.ref, { until: request.query.until });
    reply.header('vary', 'cookie, authorization');
    const rows: RegionalRow[] = [
      ...r.countries.flatMap((c) => [
        { country: c.country ?? '', measure: 'people reached', key: 'all', value: c.peopleReached },
        ...Object.entries(c.bySector).map(([key, value]) => ({ country: c.country ?? '', measure: 'people reached', key, value })),
      ]),
      { country: 'all', measure: 'people reached (sum of countries)', key: 'all', value: r.total.peopleReached },
      ...Object.entries(r.total.bySector).map(([key, value]) => ({ country: 'all', measure: 'people reached (sum of countries)', key, value })),
    ];
    return replyList(reply, request.query.format, r, rows, REGIONAL_HXL, 'regional');
  });

  api.get('/platforms/:ref/feed', {
    config: { policy: { resource: 'platform', action: 'read' } },
    schema: {
      tags: ['platforms'],
      summary: 'The platform\'s published aggregates as one table at a stable address (HXL by default, for HDX and other platforms to pull): its current plan as the public sees it; for a regional platform, its countries and their sums',
      params: FeedParams, querystring: FeedQuery, response: { 200: Type.Array(FeedRowSchema), ...errorResponses },
    },
  }, async (request, reply) => {
    const rows = await app.regional.feed(request.params.ref);
    return replyList(reply, request.query.format, rows, rows, FEED_HXL, `${request.params.ref}-feed`);
  });
}
