import { useState } from 'react';
import type { ErrorLine } from '../../api/r4v';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';

const PAGE = 25;

/**
 * R4V's error report on screen (the shape of its 5WErrorReport): each problem by the file's row, its column and
 * the check that found it, with what it means; a page at a time; the report as XLSX (R4V's sheet) and HXL.
 */
export function ErrorReport({ lines, onDownload, busy }: { lines: readonly ErrorLine[]; onDownload: (format: 'xlsx' | 'hxl') => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [offset, setOffset] = useState(0);
  const rows = new Set(lines.map((l) => l.row)).size;
  const shown = lines.slice(offset, offset + PAGE);
  return (
    <section aria-labelledby="r4v-errors-heading" className="panel" data-testid="r4v-error-report">
      <h3 id="r4v-errors-heading">{t('r4v.errors.title')}</h3>
      <p role="status" data-testid="r4v-error-summary">
        {lines.length === 0 ? t('r4v.errors.none') : t('r4v.errors.summary', { count: rows, rows: formatNumber(rows, lng), problems: formatNumber(lines.length, lng) })}
      </p>
      <p className="muted small">{t('r4v.errors.help')}</p>
      {lines.length > 0 && (
        <>
          <TableWrap label={t('r4v.errors.title')}>
            <table data-testid="r4v-errors">
              <caption>{t('r4v.errors.caption')}</caption>
              <thead><tr>
                <th scope="col" className="num">{t('r4v.errors.row')}</th><th scope="col">{t('r4v.errors.column')}</th>
                <th scope="col">{t('r4v.errors.check')}</th><th scope="col">{t('r4v.errors.message')}</th>
              </tr></thead>
              <tbody>{shown.map((l, i) => (
                <tr key={`${offset + i}`} data-testid="r4v-error-line">
                  <td className="num">{formatNumber(l.row, lng)}</td><td><bdi>{l.column}</bdi></td><td><bdi>{l.check}</bdi></td>
                  <td>{t(`r4v.check.${l.check}`, { defaultValue: l.message })}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
          <Pager label={t('r4v.errors.pages')} offset={offset} page={PAGE} shown={shown.length} total={lines.length} onOffset={setOffset} />
        </>
      )}
      <p className="exports">{t('r4v.errors.download')}{' '}
        <button type="button" className="link" disabled={busy} onClick={() => onDownload('xlsx')}>{t('r4v.errors.xlsx')}</button>{' · '}
        <button type="button" className="link" disabled={busy} onClick={() => onDownload('hxl')}>{t('r4v.errors.hxl')}</button>
      </p>
    </section>
  );
}
