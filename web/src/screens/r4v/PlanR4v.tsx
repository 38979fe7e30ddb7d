import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Plan } from '../../api/client';
import { queries } from '../../api/queries';
import { FIGURES, INTERSECTOR, r4vQueries, type ConsolidatedQuery, type R4vInclude } from '../../api/r4v';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { R4vFiguresPanel } from './Figures';
import { ImportPanel } from './ImportPanel';

const PAGE = 28;
const NUMBERS = FIGURES;

/**
 * A plan counted R4V's way: the two headline figures, the 5W import (for whom /auth/me says may consolidate the R4V
 * way), and the consolidated report per country, admin 1, month and sector by the platform's model, with its
 * XLSX and HXL in R4V's 23 columns. Figures awaiting review are the co-leads' (the settings' `can` says who).
 */
export function R4vTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [include, setInclude] = useState<R4vInclude>('validated');
  // Figures awaiting review are the co-leads': the platform's R4V settings say whether the account is one.
  const seeUnreviewed = useQuery(r4vQueries.settings(plan.platform.slug)).data?.can.seeUnreviewed ?? false;
  return (
    <section aria-labelledby="r4v-tab-heading">
      <h2 id="r4v-tab-heading">{t('r4v.tab.title')}</h2>
      <p className="muted small">{t('r4v.tab.help')} <Link href={`/platforms/${plan.platform.slug}/r4v`}>{t('r4v.tab.settingsLink')}</Link></p>
      {seeUnreviewed && (
        <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('r4v.tab.options')}>
          <div className="field">
            <label htmlFor="r4v-include">{t('plan.include')}</label>
            <select id="r4v-include" value={include} onChange={(e) => setInclude(e.target.value === 'submitted' ? 'submitted' : e.target.value === 'all' ? 'all' : 'validated')}>
              <option value="validated">{t('plan.includeValidated')}</option><option value="submitted">{t('plan.includeSubmitted')}</option><option value="all">{t('r4v.tab.includeAll')}</option>
            </select>
          </div>
        </form>
      )}
      <Headline plan={plan} include={include} />
      {can.consolidateR4V && <ImportPanel plan={plan} />}
      {seeUnreviewed && (
        <p className="exports" data-testid="r4v-stored-errors">{t('r4v.errors.stored')}{' '}
          <a href={`/api/v1/plans/${plan.id}/r4v/errors?format=xlsx`} download>{t('r4v.errors.xlsx')}</a> · <a href={`/api/v1/plans/${plan.id}/r4v/errors?format=hxl`} download>{t('r4v.errors.hxl')}</a>
        </p>
      )}
      <Consolidated plan={plan} include={include} />
    </section>
  );
}

/** The two figures, as the dashboard gives them (validated, or also submitted reports). */
function Headline({ plan, include }: { plan: Plan; include: R4vInclude }) {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery({ ...queries.dashboard(plan.id, { until: plan.endMonth, include: include === 'validated' ? 'validated' : 'submitted', format: 'json' }), placeholderData: keepPreviousData });
  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  return data.r4v ? <R4vFiguresPanel figures={data.r4v} detail /> : <p className="muted" data-testid="r4v-no-figures">{t('r4v.figures.none')}</p>;
}

function Consolidated({ plan, include }: { plan: Plan; include: R4vInclude }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [country, setCountry] = useState('');
  const [sector, setSector] = useState(INTERSECTOR);
  const [offset, setOffset] = useState(0);
  const q: ConsolidatedQuery = { include, ...(country ? { country } : {}) };
  const { data, error, refetch } = useQuery({ ...r4vQueries.consolidated(plan.id, q), placeholderData: keepPreviousData });
  const all = useQuery(r4vQueries.consolidated(plan.id, { include })).data;
  const countries = [...new Set((all ?? []).map((r) => r.country))].sort((a, b) => a.localeCompare(b, lng));
  const sectors = [...new Set((data ?? []).map((r) => r.sector))];
  const rows = (data ?? []).filter((r) => !sector || r.sector === sector);
  const shown = rows.slice(offset, offset + PAGE);
  // Figures disclosure control hides from readers outside the platform (null: shown as —, in every export too).
  const hidden = (data ?? []).reduce((n, r) => n + NUMBERS.filter((c) => r[c] === null).length, 0);
  const exportHref = (format: 'xlsx' | 'hxl') => `/api/v1/plans/${plan.id}/r4v/consolidated?${new URLSearchParams({ include, format, ...(country ? { country } : {}) })}`;
  return (
    <section aria-labelledby="r4v-report-heading" data-testid="r4v-consolidated">
      <h3 id="r4v-report-heading">{t('r4v.report.title')}</h3>
      <p className="muted small">{t('r4v.report.help')}</p>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('r4v.report.filters')}>
        <div className="field">
          <label htmlFor="r4v-country">{t('r4v.col.country')}</label>
          <select id="r4v-country" value={country} onChange={(e) => { setCountry(e.target.value); setOffset(0); }}>
            <option value="">{t('common.all')}</option>{countries.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r4v-sector">{t('r4v.col.sector')}</label>
          <select id="r4v-sector" value={sector} onChange={(e) => { setSector(e.target.value); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {[...new Set([INTERSECTOR, ...sectors])].map((s) => <option key={s} value={s}>{s === INTERSECTOR ? t('r4v.report.intersector') : s}</option>)}
          </select>
        </div>
        <p className="exports">{t('figures.export')} <a href={exportHref('xlsx')} download>XLSX</a> · <a href={exportHref('hxl')} download>HXL CSV</a></p>
      </form>
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {hidden > 0 && <p className="muted small" data-testid="r4v-report-hidden">{t('r4v.report.hidden', { n: formatNumber(hidden, lng) })}</p>}
      {!data ? !error && <Loading /> : rows.length === 0 ? <p className="muted" data-testid="r4v-report-empty">{t('r4v.report.empty')}</p> : (
        <>
          <TableWrap label={t('r4v.report.title')}>
            <table data-testid="r4v-report">
              <caption>{t('r4v.report.caption')}</caption>
              <thead><tr>
                <th scope="col">{t('r4v.col.country')}</th><th scope="col">{t('r4v.col.admin1')}</th><th scope="col">{t('r4v.col.month')}</th><th scope="col">{t('r4v.col.sector')}</th>
                {NUMBERS.map((c) => <th scope="col" key={c} className="num">{t(`r4v.col.${c}`)}</th>)}
                <th scope="col">{t('r4v.col.checks')}</th>
              </tr></thead>
              <tbody>{shown.map((r) => {
                const flags = [r.checkPopType, r.checkAgd, r.checkCva].filter((x) => x && x.toLowerCase() !== 'ok');
                return (
                  <tr key={`${r.country}|${r.admin1}|${r.month}|${r.sector}`} data-testid="r4v-report-row" data-sector={r.sector} data-admin1={r.admin1}>
                    <th scope="row"><bdi>{r.country}</bdi></th><td><bdi>{r.admin1}</bdi></td><td><bdi>{r.month}</bdi></td><td><bdi>{r.sector === INTERSECTOR ? t('r4v.report.intersector') : r.sector}</bdi></td>
                    {NUMBERS.map((c) => <td key={c} className="num">{formatNumber(r[c], lng)}</td>)}
                    <td><bdi>{flags.length ? flags.join('; ') : '—'}</bdi></td>
                  </tr>
                );
              })}</tbody>
            </table>
          </TableWrap>
          <Pager label={t('r4v.report.pages')} offset={offset} page={PAGE} shown={shown.length} total={rows.length} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
