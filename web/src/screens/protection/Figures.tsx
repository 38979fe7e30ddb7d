import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { protectionQueries, type ReferralStats } from '../../api/protection';
import { PATHWAYS, PRIORITIES } from '../../api/values';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Count } from '../../components/Count';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, formatPercent, localName, useTranslation } from '../../i18n';
import { useSession } from '../../session';

type Row = ReferralStats['rows'][number];

/**
 * Referrals in aggregate, by country and month of sending: no person, no organisation's case load, and every
 * count below the threshold shown as suppressed (the server never sends it).
 */
export function ReferralFigures() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { countries } = useSession();
  const [country, setCountry] = useState('');
  const stats = useQuery(protectionQueries.stats(country || undefined));
  const data = stats.data;
  // A hidden count may be a complement (large): the same mark as every published table, not "<k".
  const cell = (n: number | null) => <Count n={n} k={data?.minCell ?? 5} />;
  const by = <K extends string>(list: Array<Record<K, string> & { count: number | null }>, key: K, code: string) => list.find((x) => x[key] === code)?.count ?? 0;
  const options = [...new Set((data?.rows ?? []).map((r) => r.country))];
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading">{t('protection.tab.figures')}</h2>
      <p className="muted small">{t('protection.figuresHelp', { k: data?.minCell ?? 5 })}</p>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="s-country">{t('protection.country')}</label>
          <select id="s-country" value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {(country ? [country, ...options.filter((c) => c !== country)] : options).map((c) => <option key={c} value={c}>{countries.get(c) ? localName(countries.get(c)!.names, lng) : c}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />
      {!data && !stats.error && <Loading />}
      {data && (data.rows.length === 0 ? <p className="muted">{t('protection.noFigures')}</p> : (
        <TableWrap label={t('protection.tab.figures')}>
          <table data-testid="referral-figures">
            <thead>
              <tr>
                <th scope="col">{t('protection.country')}</th><th scope="col">{t('platforms.month')}</th>
                <th scope="col" className="num">{t('protection.sent')}</th><th scope="col" className="num">{t('protection.overdueCount')}</th>
                {PRIORITIES.map((p) => <th key={p} scope="col" className="num">{t(`priority.${p}`)}</th>)}
                {PATHWAYS.map((p) => <th key={p} scope="col" className="num">{t(`pathway.${p}`)}</th>)}
                <th scope="col" className="num">{t('protection.hoursToAck')}</th><th scope="col" className="num">{t('protection.withinDeadline')}</th>
              </tr>
            </thead>
            <tbody>{data.rows.map((r: Row) => (
              <tr key={`${r.country}|${r.month}`}>
                <th scope="row"><bdi>{r.country}</bdi></th><td><bdi>{r.month}</bdi></td>
                <td className="num">{cell(r.sent)}</td><td className="num">{cell(r.overdue)}</td>
                {PRIORITIES.map((p) => <td key={p} className="num">{cell(by(r.byPriority, 'priority', p))}</td>)}
                {PATHWAYS.map((p) => <td key={p} className="num">{cell(by(r.byPathway, 'pathway', p))}</td>)}
                <td className="num">{r.medianHoursToAcknowledge === null ? '—' : formatNumber(r.medianHoursToAcknowledge, lng, { maximumFractionDigits: 1 })}</td>
                <td className="num">{r.shareWithinDeadline === null ? '—' : formatPercent(r.shareWithinDeadline, lng)}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      ))}
    </section>
  );
}
