import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { DashboardQuery, Plan } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Count } from '../../components/Count';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, formatPercent, useTranslation } from '../../i18n';
import { useCountryName } from '../../session';
import { R4vFiguresPanel } from '../r4v/Figures';
import { months } from './months';

const ReachedChart = lazy(() => import('../../components/ReachedChart'));
const AreaMap = lazy(() => import('../../components/AreaMap'));

type Include = NonNullable<DashboardQuery['include']>;
const usd = (n: number, lng: string) => formatNumber(n, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/**
 * Who does what where: people reached against targets by sector, area and group (names beside codes), up to a
 * month, from validated (or also submitted) reports; narrowed to a sector, an area or a partner; a map of the
 * areas where boundaries exist; a sector × area matrix; sex and age; partners; funding with its coverage.
 */
export function DashboardTab({ plan }: { plan: Plan }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const [until, setUntil] = useState(plan.endMonth);
  const [include, setInclude] = useState<Include>('validated');
  const [sector, setSector] = useState('');
  const [area, setArea] = useState('');
  const [partner, setPartner] = useState('');
  const query: DashboardQuery = { until, include, format: 'json', ...(sector ? { sector } : {}), ...(area ? { area } : {}), ...(partner ? { partner } : {}) };
  const { data, error, refetch } = useQuery({ ...queries.dashboard(plan.id, query), placeholderData: keepPreviousData });
  const country = plan.platform.country;
  const boundaries = useQuery({ ...queries.boundaries(country ?? ''), enabled: !!country });
  const exportHref = (format: string) => `/api/v1/plans/${plan.id}/dashboard?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), format })}`;
  const pct = (a: number | null, b: number) => (a === null ? '—' : b > 0 ? formatPercent(a / b, lng) : '—');
  const keys = (a: Record<string, number | null>, b: Record<string, number>) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const sectorName = (code: string) => data?.names.sectors[code] ?? code;
  const areaName = (code: string) => data?.names.areas[code] ?? code;
  const partnerName = (code: string) => data?.names.partners[code] ?? code;
  const k = data?.disclosure.k ?? 5;
  // Transit people are persons unless the platform counts them as times assisted, apart (issue 19).
  const apart = data?.platform.transit === 'times-assisted';
  const byName = (names: Record<string, string>) => Object.entries(names).sort((a, b) => a[1].localeCompare(b[1], lng));
  return (
    <section aria-labelledby="dash-heading">
      <h2 id="dash-heading" className="visually-hidden">{t('plan.dashboard')}</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('plan.dashboardOptions')}>
        <div className="field">
          <label htmlFor="until">{t('plan.until')}</label>
          <select id="until" value={until} onChange={(e) => setUntil(e.target.value)}>{months(plan.startMonth, plan.endMonth).map((m) => <option key={m}>{m}</option>)}</select>
        </div>
        {plan.can.review && (
          <div className="field">
            <label htmlFor="include">{t('plan.include')}</label>
            <select id="include" value={include} onChange={(e) => setInclude(e.target.value === 'submitted' ? 'submitted' : 'validated')}>
              <option value="validated">{t('plan.includeValidated')}</option><option value="submitted">{t('plan.includeSubmitted')}</option>
            </select>
          </div>
        )}
        {([['sector', sector, setSector, data ? byName(data.names.sectors) : []], ['area', area, setArea, data ? byName(data.names.areas) : []],
          ['partner', partner, setPartner, data ? byName(data.names.partners) : []]] as const).map(([dim, value, set, options]) => (
          <div className="field" key={dim}>
            <label htmlFor={`f-${dim}`}>{t(`plan.dim.${dim}`)}</label>
            <select id={`f-${dim}`} value={value} onChange={(e) => set(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {options.map(([code, name]) => <option key={code} value={code}>{dim === 'sector' ? name : `${name} (${code})`}</option>)}
            </select>
          </div>
        ))}
        <p className="exports">{t('figures.export')} <a href={exportHref('hxl')} download>HXL</a> · <a href={exportHref('json')} download>JSON</a> · <a href={exportHref('xlsx')} download>XLSX</a></p>
      </form>
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {!data ? !error && <Loading /> : (
        <>
          {(sector || area || partner) && (
            <p className="alert info" data-testid="dashboard-filter">{t('plan.filtered', {
              what: [sector && sectorName(sector), area && `${areaName(area)} (${area})`, partner && partnerName(partner)].filter(Boolean).join(' · '),
            })}</p>
          )}
          {data.disclosure.hidden > 0 && <p className="muted small" data-testid="disclosure-note">{t('common.hiddenCount', { count: data.disclosure.hidden, k })}</p>}
          <div className="grid-3">
            <div className="panel" data-testid="people-reached">
              <h3>{t('plan.peopleReached')}</h3>
              <p className="big"><strong><Count n={data.peopleReached.interSector} k={k} /></strong> / {formatNumber(data.targets.interSector, lng)} {t('plan.targeted')} ({pct(data.peopleReached.interSector, data.targets.interSector)})</p>
              <p className="small muted">{t(data.platform.counting === 'sum' ? 'plan.rulesSum' : 'plan.rulesMax')}</p>
            </div>
            {/* Times assisted in transit only where the platform counts them so; elsewhere transit people are persons. */}
            {apart ? (
              <div className="panel">
                <h3>{t('plan.transit')}</h3>
                <p className="big"><strong><Count n={data.timesAssistedInTransit} k={k} /></strong></p>
                <p className="small muted">{t('plan.transitHelp')}</p>
              </div>
            ) : (
              <div className="panel" data-testid="transit-persons">
                <h3>{t('group.in_transit')}</h3>
                <p className="big"><strong><Count n={data.peopleReached.byGroup.in_transit ?? 0} k={k} /></strong></p>
                <p className="small muted">{t('plan.transitPersonsHelp')}</p>
              </div>
            )}
            <div className="panel" data-testid="funding-total">
              <h3>{t('plan.fundingTitle')}</h3>
              <p className="big"><strong>{usd(data.fundingTotal.fundingUsd, lng)}</strong> / {usd(data.fundingTotal.requirementsUsd, lng)}</p>
              <p>{t('plan.coverage', { coverage: data.fundingTotal.coverage === null ? '—' : formatPercent(data.fundingTotal.coverage, lng) })}</p>
            </div>
          </div>
          {data.r4v && <R4vFiguresPanel figures={data.r4v} />}
          <Suspense fallback={<Loading />}>
            <ReachedChart labels={keys(data.peopleReached.bySector, data.targets.bySector).map(sectorName)}
              reached={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.peopleReached.bySector[k] ?? 0)}
              targets={keys(data.peopleReached.bySector, data.targets.bySector).map((k) => data.targets.bySector[k] ?? 0)} />
          </Suspense>

          <section aria-labelledby="area-map-heading" className="area-map">
            <h3 id="area-map-heading">{t('plan.areaMap')}</h3>
            {!country ? <p className="muted">{t('plan.noCountry')}</p>
              : !boundaries.data ? (boundaries.error ? <ErrorMessage error={boundaries.error} onRetry={() => void boundaries.refetch()} /> : <Loading />)
              : boundaries.data.features.length === 0 ? <p className="muted" data-testid="no-boundaries">{t('plan.noBoundaries', { country: countryName(country, lng) })}</p>
              : <Suspense fallback={<Loading />}><AreaMap iso3={country} boundaries={boundaries.data} values={data.peopleReached.byArea} names={data.names.areas} onChoose={setArea} /></Suspense>}
          </section>

          {([['sector', data.peopleReached.bySector, data.targets.bySector, sectorName], ['area', data.peopleReached.byArea, data.targets.byArea, (k: string) => `${areaName(k)} (${k})`],
            ['group', data.peopleReached.byGroup, data.targets.byGroup, (k: string) => t(`group.${k}`)]] as const).map(([dim, reached, targets, name]) => (
            <TableWrap key={dim} label={t(`plan.by.${dim}`)}>
              <table data-testid={`by-${dim}`}>
                <caption>{t(`plan.by.${dim}`)}</caption>
                <thead><tr><th scope="col">{t(`plan.dim.${dim}`)}</th><th scope="col" className="num">{t('plan.reached')}</th><th scope="col" className="num">{t('plan.target')}</th><th scope="col" className="num">%</th></tr></thead>
                <tbody>{keys(reached, targets).map((k) => <tr key={k}><th scope="row">{name(k)}</th><td className="num"><Count n={reached[k]} k={data.disclosure.k} /></td><td className="num">{formatNumber(targets[k] ?? 0, lng)}</td><td className="num">{pct(reached[k] === undefined ? 0 : reached[k], targets[k] ?? 0)}</td></tr>)}</tbody>
              </table>
            </TableWrap>
          ))}
          <Matrix cells={data.peopleReached.cells} sectorName={sectorName} areaName={areaName} k={k} />
          <SexAndAge rows={data.bySexAndAge} k={k} />
          <TableWrap label={t('plan.byMonth')}>
            <table>
              <caption>{t('plan.byMonth')}</caption>
              <thead><tr><th scope="col">{t('platforms.month')}</th><th scope="col" className="num">{t('plan.monthPeople')}</th>{apart && <th scope="col" className="num">{t('plan.transit')}</th>}</tr></thead>
              <tbody>{data.byMonth.map((m) => <tr key={m.month}><th scope="row"><bdi>{m.month}</bdi></th><td className="num"><Count n={m.people} k={k} /></td>{apart && <td className="num"><Count n={m.timesAssistedInTransit} k={k} /></td>}</tr>)}</tbody>
            </table>
          </TableWrap>
          <p className="muted small">{t('plan.byMonthHelp')}</p>
          {/* Per-partner sums reach the platform's co-leads, and a partner its own: the API leaves the others out. */}
          {data.byPartner.length > 0 && (
            <>
              <TableWrap label={t('plan.byPartner')}>
                <table data-testid="by-partner">
                  <caption>{t('plan.byPartner')}</caption>
                  <thead><tr><th scope="col">{t('platforms.partner')}</th><th scope="col" className="num">{t('plan.activitySum')}</th><th scope="col" className="num">{t('plan.requirements')}</th><th scope="col" className="num">{t('plan.funding')}</th><th scope="col" className="num">{t('plan.coverageShort')}</th></tr></thead>
                  <tbody>{data.byPartner.map((p) => (
                    <tr key={p.partner}>
                      <th scope="row">{p.partnerName} <span className="muted small">(<bdi>{p.partner}</bdi>)</span></th><td className="num">{formatNumber(p.activitySum, lng)}</td>
                      <td className="num">{usd(p.requirementsUsd, lng)}</td><td className="num">{usd(p.fundingUsd, lng)}</td><td className="num">{formatPercent(p.coverage, lng)}</td>
                    </tr>
                  ))}</tbody>
                </table>
              </TableWrap>
              <p className="muted small">{t('plan.activitySumHelp')}</p>
            </>
          )}
          <TableWrap label={t('plan.fundingBySector')}>
            <table data-testid="funding">
              <caption>{t('plan.fundingBySector')}</caption>
              <thead><tr><th scope="col">{t('plan.dim.sector')}</th><th scope="col" className="num">{t('plan.requirements')}</th><th scope="col" className="num">{t('plan.funding')}</th><th scope="col" className="num">{t('plan.coverageShort')}</th></tr></thead>
              <tbody>
                {data.funding.map((f) => (
                  <tr key={f.sector}><th scope="row">{sectorName(f.sector)}</th><td className="num">{usd(f.requirementsUsd, lng)}</td><td className="num">{usd(f.fundingUsd, lng)}</td><td className="num">{formatPercent(f.coverage, lng)}</td></tr>
                ))}
                <tr className="totals"><th scope="row">{t('report.total')}</th><td className="num">{usd(data.fundingTotal.requirementsUsd, lng)}</td><td className="num">{usd(data.fundingTotal.fundingUsd, lng)}</td><td className="num">{formatPercent(data.fundingTotal.coverage, lng)}</td></tr>
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

/** Sector × area: each sector's people reached in each area (its cells summed over groups, rule 4). */
function Matrix({ cells, sectorName, areaName, k }: {
  cells: Array<{ sector: string; area: string; value: number | null }>; sectorName: (c: string) => string; areaName: (c: string) => string; k: number;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const sectors = [...new Set(cells.map((c) => c.sector))].sort((a, b) => sectorName(a).localeCompare(sectorName(b), lng));
  const areas = [...new Set(cells.map((c) => c.area))].sort((a, b) => areaName(a).localeCompare(areaName(b), lng));
  // A sector and area whose groups include a hidden value is hidden whole: a partial sum would mislead.
  const value = new Map<string, number | null>();
  for (const c of cells) {
    const key = `${c.sector}|${c.area}`;
    const before = value.has(key) ? value.get(key)! : 0;
    value.set(key, before === null || c.value === null ? null : before + c.value);
  }
  if (cells.length === 0) return null;
  return (
    <TableWrap label={t('plan.matrix')}>
      <table data-testid="matrix">
        <caption>{t('plan.matrix')}</caption>
        <thead><tr><th scope="col">{t('plan.dim.sector')}</th>{areas.map((a) => <th scope="col" key={a} className="num">{areaName(a)} <span className="muted small">(<bdi>{a}</bdi>)</span></th>)}</tr></thead>
        <tbody>
          {sectors.map((s) => (
            <tr key={s}><th scope="row">{sectorName(s)}</th>{areas.map((a) => <td key={a} className="num">{value.has(`${s}|${a}`) ? <Count n={value.get(`${s}|${a}`)} k={k} /> : '—'}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** New people by sex and age as the activities reported them, with each one's share. */
function SexAndAge({ rows, k }: { rows: Array<{ sex: string; age: string; newReached: number | null }>; k: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // Shares and row totals only when nothing is hidden: otherwise they would be computed from part of the people.
  const whole = rows.every((r) => r.newReached !== null);
  const total = rows.reduce((s, r) => s + (r.newReached ?? 0), 0);
  const ages = [...new Set(rows.map((r) => r.age))];
  const sexes = [...new Set(rows.map((r) => r.sex))];
  const cell = (sex: string, age: string) => { const r = rows.find((x) => x.sex === sex && x.age === age); return r ? r.newReached : 0; };
  const rowTotal = (sex: string) => ages.reduce<number | null>((x, a) => { const c = cell(sex, a); return x === null || c === null ? null : x + c; }, 0);
  const show = (n: number | null) => (n === null ? <Count n={null} k={k} /> : `${formatNumber(n, lng)}${whole && total > 0 ? ` (${formatPercent(n / total, lng)})` : ''}`);
  return (
    <>
      <TableWrap label={t('plan.sexAge')}>
        <table data-testid="sex-age">
          <caption>{t('plan.sexAge')}</caption>
          <thead><tr><td />{ages.map((a) => <th scope="col" key={a} className="num">{a}</th>)}<th scope="col" className="num">{t('report.total')}</th></tr></thead>
          <tbody>
            {sexes.map((s) => (
              <tr key={s}><th scope="row">{t(`sex.${s}`)}</th>{ages.map((a) => <td key={a} className="num">{show(cell(s, a))}</td>)}<td className="num">{show(rowTotal(s))}</td></tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted small">{t('plan.sexAgeHelp')}</p>
    </>
  );
}
