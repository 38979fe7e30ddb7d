import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { movementsQueries, type TopCorridors, type TrendQuery } from '../../api/movements';
import { useChart } from '../../charts/useChart';
import { useNarrow } from '../../charts/useNarrow';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { escapeHtml } from './charts';
import { Suppressed } from './Trends';
import { useMovementWords } from './words';

const BAR = '#0072b2';

/** The largest corridors over the period chosen, by their flow: bars, and the same numbers in a table. */
export function Corridors({ query }: { query: TrendQuery }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const words = useMovementWords();
  // While other choices load, the last answer stays in place.
  const q = useQuery({ ...movementsQueries.corridors(query), placeholderData: keepPreviousData });
  const d = q.data;
  const caption = t('movements.corridorsCaption', { measure: t(`movements.measureValue.${d?.measure ?? query.measure}`) });
  return (
    <section aria-labelledby="corridors-heading">
      <h2 id="corridors-heading">{t('movements.corridors')}</h2>
      <p className="muted small">{t('movements.corridorsHelp')}</p>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && d.items.length === 0 && <p className="muted">{t('movements.noFlows')}</p>}
      {d && d.items.length > 0 && (
        <>
          <CorridorChart data={d} />
          <Suppressed count={d.suppression.suppressed} k={d.suppression.k} />
          <TableWrap label={caption}>
            <table data-testid="corridor-table">
              <caption>{caption}</caption>
              <thead><tr><th scope="col">{t('movements.origin')}</th><th scope="col">{t('movements.transit')}</th><th scope="col">{t('movements.destination')}</th><th scope="col" className="num">{t('movements.flow')}</th></tr></thead>
              <tbody>{d.items.map((c) => (
                <tr key={`${c.origin}>${c.transit}>${c.destination}`} data-corridor={`${c.origin}>${c.transit}>${c.destination}`}>
                  <td>{words.country(c.origin)}</td><td>{words.country(c.transit)}</td><td>{words.country(c.destination)}</td>
                  <td className="num">{c.value === null ? <span className="suppressed">{t('common.hidden')}</span> : formatNumber(c.value, lng)}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

function CorridorChart({ data }: { data: TopCorridors }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const words = useMovementWords();
  const narrow = useNarrow();
  const option = useMemo(() => ({
    aria: { enabled: false },
    color: [BAR],
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number | null) => escapeHtml(v === null || v === undefined ? t('common.hidden') : formatNumber(v, lng)) },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', splitNumber: narrow ? 3 : 5, axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } },
    yAxis: { type: 'category', inverse: true, data: data.items.map(words.corridor), axisLabel: { width: narrow ? 110 : 160, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('movements.flow'), data: data.items.map((c) => c.value) }],
  }), [data, lng, t, words, narrow]);
  const ref = useChart(option);
  return <div ref={ref} className="chart" role="img" aria-label={t('movements.corridorChartLabel')} data-testid="corridor-chart"
    style={{ height: `${Math.max(10, data.items.length * 2.2 + 3)}rem` }} />;
}
