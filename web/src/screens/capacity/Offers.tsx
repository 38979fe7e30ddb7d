import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { capacityQueries, type Offer, type OfferQuery } from '../../api/capacity';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName, useSession } from '../../session';
import { TagList, useVocabulary } from './Tags';

const PAGE = 25;

/** The offers and pledges this account may read, newest first, by kind of support. */
export function Offers() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { can } = useSession();
  const { vocabulary, kindName } = useVocabulary();
  const [kind, setKind] = useState<OfferQuery['kind']>();
  const [offset, setOffset] = useState(0);
  const list = useQuery(capacityQueries.offers({ limit: PAGE, offset, ...(kind ? { kind } : {}) }));
  const data = list.data;
  return (
    <section aria-labelledby="offers-heading">
      <h2 id="offers-heading">{t('capacity.tab.offers')}</h2>
      {can.offerSupport && <p><Link href="/capacity/offers/new" className="button">{t('capacity.newOffer')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('capacity.filters')}>
        <div className="field">
          <label htmlFor="o-kind">{t('capacity.kind')}</label>
          <select id="o-kind" value={kind ?? ''} onChange={(e) => { setKind((e.target.value || undefined) as OfferQuery['kind']); setOffset(0); }}>
            <option value="">{t('common.all')}</option>
            {(vocabulary?.kinds ?? []).map((k) => <option key={k.code} value={k.code}>{kindName(k.code)}</option>)}
          </select>
        </div>
      </form>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid="offer-summary">{t('capacity.offerCount', { count: data.total, n: formatNumber(data.total, lng) })}</p>
          {data.items.length === 0 ? <p className="muted">{t('capacity.noOffers')}</p> : (
            <ul className="cards" data-testid="offers">{data.items.map((o) => <li key={o.id} className="card" data-testid="offer-card"><OfferSummary o={o} /></li>)}</ul>
          )}
          <Pager label={t('capacity.pages')} offset={offset} page={PAGE} shown={data.items.length} total={data.total} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}

/** One offer: who, what kind, how much, where it reaches, its tags and description. */
export function OfferSummary({ o, heading = 'h3' }: { o: Offer; heading?: 'h3' | 'h4' }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const { kindName } = useVocabulary();
  const H = heading;
  const reach = [...o.countries.map((c) => countryName(c, lng)), ...o.regions];
  return (
    <>
      <H>{t('capacity.offerTitle', { org: o.organisation.name, kind: kindName(o.kind) })}</H>
      <p>
        {o.amountUsd !== null ? formatNumber(o.amountUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) : t('capacity.noAmount')}
        {' · '}{reach.length ? <bdi>{reach.join(', ')}</bdi> : t('capacity.anywhere')} · {t(`channel.${o.channel}`)}
      </p>
      <TagList tags={[...o.objectives, ...o.asylumNeeds]} />
      <p className="small" dir="auto">{o.description}</p>
      <p className="small muted">{t('capacity.offeredOn', { date: formatDate(o.createdAt, lng) })}</p>
    </>
  );
}
