import { formatNumber, useTranslation } from '../i18n';

/**
 * A published count: the number, or — where disclosure control hid it (the server sends null) — a mark whose
 * title says why. Not "<k": a value hidden to protect another may be large.
 */
export function Count({ n, k }: { n: number | null | undefined; k: number }) {
  const { t, i18n } = useTranslation();
  if (n === null) return <abbr className="hidden-count" title={t('common.hiddenHelp', { k })}>{t('common.hidden')}</abbr>;
  return <>{formatNumber(n ?? 0, i18n.language)}</>;
}
