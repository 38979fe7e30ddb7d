/**
 * The overview's list, asked for as the very first thing the code does (main.tsx imports this module first,
 * before React is even evaluated): its answer, preloaded with the page, is then at hand when the interface draws
 * for the first time, on a slow link a round of rendering sooner. Anything else goes through the typed client.
 */
export const OVERVIEW_URL = '/api/v1/overview?limit=500&offset=0';

let early: Promise<unknown> | null = window.location.pathname === '/'
  ? fetch(OVERVIEW_URL, { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() as Promise<unknown> : null), () => null)
  : null;

/** The early answer, once (later reads ask the server again), or null when there was none or it failed. */
export function takeEarlyOverview(): Promise<unknown> | null {
  const p = early;
  early = null;
  return p;
}
