import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { solutionsQueries, type Progress } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { useTitle } from '../../hooks';
import { formatNumber, formatPercent, useTranslation } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useCountryName, useSession } from '../../session';
import { SyntheticTag } from './fields';

const Bars = lazy(() => import('./Bars'));

/** The measures of progress, in the order a case goes: the State's pledge, UNHCR's submissions, the State's decisions, departures, and UNHCR's published arrivals. */
const MEASURES = ['target', 'pledged', 'submitted', 'decided', 'departed', 'published'] as const;
const COLOURS: Record<(typeof MEASURES)[number], string> = {
  target: '#b0bec5', pledged: '#7e57c2', submitted: '#1565c0', decided: '#00838f', departed: '#2e7d32', published: '#37474f',
};

/**
 * The resettlement and complementary pathways strategy (R10): each year's targets by pathway and receiving
 * country against progress — pledges, submissions, decisions and departures from the pipeline — and against
 * UNHCR's published solutions figures, as a chart and as the same numbers in a table.
 */
export function Strategy() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const { user } = useSession();
  useTitle(t('solutions.strategy.title'));
  const strategies = useQuery({ ...solutionsQueries.strategies(), enabled: !!user });
  if (user === null) return <><h1>{t('solutions.strategy.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  const list = strategies.data?.items ?? [];
  const asked = query.get('id');
  const chosen = list.find((s) => s.id === asked) ?? list[0];
  return (
    <>
      <p className="crumbs"><Link href="/solutions">{t('solutions.title')}</Link></p>
      <h1>{t('solutions.strategy.title')}</h1>
      <p className="muted small">{t('solutions.strategy.intro')}</p>
      <ErrorMessage error={strategies.error} onRetry={() => void strategies.refetch()} />
      {!strategies.data && !strategies.error && <Loading />}
      {strategies.data && list.length === 0 && <p className="muted">{t('solutions.strategy.none')}</p>}
      {list.length > 1 && (
        <nav aria-label={t('solutions.strategy.choose')} className="tabs">
          <ul>{list.map((s) => <li key={s.id}><Link href={`/solutions/strategy?id=${s.id}`} aria-current={s.id === chosen?.id ? 'page' : undefined}><bdi>{s.name}</bdi></Link></li>)}</ul>
        </nav>
      )}
      {chosen && <StrategyProgress id={chosen.id} synthetic={chosen.synthetic} />}
    </>
  );
}

function StrategyProgress({ id, synthetic }: { id: string; synthetic: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const progress = useQuery(solutionsQueries.progress(id));
  const p = progress.data;
  const [year, setYear] = useState<number | null>(null);
  if (progress.error) return <ErrorMessage error={progress.error} onRetry={() => void progress.refetch()} />;
  if (!p) return <Loading />;
  const years = p.byYear.map((y) => y.year);
  const shownYear = year ?? years.find((y) => y === new Date().getUTCFullYear()) ?? years[0] ?? p.strategy.fromYear;
  const rows = p.rows.filter((r) => r.year === shownYear);
  const rowName = (r: Progress['rows'][number]) => `${t(`solutions.pathway.${r.pathway}`)} · ${country(r.country, lng)}`;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading"><bdi>{p.strategy.name}</bdi> <SyntheticTag synthetic={synthetic} /></h2>
      <p>{t('solutions.strategy.years', { from: p.strategy.fromYear, to: p.strategy.toYear })}</p>
      <p className={p.figuresImported ? 'muted small' : 'alert info'} data-testid="figures-imported">
        {t(p.figuresImported ? 'solutions.strategy.figuresImported' : 'solutions.strategy.figuresMissing')}
      </p>
      <h3>{t('solutions.strategy.byYear')}</h3>
      <TableWrap label={t('solutions.strategy.byYear')}>
        <table data-testid="progress-by-year">
          <caption>{t('solutions.strategy.byYearCaption')}</caption>
          <thead><tr><th scope="col">{t('solutions.strategy.year')}</th>{MEASURES.map((m) => <th key={m} scope="col" className="num">{t(`solutions.measure.${m}`)}</th>)}</tr></thead>
          <tbody>{p.byYear.map((y) => (
            <tr key={y.year}><th scope="row">{y.year}</th>{MEASURES.map((m) => <td key={m} className="num">{y[m] === null ? '—' : formatNumber(y[m], lng)}</td>)}</tr>
          ))}</tbody>
        </table>
      </TableWrap>
      <div className="filters compact">
        <div className="field">
          <label htmlFor="s-year">{t('solutions.strategy.year')}</label>
          <select id="s-year" value={shownYear} onChange={(e) => setYear(Number(e.target.value))}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select>
        </div>
      </div>
      <h3>{t('solutions.strategy.yearTitle', { year: shownYear })}</h3>
      <YearChart rows={rows} names={rows.map(rowName)} year={shownYear} />
      <TableWrap label={t('solutions.strategy.yearTitle', { year: shownYear })}>
        <table data-testid="progress-rows">
          <caption>{t('solutions.strategy.rowsCaption', { year: shownYear })}</caption>
          <thead><tr>
            <th scope="col">{t('solutions.strategy.pathway')}</th><th scope="col">{t('solutions.strategy.country')}</th>
            {MEASURES.map((m) => <th key={m} scope="col" className="num">{t(`solutions.measure.${m}`)}</th>)}
            <th scope="col" className="num">{t('solutions.measure.progress')}</th>
          </tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={`${r.pathway}-${r.country}`} data-testid="progress-row" data-row={`${r.pathway}-${r.country}`}>
              <th scope="row">{t(`solutions.pathway.${r.pathway}`)}</th><td>{country(r.country, lng)}</td>
              {MEASURES.map((m) => <td key={m} className="num">{r[m] === null ? '—' : formatNumber(r[m], lng)}</td>)}
              <td className="num">{r.progress === null ? '—' : formatPercent(r.progress, lng)}</td>
            </tr>
          ))}</tbody>
        </table>
      </TableWrap>
      <p className="muted small">{t('solutions.strategy.measuresHelp')}</p>
    </section>
  );
}

function YearChart({ rows, names, year }: { rows: Progress['rows']; names: string[]; year: number }) {
  const { t } = useTranslation();
  const series = useMemo(() => MEASURES.map((m) => ({ name: t(`solutions.measure.${m}`), color: COLOURS[m], data: rows.map((r) => r[m]) })), [rows, t]);
  if (rows.length === 0) return <p className="muted">{t('solutions.strategy.noTargets')}</p>;
  return (
    <Suspense fallback={<Loading />}>
      <Bars categories={names} series={series} label={t('solutions.strategy.chartLabel', { year })} testId="progress-chart" />
    </Suspense>
  );
}
