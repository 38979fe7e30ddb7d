import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { CASE_STATUSES, solutionsQueries, STAGES, type Bottlenecks, type PipelineCase, type Stage } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { FilterSelect } from '../../components/Listing';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { useTitle } from '../../hooks';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName, useSession } from '../../session';
import { SyntheticTag } from './fields';

const Bars = lazy(() => import('./Bars'));
const PAGE = 25;

/**
 * The case pipeline (R10): the funnel of cases by stage with the time they spend in each, the median days per
 * stage by receiving country, the cases stuck beyond a threshold, the drop-outs, and the slowest stage named
 * with the party responsible for it; below, the cases the account's organisation is a party to.
 */
export function Pipeline() {
  const { t } = useTranslation();
  const { user, can } = useSession();
  useTitle(t('solutions.pipeline.title'));
  if (user === undefined) return <Loading />;
  if (user === null) return <><h1>{t('solutions.pipeline.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  return (
    <>
      <p className="crumbs"><Link href="/solutions">{t('solutions.title')}</Link></p>
      <h1>{t('solutions.pipeline.title')}</h1>
      <p className="muted small">{t('solutions.pipeline.intro')}</p>
      {can.readSolutions && <BottleneckView />}
      {can.handleResettlement && <Cases />}
    </>
  );
}

function BottleneckView() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const [stuck, setStuck] = useState('60');
  const [where, setWhere] = useState('');
  const days = Number(stuck) >= 1 && Number(stuck) <= 3650 && Number.isInteger(Number(stuck)) ? Number(stuck) : 60;
  const view = useQuery(solutionsQueries.bottlenecks({ stuckAfterDays: days, ...(where ? { country: where } : {}) }));
  const b = view.data;
  const all = useQuery(solutionsQueries.bottlenecks({ stuckAfterDays: days })).data;
  const countries = (all ?? b)?.byCountry.map((c) => c.country) ?? [];
  return (
    <section aria-labelledby="bottleneck-heading">
      <h2 id="bottleneck-heading">{t('solutions.pipeline.bottlenecks')}</h2>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('solutions.pipeline.filters')}>
        <div className="field">
          <label htmlFor="p-stuck">{t('solutions.pipeline.stuckAfter')}</label>
          <input id="p-stuck" type="number" min={1} max={3650} inputMode="numeric" value={stuck} onChange={(e) => setStuck(e.target.value)} aria-describedby="p-stuck-help" />
          <p id="p-stuck-help" className="muted small">{t('solutions.pipeline.stuckHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor="p-country">{t('solutions.pipeline.country')}</label>
          <select id="p-country" value={where} onChange={(e) => setWhere(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {countries.map((c) => <option key={c} value={c}>{country(c, lng)}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={view.error} onRetry={() => void view.refetch()} />
      {!b && !view.error && <Loading />}
      {b && <BottleneckBody b={b} />}
    </section>
  );
}

/** Cases that reached a stage: those that moved on from it, those in it, and those who dropped out at it. */
const reached = (s: Bottlenecks['stages'][number]) => s.completed + s.inStage + s.droppedOut;

function BottleneckBody({ b }: { b: Bottlenecks }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const stageName = (s: Stage) => t(`solutions.stage.${s}`);
  const series = useMemo(() => [
    { name: t('solutions.pipeline.reached'), color: '#1565c0', data: b.stages.map(reached) },
    { name: t('solutions.pipeline.inStage'), color: '#b0bec5', data: b.stages.map((s) => s.inStage) },
  ], [b, t]);
  const categories = useMemo(() => b.stages.map((s) => t(`solutions.stage.${s.stage}`)), [b, t]);
  const days = (n: number | null) => (n === null ? '—' : t('solutions.days', { count: n, n: formatNumber(n, lng) }));
  return (
    <>
      <p className={b.slowestStage ? 'alert warning' : 'muted'} data-testid="slowest-stage">
        {b.slowestStage
          ? t('solutions.pipeline.slowest', { stage: stageName(b.slowestStage), party: t(`solutions.party.${b.slowestResponsible ?? 'UNHCR'}`), days: days(b.stages.find((s) => s.stage === b.slowestStage)?.medianDays ?? null) })
          : t('solutions.pipeline.noSlowest')}
      </p>
      <h3>{t('solutions.pipeline.funnel')}</h3>
      <Suspense fallback={<Loading />}>
        <Bars categories={categories} series={series} label={t('solutions.pipeline.funnelLabel')} testId="funnel-chart" horizontal />
      </Suspense>
      <TableWrap label={t('solutions.pipeline.funnel')}>
        <table data-testid="stages">
          <caption>{t('solutions.pipeline.stagesCaption', { days: formatNumber(b.stuckAfterDays, lng) })}</caption>
          <thead><tr>
            <th scope="col">{t('solutions.pipeline.stageLabel')}</th><th scope="col">{t('solutions.pipeline.responsible')}</th>
            <th scope="col" className="num">{t('solutions.pipeline.reached')}</th><th scope="col" className="num">{t('solutions.pipeline.inStage')}</th>
            <th scope="col" className="num">{t('solutions.pipeline.median')}</th><th scope="col" className="num">{t('solutions.pipeline.stuck')}</th>
            <th scope="col" className="num">{t('solutions.pipeline.oldest')}</th><th scope="col" className="num">{t('solutions.pipeline.dropped')}</th>
          </tr></thead>
          <tbody>{b.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage} className={s.stage === b.slowestStage ? 'slowest' : undefined}>
              <th scope="row">{stageName(s.stage)}</th><td>{t(`solutions.party.${s.responsible}`)}</td>
              <td className="num">{formatNumber(reached(s), lng)}</td><td className="num">{formatNumber(s.inStage, lng)}</td>
              <td className="num">{days(s.medianDays)}</td><td className="num">{formatNumber(s.stuck, lng)}</td>
              <td className="num">{days(s.oldestDays)}</td><td className="num">{formatNumber(s.droppedOut, lng)}</td>
            </tr>
          ))}</tbody>
        </table>
      </TableWrap>
      <h3>{t('solutions.pipeline.byCountry')}</h3>
      {b.byCountry.length === 0 ? <p className="muted">{t('solutions.pipeline.noCases')}</p> : (
        <TableWrap label={t('solutions.pipeline.byCountry')}>
          <table data-testid="by-country">
            <caption>{t('solutions.pipeline.byCountryCaption')}</caption>
            <thead><tr><th scope="col">{t('solutions.pipeline.country')}</th>{STAGES.map((s) => <th key={s} scope="col" className="num">{stageName(s)}</th>)}
              <th scope="col">{t('solutions.pipeline.slowestHead')}</th></tr></thead>
            <tbody>{b.byCountry.map((c) => (
              <tr key={c.country} data-country={c.country}>
                <th scope="row">{country(c.country, lng)}</th>
                {STAGES.map((s) => <td key={s} className="num">{days(c.stages.find((x) => x.stage === s)?.medianDays ?? null)}</td>)}
                <td>{c.slowestStage ? stageName(c.slowestStage) : '—'}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
      <h3>{t('solutions.pipeline.dropOuts')}</h3>
      {b.dropOuts.length === 0 ? <p className="muted" data-testid="no-drop-outs">{t('solutions.pipeline.noDropOuts')}</p> : (
        <TableWrap label={t('solutions.pipeline.dropOuts')}>
          <table data-testid="drop-outs">
            <caption>{t('solutions.pipeline.dropOutsCaption')}</caption>
            <thead><tr><th scope="col">{t('solutions.pipeline.stageLabel')}</th><th scope="col">{t('solutions.pipeline.reason')}</th><th scope="col" className="num">{t('solutions.pipeline.cases')}</th></tr></thead>
            <tbody>{b.dropOuts.map((d) => (
              <tr key={`${d.stage}-${d.reason}`}><th scope="row">{stageName(d.stage)}</th><td>{t(`solutions.dropReason.${d.reason}`, { defaultValue: d.reason })}</td><td className="num">{formatNumber(d.cases, lng)}</td></tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

/** The cases the account's organisation is a party to, longest in their stage first (no personal field). */
function Cases() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const [stage, setStage] = useState<Stage>();
  const [status, setStatus] = useState<PipelineCase['status']>();
  const [offset, setOffset] = useState(0);
  const list = useQuery(solutionsQueries.cases({ limit: PAGE, offset, ...(stage ? { stage } : {}), ...(status ? { status } : {}) }));
  const data = list.data;
  return (
    <section aria-labelledby="cases-heading">
      <h2 id="cases-heading">{t('solutions.pipeline.cases')}</h2>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('solutions.pipeline.caseFilters')}>
        <FilterSelect id="c-stage" label={t('solutions.pipeline.stageLabel')} value={stage} choices={STAGES} word={(s) => t(`solutions.stage.${s}`)}
          onChange={(s) => { setStage(s); setOffset(0); }} />
        <FilterSelect id="c-status" label={t('solutions.pipeline.caseStatus')} value={status} choices={CASE_STATUSES} word={(s) => t(`solutions.caseStatus.${s}`)}
          onChange={(s) => { setStatus(s); setOffset(0); }} />
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="case-summary">{t('solutions.pipeline.caseCount', { count: data.total, n: formatNumber(data.total, lng) })}</p>
          {data.items.length > 0 && (
            <TableWrap label={t('solutions.pipeline.cases')}>
              <table data-testid="cases">
                <caption>{t('solutions.pipeline.casesCaption')}</caption>
                <thead><tr>
                  <th scope="col">{t('solutions.pipeline.case')}</th><th scope="col">{t('solutions.strategy.pathway')}</th>
                  <th scope="col">{t('solutions.pipeline.receiving')}</th><th scope="col" className="num">{t('solutions.pipeline.household')}</th>
                  <th scope="col">{t('solutions.pipeline.stageLabel')}</th><th scope="col">{t('solutions.pipeline.responsible')}</th>
                  <th scope="col" className="num">{t('solutions.pipeline.daysInStage')}</th>
                </tr></thead>
                <tbody>{data.items.map((c) => (
                  <tr key={c.id} data-testid="case-row">
                    <td><Link href={`/solutions/cases/${c.id}`}>{t('solutions.pipeline.caseRef', { ref: c.id.slice(-8) })}</Link> <SyntheticTag synthetic={c.synthetic} /></td>
                    <td>{t(`solutions.pathway.${c.pathway}`)}</td><td>{country(c.receivingCountry, lng)}</td><td className="num">{formatNumber(c.householdSize, lng)}</td>
                    <td>{c.status === 'active' ? t(`solutions.stage.${c.stage}`) : t(`solutions.caseStatus.${c.status}`)}</td><td>{t(`solutions.party.${c.responsible}`)}</td>
                    <td className="num">{formatNumber(c.daysInStage, lng)}</td>
                  </tr>
                ))}</tbody>
              </table>
            </TableWrap>
          )}
          <Pager label={t('solutions.pipeline.casePages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
