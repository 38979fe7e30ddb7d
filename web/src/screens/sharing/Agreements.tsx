import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FilterSelect, PagedResult } from '../../components/Listing';
import { formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { AGREEMENT_STATUSES, sharingQueries, type Agreement, type AgreementStatus } from './api';
import { Period, StatusWord } from './words';

const PAGE = 25;

/** The agreements the account's organisations are party to, newest first, by where they stand today. */
export function Agreements() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const [status, setStatus] = useState<AgreementStatus>();
  const [offset, setOffset] = useState(0);
  const list = useQuery(sharingQueries.agreements({ limit: PAGE, offset, ...(status ? { status } : {}) }));
  return (
    <section aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">{t('sharing.tab.agreements')}</h2>
      {can.draftAgreements && <p><Link href="/sharing/agreements/new" className="button">{t('sharing.draft')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('sharing.filters')}>
        <FilterSelect id="a-status" label={t('sharing.statusLabel')} value={status} choices={AGREEMENT_STATUSES} word={(s) => t(`sharing.statusFilter.${s}`)}
          onChange={(s) => { setStatus(s); setOffset(0); }} />
      </form>
      <PagedResult query={list} summaryTestId="agreement-summary" summary={(total) => t('sharing.agreementCount', { count: total, n: formatNumber(total, lng) })}
        empty={t('sharing.noAgreements')} pagesLabel={t('sharing.pages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <ul className="cards" data-testid="agreements">{items.map((a) => <AgreementCard key={a.id} a={a} />)}</ul>}
      </PagedResult>
    </section>
  );
}

function AgreementCard({ a }: { a: Agreement }) {
  const { t } = useTranslation();
  return (
    <li className="card" data-testid="agreement-card">
      <h3><Link href={`/sharing/agreements/${a.id}`}><bdi>{a.title}</bdi></Link></h3>
      <p><StatusWord a={a} /> · <Period a={a} /></p>
      <p className="small">
        {a.parties.map((p, i) => <span key={p.organisation.slug}>{i > 0 ? '; ' : ''}<bdi>{p.organisation.name}</bdi> ({t(`sharing.partyRole.${p.role}`)})</span>)}
      </p>
      <p className="small muted">{a.kinds.map((k) => t(`sharing.kind.${k}`)).join(', ')} · {t(`sharing.granularity.${a.granularity}`)}</p>
    </li>
  );
}
