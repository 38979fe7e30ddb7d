import { formatNumber, useTranslation } from '../i18n';

/**
 * Previous and next over a list read a page at a time, with where the reader stands ("26–50 of 312"); a total
 * the server stopped counting reads "10,000+". Nothing is drawn when everything fits on one page.
 */
export function Pager({ label, offset, page, shown, total, capped = false, onOffset }: {
  label: string; offset: number; page: number; shown: number; total: number; capped?: boolean; onOffset: (offset: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (offset === 0 && total <= page && !capped) return null;
  const last = shown < page || (offset + page >= total && !capped);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - page))}>{t('figures.previous')}</button>
      <span className="muted">{t('common.range', {
        from: formatNumber(shown ? offset + 1 : offset, lng), to: formatNumber(offset + shown, lng), total: `${formatNumber(total, lng)}${capped ? '+' : ''}`,
      })}</span>
      <button type="button" disabled={last} onClick={() => onOffset(offset + page)}>{t('figures.next')}</button>
    </nav>
  );
}
