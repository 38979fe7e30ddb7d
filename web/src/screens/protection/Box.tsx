import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { protectionQueries, type ReferralItem, type ReferralQuery } from '../../api/protection';
import { PRIORITIES, REFERRAL_STATUSES } from '../../api/values';
import { ErrorMessage, Loading } from '../../components/feedback';
import { FilterSelect } from '../../components/Listing';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { Pager } from '../../components/Pager';
import { Deadline } from './Deadline';

const PAGE = 25;

/**
 * A box of referrals, the most pressing first (the earliest deadline): received by the organisation (inbox) or
 * sent by it. Each shows who, the pathway, the priority and its deadline, overdue marked in words, not colour only.
 * Nothing personal is listed: a name is read on the referral itself, and the reading is audited.
 */
export function Box({ box }: { box: 'inbox' | 'sent' }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const [filter, setFilter] = useState<{ status?: ReferralQuery['status']; priority?: ReferralQuery['priority']; overdue?: boolean }>({});
  const [offset, setOffset] = useState(0);
  const query: ReferralQuery = { box, limit: PAGE, offset, ...filter };
  const list = useQuery(protectionQueries.referrals(query));
  const set = (f: typeof filter) => { setFilter(f); setOffset(0); };
  const data = list.data;
  // Counts stop at 10,000: past that the box says "10,000+".
  const shown = (n: number, capped: boolean) => `${formatNumber(n, lng)}${capped ? '+' : ''}`;
  return (
    <section aria-labelledby="box-heading">
      <h2 id="box-heading">{t(`protection.tab.${box}`)}</h2>
      {box === 'sent' && <p><Link href="/protection?tab=people" className="button">{t('protection.referFromPerson')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('protection.filters')}>
        <FilterSelect id="f-status" label={t('protection.status')} value={filter.status} choices={REFERRAL_STATUSES.filter((s) => box === 'sent' || s !== 'draft')}
          word={(s) => t(`referralStatus.${s}`)} onChange={(status) => set({ ...filter, status })} />
        <FilterSelect id="f-priority" label={t('protection.priority')} value={filter.priority} choices={PRIORITIES} word={(p) => t(`priority.${p}`)}
          onChange={(priority) => set({ ...filter, priority })} />
        <div className="field check">
          <label><input type="checkbox" checked={filter.overdue === true} onChange={(e) => set({ ...filter, overdue: e.target.checked || undefined })} /> {t('protection.overdueOnly')}</label>
        </div>
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="box-summary">
            {t('protection.boxSummary', { count: data.total, total: shown(data.total, data.totalCapped), overdue: shown(data.overdue, data.overdueCapped) })}
          </p>
          {data.items.length === 0 ? <p className="muted">{t('protection.empty')}</p> : (
            <ul className="cards" data-testid="referrals">{data.items.map((r) => <ReferralCard key={r.id} r={r} box={box} />)}</ul>
          )}
          <Pager label={t('protection.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} capped={data.totalCapped} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}

function ReferralCard({ r, box }: { r: ReferralItem; box: 'inbox' | 'sent' }) {
  const { t } = useTranslation();
  const other = box === 'inbox' ? t('protection.fromOrg', { org: r.from.name }) : t('protection.toOrg', { org: r.to.name });
  return (
    <li className={`card${r.overdue ? ' overdue' : ''}`} data-testid="referral-card">
      <h3><Link href={`/protection/referrals/${r.id}`}>{t(`pathway.${r.pathway}`)}</Link></h3>
      <p>{other} · <bdi>{r.country}</bdi> · {t(`referralStatus.${r.status}`)}</p>
      <p><span className={`priority ${r.priority}`}>{t(`priority.${r.priority}`)}</span> · <Deadline dueAt={r.dueAt} overdue={r.overdue} answeredAt={r.answeredAt} /></p>
    </li>
  );
}
