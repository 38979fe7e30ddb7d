import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

/** The interface's languages; Arabic is written right to left. */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'pt', name: 'Português', dir: 'ltr' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'tandem.language';

// English ships with the first screen; the other catalogues load when chosen.
const catalogues: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  es: () => import('./locales/es.json'),
  fr: () => import('./locales/fr.json'),
  ar: () => import('./locales/ar.json'),
  pt: () => import('./locales/pt.json'),
};

function isLanguage(code: string | null | undefined): code is Language {
  return LANGUAGES.some((l) => l.code === code);
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

/** Switches the interface language: loads its catalogue, sets lang and dir on the page, remembers the choice. */
export async function setLanguage(code: Language): Promise<void> {
  if (code !== 'en' && !i18next.hasResourceBundle(code, 'translation')) {
    const mod = await catalogues[code]();
    i18next.addResourceBundle(code, 'translation', mod.default, true, true);
  }
  await i18next.changeLanguage(code);
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  document.documentElement.dir = LANGUAGES.find((l) => l.code === code)!.dir;
}

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
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
