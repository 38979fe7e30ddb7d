import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { surveyQueries, SURVEY_DIMENSIONS, type SurveyAggregate, type SurveyDimension } from './surveys.api';
import { Suppressed } from './Trends';
import { useMovementWords } from './words';

const COUNTRY_DIMENSIONS: readonly SurveyDimension[] = ['nationality', 'origin', 'destination'];

/**
 * What every signed-in account sees of the surveys: counts of consented responses by month and one dimension,
 * as a bar per category and the same numbers in a table; suppressed cells say so, and nothing personal is here.
 */
export function SurveyAggregates() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const words = useMovementWords();
  const [by, setBy] = useState<SurveyDimension>('nationality');
  const q = useQuery({ ...surveyQueries.aggregates({ by }), placeholderData: keepPreviousData });
  const d = q.data;
  const name = (code: string) => {
    if (COUNTRY_DIMENSIONS.includes(by)) return words.country(code);
    if (by === 'sex_age') {
      const [sex = '', age = ''] = code.split(':');
      return `${t(`surveys.sex.${sex}`)} · ${t(`surveys.ageBand.${age}`)}`;
    }
    return t(`surveys.${by}.${code}`);
  };
  // The dimensions' words run inside the caption's sentence; a label or a heading starts with a capital.
  const dimension = (x: SurveyDimension) => { const w = t(`surveys.dimension.${x}`); return w.charAt(0).toLocaleUpperCase(lng) + w.slice(1); };
  const value = (a: SurveyAggregate, month: string | null, category: string | null) => a.cells.find((c) => c.month === month && c.category === category)?.value;
  const cell = (v: number | null | undefined) => (v === null ? <span className="suppressed">{t('common.hidden')}</span> : v === undefined ? '—' : formatNumber(v, lng));
  const caption = t('surveys.aggregateCaption', { by: t(`surveys.dimension.${by}`) });
  const totals = d ? d.categories.map((c) => value(d, null, c) ?? null) : [];
  const max = Math.max(1, ...totals.map((v) => v ?? 0));
  return (
    <section aria-labelledby="survey-aggregates-heading" data-testid="survey-aggregates">
      <h3 id="survey-aggregates-heading">{t('surveys.aggregates')}</h3>
      <p className="muted small">{d?.label ?? t('surveys.aggregatesHelp')}</p>
      <div className="field">
        <label htmlFor="sv-by">{t('surveys.by')}</label>
        <select id="sv-by" value={by} onChange={(e) => setBy(SURVEY_DIMENSIONS.find((x) => x === e.target.value) ?? 'nationality')}>
          {SURVEY_DIMENSIONS.map((x) => <option key={x} value={x}>{dimension(x)}</option>)}
        </select>
      </div>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && d.categories.length === 0 && <p className="muted" data-testid="no-survey-aggregates">{t('surveys.noAggregates')}</p>}
      {d && d.categories.length > 0 && (
        <>
          <ul className="survey-bars" aria-hidden="true">
            {d.categories.map((c, i) => (
              <li key={c}><span className="bar-label">{name(c)}</span><span className="bar" style={{ inlineSize: `${((totals[i] ?? 0) / max) * 100}%` }} /></li>
            ))}
          </ul>
          <Suppressed count={d.suppression.suppressed} k={d.suppression.k} />
          <TableWrap label={caption}>
            <table data-testid="survey-aggregate-table">
              <caption>{caption}</caption>
              <thead><tr>
                <th scope="col">{dimension(by)}</th>
                {d.months.map((m) => <th key={m} scope="col" className="num">{words.bucket(m)}</th>)}
                <th scope="col" className="num">{t('movements.total')}</th>
              </tr></thead>
              <tbody>{d.categories.map((c) => (
                <tr key={c} data-category={c}>
                  <th scope="row">{name(c)}</th>
                  {d.months.map((m) => <td key={m} className="num">{cell(value(d, m, c))}</td>)}
                  <td className="num total">{cell(value(d, null, c))}</td>
                </tr>
              ))}</tbody>
              <tfoot><tr>
                <th scope="row">{t('movements.total')}</th>
                {d.months.map((m) => <td key={m} className="num">{cell(value(d, m, null))}</td>)}
                <td className="num total">{cell(value(d, null, null))}</td>
              </tr></tfoot>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}
