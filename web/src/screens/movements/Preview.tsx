import type { Preview } from '../../api/movements';
import { TableWrap } from '../../components/TableWrap';
import { useTranslation } from '../../i18n';

/**
 * What the mapping makes of the file's first rows, nothing written: the file's headers as read (group headers
 * joined to the ones under them) with the hashtag each gets, the rows as they will be read (dates as dates),
 * each refused cell by row and column, the warnings (unmapped columns), and what stops the import.
 */
export function PreviewView({ preview: p }: { preview: Preview }) {
  const { t } = useTranslation();
  const bad = p.rows.filter((r) => r.errors.length > 0).length;
  return (
    <section aria-labelledby="preview-heading" data-testid="preview">
      <h2 id="preview-heading">{t('movements.previewTitle', { file: p.file, mapping: p.mapping })}</h2>
      <p className="muted small">{p.sheet ? t('movements.previewSheet', { sheet: p.sheet }) : null} {t('movements.previewHelp')}</p>
      {p.problems.length > 0 && (
        <div className="alert error" role="alert" data-testid="preview-problems">
          <h3>{t('movements.problems')}</h3>
          <ul>{p.problems.map((x, i) => <li key={i}><bdi>{x}</bdi></li>)}</ul>
        </div>
      )}
      {p.warnings.length > 0 && (
        <div className="alert warning" data-testid="preview-warnings">
          <h3>{t('movements.warnings')}</h3>
          <ul>{p.warnings.map((x, i) => <li key={i}><bdi>{x}</bdi></li>)}</ul>
        </div>
      )}
      {p.problems.length === 0 && bad === 0 && <p className="alert success" data-testid="preview-ready">{t('movements.previewReady')}</p>}
      {bad > 0 && <p className="alert error" data-testid="preview-bad-rows">{t('movements.previewBadRows', { count: bad })}</p>}

      <h3 id="headers-heading">{t('movements.headersRead')}</h3>
      <TableWrap label={t('movements.headersRead')}>
        <table data-testid="preview-headers" aria-labelledby="headers-heading">
          <thead><tr><th scope="col">{t('movements.column')}</th><th scope="col">{t('movements.header')}</th><th scope="col">{t('movements.hashtag')}</th></tr></thead>
          <tbody>{p.headers.map((h) => (
            <tr key={h.letter} data-letter={h.letter} className={h.tag ? undefined : 'unmapped'}>
              <td dir="ltr">{h.letter}</td><th scope="row"><bdi>{h.header || '—'}</bdi></th>
              <td dir="ltr">{h.tag ?? <span className="muted">{t('movements.notMapped')}</span>}</td>
            </tr>
          ))}</tbody>
        </table>
      </TableWrap>

      <h3 id="rows-heading">{t('movements.rowsAsRead', { count: p.rows.length })}</h3>
      <TableWrap label={t('movements.rowsAsRead', { count: p.rows.length })}>
        <table data-testid="preview-rows" aria-labelledby="rows-heading">
          <thead><tr>
            <th scope="col">{t('movements.row')}</th>
            {p.columns.map((c, i) => (
              <th key={i} scope="col"><bdi>{c.header}</bdi><br /><code dir="ltr" className="small">{c.tag}</code>{c.constant !== null && <span className="muted small"> {t('movements.constant')}</span>}</th>
            ))}
            <th scope="col">{t('movements.problems')}</th>
          </tr></thead>
          <tbody>{p.rows.map((r) => (
            <tr key={r.row} data-row={r.row} className={r.errors.length ? 'bad' : undefined}>
              <th scope="row">{r.row}</th>
              {r.values.map((v, i) => <td key={i}><bdi>{v}</bdi></td>)}
              <td>{r.errors.length === 0 ? '—' : <ul className="plain">{r.errors.map((e, i) => <li key={i} className="field-error">{e.column ? `${t('movements.columnX', { column: e.column })}: ` : ''}<bdi>{e.message}</bdi></li>)}</ul>}</td>
            </tr>
          ))}</tbody>
        </table>
      </TableWrap>
    </section>
  );
}
