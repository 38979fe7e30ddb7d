import { useMemo } from 'react';
import { formatDate, LANGUAGES, localName, useTranslation } from '../../i18n';
import { useSession } from '../../session';

/** How the movements screens name things: a corridor by its countries, a period by its month or its week. */
export function useMovementWords() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { countries } = useSession();
  return useMemo(() => {
    const country = (iso3: string) => {
      if (!iso3) return t('movements.notKnown');
      const c = countries.get(iso3);
      return c ? localName(c.names, lng) : iso3;
    };
    // The arrow points the way the text reads: leftwards in Arabic.
    const arrow = LANGUAGES.find((l) => l.code === lng)?.dir === 'rtl' ? ' ← ' : ' → ';
    return {
      country,
      corridor: (c: { origin: string; transit: string; destination: string }) => [c.origin, c.transit, c.destination].map(country).join(arrow),
      /** A bucket: YYYY-MM (a month) or YYYY-MM-DD (the Monday of a week). */
      bucket: (b: string) => (b.length === 7
        ? new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${b}-01T00:00:00Z`))
        : t('movements.weekOf', { date: formatDate(b, lng) })),
    };
  }, [t, lng, countries]);
}
