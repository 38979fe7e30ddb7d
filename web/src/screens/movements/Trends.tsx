import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { movementsQueries, type Trend, type TrendQuery } from '../../api/movements';
import { useChart } from '../../charts/useChart';
import { useNarrow } from '../../charts/useNarrow';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { escapeHtml } from './charts';
import { useMovementWords } from './words';

/** A colour per corridor, told apart by people with the common colour-vision deficiencies (Okabe–Ito, then greys). */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#7f7f7f'];

/**
 * Flows of the largest corridors by month or week: a line each (a suppressed cell is a gap), and the same
 * numbers in a table (a suppressed cell says so).
 */
export function Trends({ query }: { query: TrendQuery }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const words = useMovementWords();
  // While other choices load, the last answer stays in place.
  const q = useQuery({ ...movementsQueries.trends(query), placeholderData: keepPreviousData });
  const d = q.data;
  const buckets = useMemo(() => [...new Set(d?.series.flatMap((s) => s.points.map((p) => p.bucket)) ?? [])].sort(), [d]);
  const cell = (v: number | null | undefined) => (v === null ? <span className="suppressed">{t('common.hidden')}</span> : v === undefined ? '—' : formatNumber(v, lng));
  // The caption says what the table shows: the answer's grain and measure (the last answer stays while the next loads).
  const caption = t(`movements.trendCaption.${d?.grain ?? query.grain}`, { measure: t(`movements.measureValue.${d?.measure ?? query.measure}`) });
  return (
    <section aria-labelledby="trends-heading">
      <h2 id="trends-heading">{t('movements.trends')}</h2>
      <p className="muted small">{t('movements.trendsHelp')}</p>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && d.series.length === 0 && <p className="muted" data-testid="no-trend">{t('movements.noFlows')}</p>}
      {d && d.series.length > 0 && (
        <>
          <TrendChart data={d} buckets={buckets} />
          <Suppressed count={d.suppression.suppressed} k={d.suppression.k} />
          <TableWrap label={caption}>
            <table data-testid="trend-table">
              <caption>{caption}</caption>
              <thead><tr>
                <th scope="col">{t('movements.corridor')}</th>
                {buckets.map((b) => <th key={b} scope="col" className="num">{words.bucket(b)}</th>)}
                <th scope="col" className="num">{t('movements.total')}</th>
              </tr></thead>
              <tbody>{d.series.map((s) => (
                <tr key={`${s.origin}>${s.transit}>${s.destination}`} data-corridor={`${s.origin}>${s.transit}>${s.destination}`}>
                  <th scope="row">{words.corridor(s)}</th>
                  {buckets.map((b) => <td key={b} className="num">{cell(s.points.find((p) => p.bucket === b)?.value)}</td>)}
                  <td className="num total">{cell(s.total)}</td>
                </tr>
              ))}</tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

/** How many numbers disclosure control hid, and why. */
export function Suppressed({ count, k }: { count: number; k: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return <p className="muted small" data-testid="suppressed-note">{t('common.hiddenCount', { count, k })}</p>;
}

function TrendChart({ data, buckets }: { data: Trend; buckets: string[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const narrow = useNarrow();
  const words = useMovementWords();
  const option = useMemo(() => ({
    aria: { enabled: false },
    color: SERIES_COLOURS,
    tooltip: {
      trigger: 'axis', confine: true,
      valueFormatter: (v: number | null) => escapeHtml(v === null || v === undefined ? t('common.hidden') : formatNumber(v, lng)),
    },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: buckets.map(words.bucket), axisLabel: narrow ? { rotate: 45 } : {} },
    yAxis: { type: 'value', name: t('movements.flowAxis'), axisLabel: { formatter: (v: number) => formatNumber(v, lng, { notation: 'compact' }) } },
    series: data.series.map((s) => ({
      type: 'line', name: words.corridor(s), connectNulls: false, symbolSize: 6,
      data: buckets.map((b) => s.points.find((p) => p.bucket === b)?.value ?? null),
    })),
  }), [data, buckets, lng, t, narrow, words]);
  const ref = useChart(option);
  return (
    <div>
      <div ref={ref} className="chart" role="img" aria-label={t('movements.trendChartLabel')} data-testid="trend-chart" />
      <ul className="legend" aria-label={t('movements.chartLegend')}>
        {data.series.map((s, i) => (
          <li key={`${s.origin}>${s.transit}>${s.destination}`}><span className="swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} aria-hidden="true" />{words.corridor(s)}</li>
        ))}
      </ul>
    </div>
  );
}
