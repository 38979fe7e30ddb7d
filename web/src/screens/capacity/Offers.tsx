import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { capacityQueries, type Offer, type OfferQuery } from '../../api/capacity';
import { FilterSelect, PagedResult } from '../../components/Listing';
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
  return (
    <section aria-labelledby="offers-heading">
      <h2 id="offers-heading">{t('capacity.tab.offers')}</h2>
      {can.offerSupport && <p><Link href="/capacity/offers/new" className="button">{t('capacity.newOffer')}</Link></p>}
      <form className="filters compact" onSubmit={(e) => e.preventDefault()} aria-label={t('capacity.filters')}>
        <FilterSelect id="o-kind" label={t('capacity.kind')} value={kind} choices={(vocabulary?.kinds ?? []).map((k) => k.code)} word={kindName}
          onChange={(k) => { setKind(k as OfferQuery['kind']); setOffset(0); }} /> {/* the vocabulary's kinds, which the server types as text */}
      </form>
      <PagedResult query={list} summaryTestId="offer-summary" summary={(total) => t('capacity.offerCount', { count: total, n: formatNumber(total, lng) })}
        empty={t('capacity.noOffers')} pagesLabel={t('capacity.pages')} page={PAGE} offset={offset} onOffset={setOffset}>
        {(items) => <ul className="cards" data-testid="offers">{items.map((o) => <li key={o.id} className="card" data-testid="offer-card"><OfferSummary o={o} /></li>)}</ul>}
      </PagedResult>
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
