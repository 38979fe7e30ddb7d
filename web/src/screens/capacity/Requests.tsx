import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { capacityQueries, CHANNELS, type RequestQuery, type SupportRequest } from '../../api/capacity';
import { FilterSelect, PagedResult } from '../../components/Listing';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName, useSession } from '../../session';
import { TagList, useVocabulary } from './Tags';

const PAGE = 25;

/** The support requests this account may read, newest first, by channel; each with its country, kind, lead and how far it got. */
export function Requests() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const [channel, setChannel] = useState<RequestQuery['channel']>();
  const [offset, setOffset] = useState(0);
  const list = useQuery(capacityQueries.requests({ limit: PAGE, offset, ...(channel ? { channel } : {}) }));
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t('capacity.tab.requests')}</h2>
      {can.requestSupport && <p><Link href="/capacity/requests/new" className="button">{t('capacity.fileRequest')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('capacity.filters')}>
        <FilterSelect id="r-channel" label={t('capacity.channel')} value={channel} choices={CHANNELS} word={(c) => t(`channel.${c}`)}
          onChange={(c) => { setChannel(c); setOffset(0); }} />
      </form>
      <PagedResult query={list} summaryTestId="request-summary" summary={(total) => t('capacity.requestCount', { count: total, n: formatNumber(total, lng) })}
        empty={t('capacity.noRequests')} pagesLabel={t('capacity.pages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <ul className="cards" data-testid="requests">{items.map((r) => <RequestCard key={r.id} r={r} />)}</ul>}
      </PagedResult>
    </section>
  );
}

function RequestCard({ r }: { r: SupportRequest }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const { kindName } = useVocabulary();
  return (
    <li className="card" data-testid="request-card">
      <h3><Link href={`/capacity/requests/${r.id}`}>{t('capacity.requestTitle', { org: r.organisation.name, country: countryName(r.country, i18n.language) })}</Link></h3>
      <p>{kindName(r.kind)} · {t(`channel.${r.channel}`)} · {t('capacity.leads', { leads: r.leads.map((l) => l.toUpperCase()).join(', ') })} · <strong>{t(`requestStatus.${r.status}`)}</strong></p>
      <TagList tags={[...r.objectives, ...r.asylumNeeds]} />
      <p className="small muted">{t('capacity.filedOn', { date: formatDate(r.filedAt, i18n.language) })}</p>
    </li>
  );
}
