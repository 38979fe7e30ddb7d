import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Answer, type ErrorDetail } from './client';
import { keys } from './queries';
import type { paths } from './schema';

/** A platform's way of counting, R4V's style: its model, per-country overrides, and the rest of its settings. */
export type R4vSettings = Answer<'/api/v1/platforms/{ref}/r4v/settings'>;
/** The settings as the platform's screen reads them: with what the account may change there (the server's policy). */
export type R4vSettingsView = R4vSettings;
export type R4vSettingsBody = NonNullable<paths['/api/v1/platforms/{ref}/r4v/settings']['put']['requestBody']>['content']['application/json'];
export type R4vModel = R4vSettings['model'];
export type SectorGroup = R4vSettings['sectorGroups'][number];
export type IndicatorType = paths['/api/v1/platforms/{ref}/r4v/indicator-types']['put']['requestBody']['content']['application/json']['types'][number];
export type R4vImport = Answer<'/api/v1/plans/{id}/r4v/5w', 'post'>;
export type ErrorLine = Answer<'/api/v1/plans/{id}/r4v/errors'>[number];
/** A consolidated row; a figure is null where disclosure control hides it (readers outside the platform). */
export type ConsolidatedRow = Omit<Answer<'/api/v1/plans/{id}/r4v/consolidated'>[number], Figure> & { [F in Figure]: number | null };
/** The report's figures, in R4V's column order. */
export const FIGURES = ['monthlyTotal', 'monthlyCva', 'total', 'inDestination', 'inTransit', 'hostCommunities', 'pendulars', 'returnees',
  'girls', 'boys', 'women', 'men', 'otherUnder', 'otherAbove', 'cva'] as const;
type Figure = (typeof FIGURES)[number];
/** The platform's people in need and targets by country, admin 1 and sector, and the target ≤ PiN check (r4v.schemas.ts PinTableSchema). */
export type PinTable = Answer<'/api/v1/platforms/{ref}/r4v/pin'>;
/** What the screen chooses of the consolidated report's query (the format is JSON on screen, the links choose theirs). */
export type ConsolidatedQuery = Pick<NonNullable<paths['/api/v1/plans/{id}/r4v/consolidated']['get']['parameters']['query']>, 'country' | 'include'>;
export type R4vInclude = NonNullable<ConsolidatedQuery['include']>;
/** The dashboard's two figures (null where the plan holds no R4V rows). */
export type R4vFigures = NonNullable<Answer<'/api/v1/plans/{id}/dashboard'>['r4v']>;

export const R4V_MODELS = ['sum', 'maxsector', 'southern-cone', 'conservative'] as const satisfies readonly R4vModel[];
/** R4V's indicator types (its ActivityInfo forms): which of them count towards people reached is the platform's choice. */
export const INDICATOR_TYPES = ['Direct Assistance', 'PiN', 'Capacity Building', 'Infrastructure', 'Mechanism/Advocacy', 'Campaign', 'Other'] as const;
export const INTERSECTOR = 'Intersector';
export const COUNTRY_LEVEL = 'Country level';

const r4vKeys = {
  settings: (ref: string) => ['platform', ref, 'r4v', 'settings'] as const,
  consolidated: (planId: string, q: ConsolidatedQuery) => ['plan', planId, 'r4v', 'consolidated', q] as const,
  pin: (ref: string) => ['platform', ref, 'r4v', 'pin'] as const,
};

export const r4vQueries = {
  settings: (ref: string) => queryOptions({
    queryKey: r4vKeys.settings(ref),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms/{ref}/r4v/settings', { params: { path: { ref } }, signal })),
  }),
  consolidated: (planId: string, q: ConsolidatedQuery) => queryOptions({
    queryKey: r4vKeys.consolidated(planId, q),
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/plans/{id}/r4v/consolidated', { params: { path: { id: planId }, query: { ...q, format: 'json', regional: false } }, signal }))) as ConsolidatedRow[],
  }),
  pin: (ref: string) => queryOptions({
    queryKey: r4vKeys.pin(ref),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms/{ref}/r4v/pin', { params: { path: { ref } }, signal })),
  }),
};

export const r4vWrites = {
  settings: (ref: string, body: R4vSettingsBody) => unwrap(api.PUT('/api/v1/platforms/{ref}/r4v/settings', { params: { path: { ref } }, body })),
  indicatorTypes: (ref: string, types: IndicatorType[]) => unwrap(api.PUT('/api/v1/platforms/{ref}/r4v/indicator-types', { params: { path: { ref } }, body: { types } })),
};

/** What each write makes stale: the platform's settings (and every plan's figures), or one plan's R4V answers and dashboard. */
export const r4vChanged = {
  platform: (client: QueryClient, ref: string) => Promise.all([
    // The settings and the people-in-need table of the platform.
    client.invalidateQueries({ queryKey: ['platform', ref, 'r4v'] }),
    client.invalidateQueries({ queryKey: ['plan'] }),
  ]),
  plan: (client: QueryClient, planId: string) => client.invalidateQueries({ queryKey: keys.plan(planId) }),
};

/** The session's CSRF token, as /auth/me gave it (the raw-body uploads below send it themselves). */
export const csrfOf = (client: QueryClient) => client.getQueryData<{ csrfToken?: string } | null>(keys.me)?.csrfToken ?? null;

/** The R4V routes that take a file as the raw body. */
export type R4vUpload = { kind: 'import'; planId: string; submit: boolean } | { kind: 'check'; planId: string; format: 'json' | 'xlsx' | 'hxl' }
  | { kind: 'proportions'; ref: string; basis: 'pin' | 'target' } | { kind: 'pin'; ref: string; pinSheet: string; targetSheet: string };

function uploadUrl(u: R4vUpload, filename: string): string {
  if (u.kind === 'import') return `/api/v1/plans/${encodeURIComponent(u.planId)}/r4v/5w?${new URLSearchParams({ filename, submit: String(u.submit) })}`;
  if (u.kind === 'check') return `/api/v1/plans/${encodeURIComponent(u.planId)}/r4v/5w/check?${new URLSearchParams({ filename, format: u.format })}`;
  if (u.kind === 'pin') return `/api/v1/platforms/${encodeURIComponent(u.ref)}/r4v/pin?${new URLSearchParams({ filename, pinSheet: u.pinSheet, targetSheet: u.targetSheet })}`;
  return `/api/v1/platforms/${encodeURIComponent(u.ref)}/r4v/proportions?${new URLSearchParams({ filename, basis: u.basis })}`;
}

/**
 * Sends a file as the raw body of an R4V route, reporting how much has gone (XMLHttpRequest, as client.ts's
 * `uploadFile`); a JSON answer, or the file the server wrote (the error report as XLSX or HXL). Rejects with the
 * ApiError naming the file's rows and columns at fault, or status 0 when the network failed.
 */
export function sendR4vFile<T>(u: R4vUpload, file: File, csrf: string | null, onProgress: (fraction: number) => void, as: 'json' | 'blob' = 'json'): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', uploadUrl(u, file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.responseType = as;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) { resolve(xhr.response as T); return; }
      // An error answer is JSON whatever was asked for.
      type Body = { code?: string; message?: string; details?: ErrorDetail[] } | null;
      const body = await (async (): Promise<Body> => {
        try { return as === 'blob' ? JSON.parse(await (xhr.response as Blob).text()) as Body : xhr.response as Body; } catch { return null; }
      })();
      reject(new ApiError(xhr.status, body?.code ?? 'error', body?.message ?? xhr.statusText, body?.details ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error', []));
    xhr.send(file);
  });
}

/** Hands a file the server wrote to the browser as a download, under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
