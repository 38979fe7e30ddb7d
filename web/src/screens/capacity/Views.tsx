import { useQuery } from '@tanstack/react-query';
import { capacityQueries } from '../../api/capacity';
import { ErrorMessage, Loading } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatNumber, useTranslation } from '../../i18n';
import { useVocabulary } from './Tags';

/** The three views of support to States, as tables a screen reader walks: unmet demand, pledges against delivery, time to match. */
export function CapacityViews() {
  return <><UnmetDemand /><Pledges /><TimeToMatch /></>;
}

/** Requests not yet delivered: one row per objective or need, one column per region, and the row's total. */
function UnmetDemand() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { tagName } = useVocabulary();
  const q = useQuery(capacityQueries.unmetDemand());
  const d = q.data;
  const regions = [...new Set(d?.items.map((i) => i.region) ?? [])].sort();
  const tags = [...new Set(d?.items.map((i) => i.tag) ?? [])];
  const cell = (tag: string, region: string) => d?.items.find((i) => i.tag === tag && i.region === region);
  return (
    <section aria-labelledby="unmet-heading">
      <h2 id="unmet-heading">{t('capacity.unmetDemand')}</h2>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && <p data-testid="unmet-total">{t('capacity.unmetTotal', { count: d.requests, n: formatNumber(d.requests, lng) })}</p>}
      {d && d.items.length > 0 && (
        <TableWrap label={t('capacity.unmetDemand')}>
          <table data-testid="unmet-demand">
            <caption className="visually-hidden">{t('capacity.unmetCaption')}</caption>
            <thead><tr><th scope="col">{t('capacity.objective')}</th>{regions.map((r) => <th key={r} scope="col" className="num"><bdi>{r}</bdi></th>)}<th scope="col" className="num">{t('capacity.total')}</th></tr></thead>
            <tbody>{tags.map((tag) => (
              <tr key={tag} data-tag={tag}>
                <th scope="row"><bdi>{tagName(tag)}</bdi></th>
                {regions.map((r) => { const c = cell(tag, r); return <td key={r} className="num" title={c?.countries.join(', ')}>{c ? formatNumber(c.requests, lng) : '—'}</td>; })}
                <td className="num">{formatNumber(d.items.filter((i) => i.tag === tag).reduce((s, i) => s + i.requests, 0), lng)}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function Pledges() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { kindName } = useVocabulary();
  const q = useQuery(capacityQueries.pledges());
  const usd = (n: number) => formatNumber(n, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="pledges-heading">
      <h2 id="pledges-heading">{t('capacity.pledges')}</h2>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!q.data && !q.error && <Loading />}
      {q.data && (q.data.items.length === 0 ? <p className="muted">{t('capacity.noOffers')}</p> : (
        <TableWrap label={t('capacity.pledges')}>
          <table data-testid="pledges">
            <thead><tr>
              <th scope="col">{t('capacity.organisation')}</th><th scope="col">{t('capacity.kind')}</th><th scope="col" className="num">{t('capacity.offers')}</th>
              <th scope="col" className="num">{t('capacity.pledged')}</th><th scope="col" className="num">{t('capacity.committed')}</th>
              <th scope="col" className="num">{t('capacity.delivered')}</th><th scope="col" className="num">{t('capacity.matchesDelivered')}</th>
            </tr></thead>
            <tbody>{q.data.items.map((p) => (
              <tr key={`${p.organisation.slug}|${p.kind}`}>
                <th scope="row">{p.organisation.name}</th><td>{kindName(p.kind)}</td><td className="num">{formatNumber(p.offers, lng)}</td>
                <td className="num">{usd(p.pledgedUsd)}</td><td className="num">{usd(p.committedUsd)}</td><td className="num">{usd(p.deliveredUsd)}</td>
                <td className="num">{formatNumber(p.matchesDelivered, lng)}</td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      ))}
    </section>
  );
}

function TimeToMatch() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const q = useQuery(capacityQueries.timeToMatch());
  const d = q.data;
  const days = (n: number | null) => (n === null ? '—' : formatNumber(n, lng, { maximumFractionDigits: 1 }));
  const rows = d ? [{ key: 'overall', label: t('capacity.overall'), ...d.overall }, ...d.byChannel.map((c) => ({ key: c.channel, label: t(`channel.${c.channel}`), ...c }))] : [];
  return (
    <section aria-labelledby="ttm-heading">
      <h2 id="ttm-heading">{t('capacity.timeToMatch')}</h2>
      <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />
      {!d && !q.error && <Loading />}
      {d && (
        <TableWrap label={t('capacity.timeToMatch')}>
          <table data-testid="time-to-match">
            <thead><tr>
              <th scope="col">{t('capacity.channel')}</th><th scope="col" className="num">{t('capacity.tab.requests')}</th><th scope="col" className="num">{t('capacity.matched')}</th>
              <th scope="col" className="num">{t('capacity.waiting')}</th><th scope="col" className="num">{t('capacity.medianDays')}</th>
            </tr></thead>
            <tbody>{rows.map((r) => (
              <tr key={r.key}><th scope="row">{r.label}</th><td className="num">{formatNumber(r.requests, lng)}</td><td className="num">{formatNumber(r.matched, lng)}</td>
                <td className="num">{formatNumber(r.waiting, lng)}</td><td className="num">{days(r.medianDays)}</td></tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
