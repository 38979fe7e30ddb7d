import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, fieldMessage as messageAbout, unwrap, uploadFile, type Answer } from './client';
import type { paths } from './schema';

export type TrendQuery = paths['/api/v1/movements/trends']['get']['parameters']['query'];
export type Trend = Answer<'/api/v1/movements/trends'>;
export type TopCorridors = Answer<'/api/v1/movements/corridors'>;
export type PointQuery = paths['/api/v1/movements/points']['get']['parameters']['query'];
export type PointPage = Answer<'/api/v1/movements/points'>;
export type Point = PointPage['items'][number];
export type NewPoint = paths['/api/v1/movements/points']['post']['requestBody']['content']['application/json'];
export type Mapping = Answer<'/api/v1/mappings'>['items'][number];
export type MappingBody = paths['/api/v1/mappings']['post']['requestBody']['content']['application/json'];
export type MappingColumn = MappingBody['read']['columns'][number];
export type MappedQuery = paths['/api/v1/mapped-imports/flows']['post']['parameters']['query'];
export type Preview = Answer<'/api/v1/mapped-imports/preview', 'post'>;
export type MappedImport = Answer<'/api/v1/mapped-imports/flows', 'post'>;
export type PointKind = NewPoint['kind'];
export type Direction = NonNullable<TrendQuery['direction']>;
export type Measure = TrendQuery['measure'];
export type Grain = TrendQuery['grain'];
export type Period = NonNullable<MappingBody['flows']>['period'];

export const POINT_KINDS = ['border_crossing', 'transit', 'bus_station', 'airport', 'seaport', 'reception_centre', 'route', 'other'] as const satisfies readonly PointKind[];
export const DIRECTIONS = ['entry', 'exit', 'transit', 'unknown'] as const satisfies readonly Direction[];
export const MEASURES = ['crossings', 'apprehensions', 'expulsions', 'inadmissibles', 'detections', 'dead_missing'] as const satisfies readonly Measure[];
export const GRAINS = ['month', 'week'] as const satisfies readonly Grain[];
export const PERIODS = ['day', 'week', 'month'] as const satisfies readonly Period[];
export const TARGETS = ['flows', 'figures'] as const satisfies readonly MappingBody['target'][];

const keys = {
  trends: (q: TrendQuery) => ['movements', 'trends', q] as const,
  corridors: (q: TrendQuery) => ['movements', 'corridors', q] as const,
  points: (q: PointQuery) => ['movements', 'points', q] as const,
  mappings: ['movements', 'mappings'] as const,
};

export const movementsQueries = {
  trends: (q: TrendQuery) => queryOptions({
    queryKey: keys.trends(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/movements/trends', { params: { query: q }, signal })),
  }),
  corridors: (q: TrendQuery) => queryOptions({
    queryKey: keys.corridors(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/movements/corridors', { params: { query: q }, signal })),
  }),
  points: (q: PointQuery) => queryOptions({
    queryKey: keys.points(q), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/movements/points', { params: { query: q }, signal })),
  }),
  mappings: () => queryOptions({ queryKey: keys.mappings, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/mappings', { signal })) }),
};

export const createPoint = (body: NewPoint) => unwrap(api.POST('/api/v1/movements/points', { body }));
export const saveMapping = (body: MappingBody) => unwrap(api.POST('/api/v1/mappings', { body }));

const sendMapped = uploadFile;

/** The first rows of a file as the mapping will read them: nothing is written. */
export const previewFile = (q: MappedQuery, file: File, onProgress: (fraction: number) => void) => sendMapped('/api/v1/mapped-imports/preview', { query: q }, file, onProgress);
/** Imports a file through a mapping into its target: flow counts, or population figures. All or nothing. */
export const importFile = (target: 'flows' | 'figures', q: MappedQuery, file: File, onProgress: (fraction: number) => void): Promise<MappedImport> =>
  sendMapped(target === 'flows' ? '/api/v1/mapped-imports/flows' : '/api/v1/mapped-imports/figures', { query: q }, file, onProgress);

/** What each write makes stale: an import or a new point, the trends and the points; a saved mapping, the list of mappings. */
export const movementsChanged = {
  flows: (client: QueryClient) => client.invalidateQueries({ queryKey: ['movements'] }),
  mappings: (client: QueryClient) => client.invalidateQueries({ queryKey: keys.mappings }),
};

/**
 * The server's message about one field of a body, whichever way it names it: `body.read.columns.0.tag` (the
 * schema) or `columns[0].tag` (the service); `prefix` also takes the messages about its parts.
 */
export function fieldMessage(error: unknown, name: string, prefix = false): string | undefined {
  // A mapping's reading rules sit under `read` in the body; the form names them without it.
  return messageAbout(error, name, prefix) ?? messageAbout(error, `read.${name}`, prefix);
}
