import { createElement, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import firstScreen from 'virtual:catalogue-first';

/**
 * The interface's languages and its translations. A few lines instead of a library: the catalogues are plain
 * nested JSON (`{ "overview": { "title": … } }`), a key is a dotted path, `{{name}}` is filled from the options,
 * `count` picks the plural form the language needs (`_one`, `_few`…, by Intl.PluralRules), a missing entry
 * falls back to English, then to `defaultValue`, then to the key. Doing without i18next keeps about 18 KB
 * (gzipped) off the first load, a third of a second on a slow mobile link; so does shipping only the part of the
 * English catalogue the first screen reads (`virtual:catalogue-first`), the rest coming with the other screens.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'pt', name: 'Português', dir: 'ltr' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

type Catalogue = { [key: string]: string | Catalogue };
/** What `t` may be given: values for the placeholders, `count` for plurals, `defaultValue` when the key is missing. */
export type TOptions = Record<string, string | number | undefined> & { count?: number; defaultValue?: string };
export type TFunction = (key: string, options?: TOptions) => string;
/** An entry with some placeholders filled by elements (a name, a code, a date), each isolated in a <bdi>. */
export type TRichFunction = (key: string, values: Record<string, ReactNode>, options?: TOptions) => ReactNode[];

const STORAGE_KEY = 'tandem.language';

// The first screen's part of English ships with it; the whole of English loads with any other screen (or when
// the page is idle), the other languages when chosen.
const catalogues: Record<Language, () => Promise<{ default: Catalogue }>> = {
  en: () => import('./locales/en.json'),
  es: () => import('./locales/es.json'),
  fr: () => import('./locales/fr.json'),
  ar: () => import('./locales/ar.json'),
  pt: () => import('./locales/pt.json'),
};
const loaded: Partial<Record<Language, Catalogue>> = { en: firstScreen as Catalogue };
let englishWhole: Promise<void> | null = null;
let current: Language = 'en';
/** What components read: the language, and a new object whenever it or a catalogue changes (so that they render again). */
let state = { language: current as Language };
const listeners = new Set<() => void>();
const plurals = new Map<string, Intl.PluralRules>();

function isLanguage(code: string | null | undefined): code is Language {
  return LANGUAGES.some((l) => l.code === code);
}

function lookup(cat: Catalogue | undefined, key: string): string | undefined {
  let node: string | Catalogue | undefined = cat;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function pluralForm(lng: Language, count: number): string {
  let rules = plurals.get(lng);
  if (!rules) plurals.set(lng, (rules = new Intl.PluralRules(lng)));
  return rules.select(count);
}

/** One entry in a language, with its placeholders filled. */
export function translate(lng: Language, key: string, options: TOptions = {}): string {
  const find = (l: Language) => {
    const cat = loaded[l];
    if (typeof options.count === 'number') {
      const plural = lookup(cat, `${key}_${pluralForm(l, options.count)}`) ?? lookup(cat, `${key}_other`);
      if (plural !== undefined) return plural;
    }
    return lookup(cat, key);
  };
  const text = find(lng) ?? (lng === 'en' ? undefined : find('en')) ?? options.defaultValue ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => {
    const v = options[name];
    return v === undefined ? m : String(v);
  });
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
};
const snapshot = () => state;
const changed = () => {
  state = { language: current };
  for (const l of listeners) l();
};

/**
 * A translated sentence with elements in its placeholders: each value sits in a <bdi>, so that a code, a date
 * or a Latin name inside Arabic text (or the reverse) keeps its own direction and does not scramble the sentence.
 */
export function richText(text: string, values: Record<string, ReactNode>): ReactNode[] {
  return text.split(/\{\{(\w+)\}\}/g).map((part, i) => (i % 2 === 1 ? createElement('bdi', { key: i }, values[part] ?? `{{${part}}}`) : part));
}

/** The interface language, `t` and `tRich` in it; the component renders again when the language changes. */
export function useTranslation(): { t: TFunction; tRich: TRichFunction; i18n: { language: Language } } {
  const read = useSyncExternalStore(subscribe, snapshot);
  const language = read.language;
  return useMemo(() => ({
    t: (key: string, options?: TOptions) => translate(language, key, options),
    tRich: (key: string, values: Record<string, ReactNode>, options?: TOptions) => richText(translate(language, key, options), values),
    i18n: { language },
    // `read` changes when a catalogue arrives: `t` is then new, and what depends on it is worked out again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [read]);
}

/** The stored choice, else the browser's first supported language, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const l of navigator.languages ?? []) {
    const code = l.slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return 'en';
}

/**
 * The whole English catalogue (every other language falls back to it): loaded once, before any screen but the
 * first is drawn; the screens on show render again with it.
 */
export function loadWholeCatalogue(): Promise<void> {
  englishWhole ??= catalogues.en().then((m) => {
    loaded.en = m.default;
    changed();
  }, (e: unknown) => {
    englishWhole = null;
    throw e;
  });
  return englishWhole;
}

/** Switches the interface language: loads its catalogue, sets lang and dir on the page, remembers the choice. */
export async function setLanguage(code: Language): Promise<void> {
  if (code !== 'en' && !loaded[code]) [loaded[code]] = await Promise.all([catalogues[code]().then((m) => m.default), loadWholeCatalogue()]);
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  document.documentElement.dir = LANGUAGES.find((l) => l.code === code)!.dir;
  changed();
}

export async function initI18n(): Promise<void> {
  await setLanguage(initialLanguage());
}

/** Numbers and dates in the chosen language's conventions. */
export const formatNumber = (n: number | null | undefined, lng: string, opts?: Intl.NumberFormatOptions) =>
  n === null || n === undefined ? '—' : new Intl.NumberFormat(lng, opts).format(n);
export const formatPercent = (n: number | null | undefined, lng: string) =>
  formatNumber(n, lng, { style: 'percent', maximumFractionDigits: 1 });
export const formatDate = (iso: string | null | undefined, lng: string) => {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
};

/** A name in the interface's language (English when the language has none). */
export function localName(names: Record<Language, string>, lng: string): string {
  const found = LANGUAGES.find((l) => l.code === lng);
  return found ? names[found.code] : names.en;
}
