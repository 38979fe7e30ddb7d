import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CONCERN_STATUSES, concernQueries, LEVELS, type ConcernItem, type ConcernQuery } from '../../api/concerns';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { Deadline } from '../protection/Deadline';

const PAGE = 25;

/**
 * The concerns this account may read, newest first, filtered by status, level and organisation (one
 * organisation's list), each with its severity, level and deadline; overdue said in words.
 */
export function ConcernList() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user } = useSession();
  const orgs = useQuery(queries.organisations()).data ?? [];
  const mine = new Set(user?.memberships.map((m) => m.orgSlug) ?? []);
  const [filter, setFilter] = useState<Pick<ConcernQuery, 'status' | 'level' | 'organisation'>>({});
  const [offset, setOffset] = useState(0);
  const list = useQuery(concernQueries.list({ limit: PAGE, offset, ...filter }));
  const set = (f: typeof filter) => { setFilter(f); setOffset(0); };
  const data = list.data;
  // The account's own organisations first: "a list per organisation" is usually one's own.
  const orgOptions = [...orgs].sort((a, b) => Number(mine.has(b.slug)) - Number(mine.has(a.slug)) || a.name.localeCompare(b.name, lng));
  return (
    <section aria-labelledby="concern-list-heading">
      <h2 id="concern-list-heading">{t('concerns.tab.concerns')}</h2>
      <p><Link href="/concerns/new" className="button">{t('concerns.raise')}</Link></p>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('concerns.filters')}>
        <div className="field">
          <label htmlFor="c-status">{t('concerns.status')}</label>
          <select id="c-status" value={filter.status ?? ''} onChange={(e) => set({ ...filter, status: (e.target.value || undefined) as ConcernQuery['status'] })}>
            <option value="">{t('common.all')}</option>
            {CONCERN_STATUSES.map((s) => <option key={s} value={s}>{t(`concernStatus.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="c-level">{t('concerns.level')}</label>
          <select id="c-level" value={filter.level ?? ''} onChange={(e) => set({ ...filter, level: (e.target.value || undefined) as ConcernQuery['level'] })}>
            <option value="">{t('common.all')}</option>
            {LEVELS.map((l) => <option key={l} value={l}>{t(`concernLevel.${l}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="c-org">{t('concerns.organisation')}</label>
          <select id="c-org" value={filter.organisation ?? ''} onChange={(e) => set({ ...filter, organisation: e.target.value || undefined })}>
            <option value="">{t('common.all')}</option>
            {orgOptions.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="concern-summary">{t('concerns.summary', { count: data.total, total: formatNumber(data.total, lng) })}</p>
          {data.items.length === 0 ? <p className="muted">{t('concerns.empty')}</p> : (
            <ul className="cards" data-testid="concerns">{data.items.map((c) => <ConcernCard key={c.id} c={c} />)}</ul>
          )}
          <Pager label={t('concerns.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}

function ConcernCard({ c }: { c: ConcernItem }) {
  const { t } = useTranslation();
  return (
    <li className={`card${c.overdue ? ' overdue' : ''}`} data-testid="concern-card">
      <h3><Link href={`/concerns/${c.id}`}><bdi>{c.subject}</bdi></Link></h3>
      <p>
        <span className={`severity ${c.severity}`}>{t(`severity.${c.severity}`)}</span> · {t(`concernLevel.${c.level}`)} · {t(`concernStatus.${c.status}`)}
        {c.status !== 'resolved' && <> · <Deadline dueAt={c.dueAt} overdue={c.overdue} answeredAt={null} /></>}
      </p>
      <p className="small muted">{c.organisations.map((o) => o.name).join(', ')}</p>
    </li>
  );
}
