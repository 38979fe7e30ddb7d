import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, unwrap, type Answer } from '../../api/client';
import type { paths } from '../../api/schema';

export type Publication = Answer<'/api/v1/publications/{id}'>;
export type PublicationPage = Answer<'/api/v1/publications'>;
export type Published = Answer<'/api/v1/public/reports/{slug}'>;
export type ItemSpec = Publication['items'][number];
export type ItemData = Answer<'/api/v1/publications/preview', 'post'>;
export type LocalText = Publication['title'];
export type NewPublication = paths['/api/v1/publications']['post']['requestBody']['content']['application/json'];
export type ItemKind = ItemSpec['kind'];
export type ItemView = ItemSpec['view'];

export const REPORT_LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const satisfies ReadonlyArray<keyof LocalText>;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
export const ITEM_KINDS = ['figures', 'dashboard'] as const satisfies readonly ItemKind[];
export const ITEM_VIEWS = ['table', 'chart', 'map'] as const satisfies readonly ItemView[];

const keys = {
  list: (limit: number, offset: number) => ['publications', 'list', limit, offset] as const,
  one: (id: string) => ['publications', 'one', id] as const,
  published: (slug: string, n?: number) => ['publications', 'public', slug, n ?? 'latest'] as const,
};

export const publicationQueries = {
  list: (limit: number, offset: number) => queryOptions({
    queryKey: keys.list(limit, offset), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/publications', { params: { query: { limit, offset } }, signal })),
  }),
  one: (id: string) => queryOptions({
    queryKey: keys.one(id), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/publications/{id}', { params: { path: { id } }, signal })),
  }),
  published: (slug: string, n?: number) => queryOptions({
    queryKey: keys.published(slug, n),
    queryFn: ({ signal }) => (n === undefined
      ? unwrap(api.GET('/api/v1/public/reports/{slug}', { params: { path: { slug }, query: { format: 'json' } }, signal }))
      : unwrap(api.GET('/api/v1/public/reports/{slug}/versions/{n}', { params: { path: { slug, n }, query: { format: 'json' } }, signal }))),
    // A published version never changes; the latest changes only when republished.
    staleTime: n === undefined ? 60_000 : Infinity,
  }),
};

/** A draft saved or published: the draft itself, the lists, and what the public address shows. */
export const publicationChanged = (client: QueryClient, p: Publication) => {
  client.setQueryData(keys.one(p.id), p);
  return Promise.all([
    client.invalidateQueries({ queryKey: ['publications', 'list'] }),
    client.invalidateQueries({ queryKey: ['publications', 'public', p.slug] }),
  ]);
};

/** A text in the reader's language, or the English one, saying which it is. */
export function localText(text: Partial<LocalText> | undefined, lng: string): { text: string; fallback: boolean } {
  const own = text?.[lng as ReportLanguage]?.trim();
  if (own) return { text: own, fallback: false };
  return { text: text?.en ?? '', fallback: lng !== 'en' };
}

/** Plain paragraphs: separated by an empty line. */
export const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/** Where a version's data downloads from. */
export function downloadUrl(slug: string, version: number, format: 'csv' | 'hxl' | 'xlsx', item?: number) {
  const q = new URLSearchParams({ format, ...(item ? { item: String(item) } : {}) });
  return `/api/v1/public/reports/${encodeURIComponent(slug)}/versions/${version}?${q}`;
}
