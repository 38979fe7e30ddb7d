import { QueryClient, queryOptions } from '@tanstack/react-query';
import { takeEarlyOverview } from '../early';
import { api, ApiError, setCsrfToken, unwrap, type DashboardQuery, type Decision, type FigureQuery, type Me, type Overview, type Platform, type ReportQuery } from './client';

/**
 * The keys of every answer the interface keeps. They nest (`['plan', id, 'reports', …]`) so that a write can
 * make stale exactly what it changed, a whole branch at once when it must. Reference lists (countries,
 * population types) are the same for everyone; every other answer may depend on who is signed in.
 */
export const keys = {
  me: ['me'] as const,
  countries: ['reference', 'countries'] as const,
  populationTypes: ['reference', 'population-types'] as const,
  overview: ['overview'] as const,
  figures: (query?: FigureQuery) => (query ? ['figures', query] as const : ['figures'] as const),
  imports: ['imports'] as const,
  situation: (slug?: string) => (slug ? ['situation', slug] as const : ['situation'] as const),
  platforms: ['platforms'] as const,
  platform: (slug: string) => ['platform', slug] as const,
  regional: (slug: string, until: string) => ['platform', slug, 'regional', until] as const,
  plan: (id: string) => ['plan', id] as const,
  dashboard: (planId: string, query?: DashboardQuery) => (query ? ['plan', planId, 'dashboard', query] as const : ['plan', planId, 'dashboard'] as const),
  activities: (planId: string) => ['plan', planId, 'activities'] as const,
  reports: (planId: string, query?: ReportQuery) => (query ? ['plan', planId, 'reports', query] as const : ['plan', planId, 'reports'] as const),
  snapshot: (id: string) => ['snapshot', id] as const,
  importChanges: (batchId: string) => ['imports', batchId, 'recommendations'] as const,
  boundaries: (iso3: string) => ['reference', 'boundaries', iso3] as const,
  users: ['users'] as const,
  organisations: ['organisations'] as const,
};

/**
 * Whether a session may exist: the server sets this cookie (no secret in it) at sign-in and clears it at
 * sign-out, so that a visitor's pages never ask who is signed in only to be told 401.
 */
const SIGNED_IN_HINT = 'tandem_signed_in';
export const mayBeSignedIn = () => document.cookie.split(';').some((c) => c.trim().startsWith(`${SIGNED_IN_HINT}=`));
const forgetSignedIn = () => { document.cookie = `${SIGNED_IN_HINT}=; Max-Age=0; path=/; SameSite=Lax`; };

/** The signed-in account and what it may do, or null for a visitor; keeps the session's CSRF token for writes. */
async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  if (!mayBeSignedIn()) return null;
  try {
    const me = await unwrap(api.GET('/api/v1/auth/me', { signal }));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
    // The session ended (expired, signed out elsewhere): the hint goes too, so the next page does not ask.
    forgetSignedIn();
    setCsrfToken(null);
    return null;
  }
}

/**
 * Every read, as TanStack Query options. Each passes its AbortSignal to the request, so that leaving a screen
 * cancels what it no longer needs; two screens asking the same thing share one request and its answer.
 */
