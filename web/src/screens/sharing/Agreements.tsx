import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
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
  const data = list.data;
  return (
    <section aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">{t('sharing.tab.agreements')}</h2>
      {can.draftAgreements && <p><Link href="/sharing/agreements/new" className="button">{t('sharing.draft')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('sharing.filters')}>
        <div className="field">
          <label htmlFor="a-status">{t('sharing.statusLabel')}</label>
          <select id="a-status" value={status ?? ''} onChange={(e) => { setStatus((e.target.value || undefined) as AgreementStatus | undefined); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {AGREEMENT_STATUSES.map((s) => <option key={s} value={s}>{t(`sharing.statusFilter.${s}`)}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="agreement-summary">{t('sharing.agreementCount', { count: data.total, n: formatNumber(data.total, lng) })}</p>
          {data.items.length === 0 ? <p className="muted">{t('sharing.noAgreements')}</p> : (
            <ul className="cards" data-testid="agreements">{data.items.map((a) => <AgreementCard key={a.id} a={a} />)}</ul>
          )}
          <Pager label={t('sharing.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
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
