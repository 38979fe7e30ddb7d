import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * The few routes of the interface, from the address bar: history API, no library. A route is a pattern
 * like `/situations/:slug`; `match` returns its parameters. A screen with unsaved changes registers a guard
 * (`useLeaveGuard`): leaving it by a link, the back button or closing the page asks first.
 */
let guard: (() => boolean) | null = null;
let shown = typeof window !== 'undefined' ? window.location.pathname + window.location.search : '/';

/** Whether the screen on show lets the reader leave (asking when it holds unsaved changes). */
export function mayLeave(): boolean {
  return !guard || guard();
}

export function navigate(to: string): void {
  if (!mayLeave()) return;
  window.history.pushState(null, '', to);
  shown = to;
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const read = () => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const on = () => setLoc(read());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return loc;
}

// The back and forward buttons: when the screen keeps the reader, the address goes back to what is shown.
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', (e) => {
    const now = window.location.pathname + window.location.search;
    if (now === shown) return;
    if (guard && !guard()) {
      e.stopImmediatePropagation();
      window.history.pushState(null, '', shown);
      return;
    }
    shown = now;
  }, { capture: true });
}

/**
 * While `dirty`, leaving the screen asks `question` first (a link, the back button), and closing or reloading
 * the page asks the browser's own question.
 */
export function useLeaveGuard(dirty: boolean, question: string): void {
  useEffect(() => {
    if (!dirty) return;
    const ask = () => window.confirm(question);
    guard = ask;
    const unload = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', unload);
    return () => {
      if (guard === ask) guard = null;
      window.removeEventListener('beforeunload', unload);
    };
  }, [dirty, question]);
}

export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(s[i]!);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** A link that changes the route without reloading the page (and behaves as a link otherwise). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  const current = typeof window !== 'undefined' && window.location.pathname === href ? 'page' : undefined;
  return <a href={href} onClick={go} aria-current={current} {...rest} />;
}
