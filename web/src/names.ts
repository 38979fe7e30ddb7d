import { useMemo } from 'react';
import { localName, useTranslation } from './i18n';
import { useSession } from './session';

/** Dataset slugs the interface names in every language (anything else is named from its slug). */
const DATASET_KEYS: Record<string, string> = {
  'unhcr-population-statistics': 'dataset.unhcrPopulation',
  'undesa-international-migrant-stock-2024': 'dataset.desaStock2024',
  'demo-unhcr-global-trends': 'dataset.demoUnhcr',
  'demo-undesa-ims-2024': 'dataset.demoDesa',
  'demo-r4v-2024': 'dataset.demoR4v',
};

/**
 * Names beside codes, in the interface language: countries, population types, datasets (never their slugs:
 * `iom-dtm:HTI:conflict` reads "IOM DTM, Haiti (conflict)"), organisations.
 */
export function useNames() {
  const { t, i18n } = useTranslation();
  const { countries, populationTypes } = useSession();
  const lng = i18n.language;
  return useMemo(() => {
    const country = (iso3: string | null | undefined) => {
      if (!iso3) return '—';
      const c = countries.get(iso3);
      return c ? localName(c.names, lng) : iso3;
    };
    const type = (code: string) => {
      const p = populationTypes.find((x) => x.code === code);
      return p ? localName(p.names, lng) : code;
    };
    const dataset = (slug: string) => {
      const key = DATASET_KEYS[slug];
      if (key) return t(key);
      const dtm = /^iom-dtm:([A-Z]{3}):(\w+)$/.exec(slug);
      if (dtm) return t('dataset.dtm', { country: country(dtm[1]), kind: t(`dataset.dtmKind.${dtm[2]}`, { defaultValue: dtm[2] }) });
      const hxl = /^([a-z0-9-]+):(.+)$/.exec(slug);
      if (hxl) return t('dataset.declared', { org: hxl[1]!.toUpperCase(), name: hxl[2]!.replace(/[-_]+/g, ' ') });
      return slug.replace(/[-_]+/g, ' ');
    };
    return { country, type, dataset, org: (slug: string) => slug.toUpperCase() };
  }, [countries, populationTypes, lng, t]);
}
