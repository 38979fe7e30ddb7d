import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CONCERN_STATUSES, concernQueries, LEVELS, type ConcernItem, type ConcernQuery } from '../../api/concerns';
import { queries } from '../../api/queries';
import { FilterSelect, PagedResult } from '../../components/Listing';
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
  // The account's own organisations first: "a list per organisation" is usually one's own.
  const orgOptions = [...orgs].sort((a, b) => Number(mine.has(b.slug)) - Number(mine.has(a.slug)) || a.name.localeCompare(b.name, lng));
  return (
    <section aria-labelledby="concern-list-heading">
      <h2 id="concern-list-heading">{t('concerns.tab.concerns')}</h2>
      <p><Link href="/concerns/new" className="button">{t('concerns.raise')}</Link></p>
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('concerns.filters')}>
        <FilterSelect id="c-status" label={t('concerns.status')} value={filter.status} choices={CONCERN_STATUSES} word={(s) => t(`concernStatus.${s}`)}
          onChange={(status) => set({ ...filter, status })} />
        <FilterSelect id="c-level" label={t('concerns.level')} value={filter.level} choices={LEVELS} word={(l) => t(`concernLevel.${l}`)}
          onChange={(level) => set({ ...filter, level })} />
        <FilterSelect id="c-org" label={t('concerns.organisation')} value={filter.organisation} choices={orgOptions.map((o) => o.slug)}
          word={(slug) => orgOptions.find((o) => o.slug === slug)?.name ?? slug} onChange={(organisation) => set({ ...filter, organisation })} />
      </form>
      <PagedResult query={list} summaryTestId="concern-summary" summary={(total) => t('concerns.summary', { count: total, total: formatNumber(total, lng) })}
        empty={t('concerns.empty')} pagesLabel={t('concerns.pages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <ul className="cards" data-testid="concerns">{items.map((c) => <ConcernCard key={c.id} c={c} />)}</ul>}
      </PagedResult>
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
