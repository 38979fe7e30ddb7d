import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardQuery, Plan } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatNumber, formatPercent } from '../../i18n';
import { months } from './months';

const ReachedChart = lazy(() => import('../../components/ReachedChart'));

type Include = NonNullable<DashboardQuery['include']>;

/** People reached against targets by sector, area and group, up to a month, from validated (or also submitted) reports. */
export function DashboardTab({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [until, setUntil] = useState(plan.endMonth);
  const [include, setInclude] = useState<Include>('validated');
  const { data, error } = useQuery(queries.dashboard(plan.id, { until, include, format: 'json' }));
  const sectorName = (code: string) => plan.platform.sectors.find((s) => s.code === code)?.name ?? code;
  const exportHref = (format: string) => `/api/v1/plans/${plan.id}/dashboard?${new URLSearchParams({ until, include, format })}`;
  const pct = (a: number, b: number) => (b > 0 ? formatPercent(a / b, lng) : '—');
  const keys = (a: Record<string, number>, b: Record<string, number>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return (
    <section aria-labelledby="dash-heading">
      <h2 id="dash-heading" className="visually-hidden">{t('plan.dashboard')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('plan.dashboardOptions')}>
        <div className="field">
          <label htmlFor="until">{t('plan.until')}</label>
          <select id="until" value={until} onChange={(e) => setUntil(e.target.value)}>{months(plan.startMonth, plan.endMonth).map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        <div className="field">
          <label htmlFor="include">{t('plan.include')}</label>
          <select id="include" value={include} onChange={(e) => setInclude(e.target.value === 'submitted' ? 'submitted' : 'validated')}>
            <option value="validated">{t('plan.includeValidated')}</option><option value="submitted">{t('plan.includeSubmitted')}</option>
          </select>
        </div>
        <p className="exports">{t('figures.export')} <a href={exportHref('hxl')} download>HXL</a> · <a href={exportHref('json')} download>JSON</a> · <a href={exportHref('xlsx')} download>XLSX</a></p>
      </form>
      <ErrorMessage error={error} />
      {!data ? <Loading /> : (
        <>
          <div className="grid-2">
            <div className="panel" data-testid="people-reached">
              <h3>{t('plan.peopleReached')}</h3>
              <p className="big"><strong>{formatNumber(data.peopleReached.interSector, lng)}</strong> / {formatNumber(data.targets.interSector, lng)} {t('plan.targeted')} ({pct(data.peopleReached.interSector, data.targets.interSector)})</p>
              <p className="small muted">{t(data.platform.counting === 'sum' ? 'plan.rulesSum' : 'plan.rulesMax')}</p>
            </div>
            <div className="panel">
              <h3>{t('plan.transit')}</h3>
              <p className="big"><strong>{formatNumber(data.timesAssistedInTransit, lng)}</strong></p>
              <p className="small muted">{t('plan.transitHelp')}</p>
            </div>
          </div>
          <Suspense fallback={<Loading />}>
            <ReachedChart labels={keys(data.peopleReached.bySector, data.targets.bySector).map(sectorName)}
              reached={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.peopleReached.bySector[k] ?? 0)}
              targets={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.targets.bySector[k] ?? 0)} />
          </Suspense>
          {([['sector', data.peopleReached.bySector, data.targets.bySector, sectorName], ['area', data.peopleReached.byArea, data.targets.byArea, (k: string) => k],
            ['group', data.peopleReached.byGroup, data.targets.byGroup, (k: string) => t(`group.${k}`)]] as const).map(([dim, reached, targets, name]) => (
            <div key={dim} className="table-wrap">
              <table data-testid={`by-${dim}`}>
                <caption>{t(`plan.by.${dim}`)}</caption>
                <thead><tr><th scope="col">{t(`plan.dim.${dim}`)}</th><th scope="col" className="num">{t('plan.reached')}</th><th scope="col" className="num">{t('plan.target')}</th><th scope="col" className="num">%</th></tr></thead>
                <tbody>{keys(reached, targets).map((k) => <tr key={k}><th scope="row">{name(k)}</th><td className="num">{formatNumber(reached[k] ?? 0, lng)}</td><td className="num">{formatNumber(targets[k] ?? 0, lng)}</td><td className="num">{pct(reached[k] ?? 0, targets[k] ?? 0)}</td></tr>)}</tbody>
              </table>
            </div>
          ))}
          <p className="muted small">{t('plan.noBoundaries')}</p>
          <div className="table-wrap">
            <table>
              <caption>{t('plan.byMonth')}</caption>
              <thead><tr><th scope="col">{t('platforms.month')}</th><th scope="col" className="num">{t('plan.monthPeople')}</th><th scope="col" className="num">{t('plan.transit')}</th></tr></thead>
              <tbody>{data.byMonth.map((m) => <tr key={m.month}><th scope="row">{m.month}</th><td className="num">{formatNumber(m.people, lng)}</td><td className="num">{formatNumber(m.timesAssistedInTransit, lng)}</td></tr>)}</tbody>
            </table>
          </div>
          <p className="muted small">{t('plan.byMonthHelp')}</p>
          <div className="table-wrap">
            <table>
              <caption>{t('plan.byPartner')}</caption>
              <thead><tr><th scope="col">{t('platforms.partner')}</th><th scope="col" className="num">{t('plan.activitySum')}</th><th scope="col" className="num">{t('plan.requirements')}</th><th scope="col" className="num">{t('plan.funding')}</th></tr></thead>
              <tbody>{data.byPartner.map((p) => <tr key={p.partner}><th scope="row">{p.partner}</th><td className="num">{formatNumber(p.activitySum, lng)}</td><td className="num">{formatNumber(p.requirementsUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })}</td><td className="num">{formatNumber(p.fundingUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })}</td></tr>)}</tbody>
            </table>
          </div>
          <p className="muted small">{t('plan.activitySumHelp')}</p>
        </>
      )}
    </section>
  );
}
