import { Type, type Static } from '@sinclair/typebox';
import { IdParams, Iso3, literals, Month, Offset, Year } from '../http/schemas.js';
import { POPULATION_TYPES } from '../vocabulary/index.js';

/** The five languages a report is written in; English is required, the others fall back to it. */
export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
export const ITEM_KINDS = ['figures', 'dashboard'] as const;
export const ITEM_VIEWS = ['table', 'chart', 'map'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export type ItemView = (typeof ITEM_VIEWS)[number];
export const DOWNLOAD_FORMATS = ['json', 'csv', 'hxl', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** A text in the five languages: English required, each other language optional. */
const localText = (max: number, min: number) => Type.Object({
  en: Type.String({ minLength: min, maxLength: max }),
  fr: Type.Optional(Type.String({ maxLength: max })), es: Type.Optional(Type.String({ maxLength: max })),
  ar: Type.Optional(Type.String({ maxLength: max })), pt: Type.Optional(Type.String({ maxLength: max })),
}, { additionalProperties: false });
export const Title = localText(200, 1);
/** Plain paragraphs (no markdown), separated by an empty line. */
export const Text = localText(20_000, 0);
export const Caption = localText(200, 0);
export type LocalText = Static<typeof Text>;

/** The filter of GET /figures: what a figure item reads. */
export const FigureFilter = Type.Object({
  year: Type.Optional(Year), type: Type.Optional(literals(POPULATION_TYPES)), origin: Type.Optional(Iso3), host: Type.Optional(Iso3),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'source organisation slug, e.g. unhcr' })),
}, { additionalProperties: false });
/** A plan's dashboard, always read as the public reads it (validated figures, under disclosure control). */
export const DashboardView = Type.Object({
  plan: Type.String({ minLength: 1, maxLength: 100 }), until: Type.Optional(Month),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), area: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
}, { additionalProperties: false });

/** One item of a report: a saved view of public data, shown as a table, a bar chart or a map of areas. */
export const ItemSpec = Type.Object({
  kind: literals(ITEM_KINDS), view: literals(ITEM_VIEWS),
  figures: Type.Optional(FigureFilter), dashboard: Type.Optional(DashboardView), caption: Type.Optional(Caption),
}, { additionalProperties: false });
export type ItemSpec = Static<typeof ItemSpec>;

export const NewPublicationBody = Type.Object({
  organisation: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'the organisation it is composed for (slug); yours by default' })),
  platform: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the platform it reports on (slug): its co-leads compose it too' })),
  title: Title, text: Type.Optional(Text), items: Type.Optional(Type.Array(ItemSpec, { maxItems: 30 })),
}, { additionalProperties: false });
export const PatchPublicationBody = Type.Object({
  title: Type.Optional(Title), text: Type.Optional(Text), items: Type.Optional(Type.Array(ItemSpec, { maxItems: 30 })),
}, { additionalProperties: false });
export const PreviewBody = Type.Object({ item: ItemSpec }, { additionalProperties: false });
export const PublicationListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }), offset: Offset });

const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);
/** An item's data as published: a table (headers with their HXL hashtags), and what its chart or map draws. */
export const ItemData = Type.Object({
  source: Type.Object({
    label: Type.String({ description: 'what the item reads, in English: the plan and platform, or the figure filter' }),
    url: Type.String({ description: 'the public API address the data was read from' }),
  }),
  columns: Type.Array(Type.Object({ header: Type.String(), tag: Type.String() })),
  rows: Type.Array(Type.Array(Cell)),
  chart: Type.Union([Type.Null(), Type.Object({ labels: Type.Array(Type.String()), values: Type.Array(Type.Union([Type.Number(), Type.Null()])), targets: Type.Array(Type.Number()) })]),
  map: Type.Union([Type.Null(), Type.Object({
    iso3: Type.Union([Type.String(), Type.Null()]),
    values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])), names: Type.Record(Type.String(), Type.String()),
  })]),
  disclosure: Type.Union([Type.Null(), Type.Object({ k: Type.Integer(), hidden: Type.Integer() })]),
});
export type ItemData = Static<typeof ItemData>;
export const PublishedItem = Type.Object({ spec: ItemSpec, data: ItemData });
export type PublishedItem = Static<typeof PublishedItem>;

const Texts = Type.Object({ title: Title, text: Text });
const VersionRef = Type.Object({ version: Type.Integer(), publishedAt: Type.String() });

export const PublicationSchema = Type.Object({
  id: Type.String(), slug: Type.String(), organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
  platform: Type.Union([Type.Null(), Type.Object({ slug: Type.String(), name: Type.String() })]),
  ...Texts.properties, items: Type.Array(ItemSpec),
  latestVersion: Type.Integer({ description: '0: never published' }), versions: Type.Array(VersionRef),
  createdAt: Type.String(), updatedAt: Type.String(),
  can: Type.Object({ update: Type.Boolean(), publish: Type.Boolean() }),
});
export const PublicationSummarySchema = Type.Object({
  id: Type.String(), slug: Type.String(), title: Title, organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
  latestVersion: Type.Integer(), items: Type.Integer(), updatedAt: Type.String(),
});
export const PublicationPageSchema = Type.Object({ items: Type.Array(PublicationSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export const PublishedSchema = Type.Object({
  slug: Type.String(), version: Type.Integer(), latestVersion: Type.Integer(), publishedAt: Type.String(),
  ...Texts.properties, organisation: Type.Object({ slug: Type.String(), name: Type.String() }),
  items: Type.Array(PublishedItem), versions: Type.Array(VersionRef),
});

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 120 }) });
export const VersionParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 120 }), n: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
export const DownloadQuery = Type.Object({
  format: literals(DOWNLOAD_FORMATS, { default: 'json', description: 'json; csv or hxl (every item\'s table one after another, or one item with item=n); xlsx (a sheet per item)' }),
  item: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, description: 'one item (1-based) for csv and hxl' })),
});
export { IdParams };