export const queries = {
  me: () => queryOptions({ queryKey: keys.me, queryFn: ({ signal }) => fetchMe(signal), staleTime: Infinity }),
  countries: () => queryOptions({
    queryKey: keys.countries, staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/countries', { params: { query: { format: 'json' } }, signal })),
  }),
  populationTypes: () => queryOptions({
    queryKey: keys.populationTypes, staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/population-types', { params: { query: { format: 'json' } }, signal })),
  }),
  overview: () => queryOptions({
    queryKey: keys.overview,
    queryFn: async ({ signal }): Promise<Overview> => {
      // The answer asked for before the interface was evaluated (early.ts), the same request as below.
      const early = await takeEarlyOverview();
      if (early) return early as Overview;
      return unwrap(api.GET('/api/v1/overview', { params: { query: { limit: 500, offset: 0 } }, signal }));
    },
  }),
  figures: (query: FigureQuery) => queryOptions({
    queryKey: keys.figures(query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/figures', { params: { query }, signal })),
  }),
  imports: () => queryOptions({
    queryKey: keys.imports,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/imports', { params: { query: { limit: 10, offset: 0, format: 'json' } }, signal })),
  }),
  summary: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'summary'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/summary', { params: { path: { ref: slug } }, signal })),
  }),
  recommendation: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'recommendation'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/recommendation', { params: { path: { ref: slug } }, signal })),
  }),
  decisions: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'decisions'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/decisions', { params: { path: { ref: slug }, query: { format: 'json' } }, signal })),
  }),
  /** The agencies the signed-in account may propose a decision for (nothing for a visitor, who is not asked). */
  decisionRights: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'decisions', 'can'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/decisions/can', { params: { path: { ref: slug } }, signal })),
  }),
  disagreements: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'decisions', 'disagreements'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/disagreements', { params: { path: { ref: slug } }, signal })),
  }),
  recommendationHistory: (slug: string) => queryOptions({
    queryKey: [...keys.situation(slug), 'recommendations'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/situations/{ref}/recommendations', { params: { path: { ref: slug }, query: { limit: 200, offset: 0 } }, signal })),
  }),
  /** A kept recommendation never changes: asked once. */
  snapshot: (id: string) => queryOptions({
    queryKey: keys.snapshot(id), staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/recommendations/{id}', { params: { path: { id } }, signal })),
  }),
  importChanges: (batchId: string) => queryOptions({
    queryKey: keys.importChanges(batchId), staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/imports/{id}/recommendations', { params: { path: { id: batchId } }, signal })),
  }),
  boundaries: (iso3: string) => queryOptions({
    queryKey: keys.boundaries(iso3), staleTime: 5 * 60_000,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/countries/{iso3}/boundaries', { params: { path: { iso3 } }, signal })),
  }),
  platforms: () => queryOptions({
    queryKey: keys.platforms,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms', { signal })),
  }),
  platform: (slug: string) => queryOptions({
    queryKey: keys.platform(slug),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms/{ref}', { params: { path: { ref: slug } }, signal })),
  }),
  regional: (slug: string, until: string) => queryOptions({
    queryKey: keys.regional(slug, until),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms/{ref}/regional', { params: { path: { ref: slug }, query: { until, format: 'json' } }, signal })),
  }),
  plan: (id: string) => queryOptions({
    queryKey: keys.plan(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } }, signal })),
  }),
  dashboard: (planId: string, query: DashboardQuery) => queryOptions({
    queryKey: keys.dashboard(planId, query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans/{id}/dashboard', { params: { path: { id: planId }, query }, signal })),
  }),
  activities: (planId: string) => queryOptions({
    queryKey: keys.activities(planId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans/{id}/activities', { params: { path: { id: planId } }, signal })),
  }),
  reports: (planId: string, query: ReportQuery) => queryOptions({
    queryKey: keys.reports(planId, query),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans/{id}/reports', { params: { path: { id: planId }, query }, signal })),
  }),
  users: () => queryOptions({
    queryKey: keys.users,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/users', { signal })),
  }),
  organisations: () => queryOptions({
    queryKey: keys.organisations,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/organisations', { params: { query: { format: 'json' } }, signal })),
  }),
};

/**
 * What each write makes stale: exactly the answers it changes, asked again by the screens that show them
 * (the others when next shown). Each returns when the screens on show have their new answers.
 */
export const changed = {
  /** New figures change the figures, the recommendations and summaries computed from them, and the overview (not the decisions). */
  figures: (client: QueryClient) => Promise.all([
    client.invalidateQueries({ queryKey: keys.imports }),
    client.invalidateQueries({ queryKey: keys.figures() }),
    client.invalidateQueries({ queryKey: keys.overview }),
    client.invalidateQueries({ queryKey: keys.situation(), predicate: (q) => q.queryKey[2] !== 'decisions' }),
  ]),
  /** Reports saved, uploaded, validated or returned change the plan's report lists (the month's, the queue) and its dashboards. */
  reports: (client: QueryClient, planId: string) => Promise.all([
    client.invalidateQueries({ queryKey: keys.reports(planId) }),
    client.invalidateQueries({ queryKey: keys.dashboard(planId) }),
  ]),
  /**
   * A decision proposed, signed, rejected or withdrawn changes the situation's decisions and disagreements (one
   * branch of keys); one in force also the arrangement the overview shows. The answer itself is put in at once.
   */
  decisions: (client: QueryClient, slug: string, inForce: boolean, answer?: Decision) => {
    if (answer) client.setQueryData(queries.decisions(slug).queryKey, (old) => old && [answer, ...old.filter((d) => d.id !== answer.id)]);
    return Promise.all([
      client.invalidateQueries({ queryKey: [...keys.situation(slug), 'decisions'] }),
      client.invalidateQueries({ queryKey: [...keys.situation(slug), 'recommendations'] }),
      inForce && client.invalidateQueries({ queryKey: keys.overview }),
    ]);
  },
  /** Boundaries uploaded for a country. */
  boundaries: (client: QueryClient, iso3: string) => client.invalidateQueries({ queryKey: keys.boundaries(iso3) }),
  /**
   * A month closed: the platform is the answer itself; its plans show their closed months, and their reports'
   * `can` changes (a closed month's report can no longer change or be validated).
   */
  lockedMonth: (client: QueryClient, slug: string, platform: Platform) => {
    client.setQueryData(keys.platform(slug), platform);
    return Promise.all(platform.plans.flatMap((p) => [
      client.invalidateQueries({ queryKey: keys.plan(p.id), exact: true }),
      client.invalidateQueries({ queryKey: keys.reports(p.id) }),
    ]));
  },
  /** Accounts and their roles; the session too, as the account changed may be the one signed in. */
  accounts: (client: QueryClient) => Promise.all([client.invalidateQueries({ queryKey: keys.users }), client.invalidateQueries({ queryKey: keys.me })]),
  organisations: (client: QueryClient) => client.invalidateQueries({ queryKey: keys.organisations }),
};

/** A refusal (4xx) will be refused again: only a failed network or server gets one more try. */
const worthRetrying = (failures: number, error: unknown) =>
  failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

/**
 * The interface's one cache. Answers stay fresh for 30 s (a screen opened again shows at once and asks again
 * after that); coming back to the window does not refetch everything: writes say what they changed.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: worthRetrying },
    mutations: { retry: false },
  },
});

/**
 * After signing in or out, every answer but the reference lists belonged to the other account (what it may
 * do, what it may see): they are dropped and the screens on show ask again.
 */
export async function forgetAccount(client: QueryClient): Promise<void> {
  await client.resetQueries({ predicate: (q) => q.queryKey[0] !== 'reference' && q.queryKey[0] !== 'me' });
  await client.fetchQuery({ ...queries.me(), staleTime: 0 });
}

/**
 * Asks for what the screen at `path` shows, before it is drawn (or its code has loaded): the overview's list, a
 * situation's summary, recommendation and decisions. On a slow link each round trip saved is seconds.
 */
export function prefetchFor(path: string): Promise<unknown> {
  if (path === '/' || path === '') return queryClient.prefetchQuery(queries.overview());
  const situation = /^\/situations\/([^/]+)$/.exec(path);
  if (!situation) return Promise.resolve();
  const slug = decodeURIComponent(situation[1]!);
  return Promise.all([
    queryClient.prefetchQuery(queries.summary(slug)), queryClient.prefetchQuery(queries.recommendation(slug)), queryClient.prefetchQuery(queries.decisions(slug)),
  ]);
}
