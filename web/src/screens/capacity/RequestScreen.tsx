import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { capacityChanged, capacityQueries, type SupportRequest } from '../../api/capacity';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useCountryName } from '../../session';
import { MatchCard } from './MatchCard';
import { OfferSummary } from './Offers';
import { TagList, useVocabulary } from './Tags';

/**
 * One support request: the State, country and kind, its tags, the channel and lead the server computed; its
 * matches with their steps; and, for whoever may propose (the channel's lead, as the server says), the offers
 * that suit it, best first, each with a button to propose it.
 */
export function RequestScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const { kindName } = useVocabulary();
  const request = useQuery(capacityQueries.request(id));
  const matches = useQuery(capacityQueries.matches(id));
  const r = request.data;
  useTitle(t('capacity.request'));
  if (request.error) return <><h1>{t('capacity.request')}</h1><ErrorMessage error={request.error} onRetry={() => void request.refetch()} /></>;
  if (!r) return <Loading />;
  return (
    <>
      <p className="crumbs"><Link href="/capacity?tab=requests">{t('capacity.title')}</Link></p>
      <h1>{t('capacity.requestTitle', { org: r.organisation.name, country: countryName(r.country, lng) })} <span className="muted small">{t(`requestStatus.${r.status}`)}</span></h1>
      <dl className="facts" data-testid="request-facts">
        <dt>{t('capacity.kind')}</dt><dd>{kindName(r.kind)}</dd>
        <dt>{t('capacity.channel')}</dt><dd data-testid="channel">{t(`channel.${r.channel}`)}</dd>
        <dt>{t('capacity.lead')}</dt><dd data-testid="lead">{r.leads.map((l) => l.toUpperCase()).join(', ')}</dd>
        <dt>{t('capacity.region')}</dt><dd>{r.region ?? '—'}</dd>
        <dt>{t('capacity.filed')}</dt><dd>{formatDate(r.filedAt, lng)}</dd>
      </dl>
      <h2 className="h3">{t('capacity.tags')}</h2>
      <TagList tags={[...r.objectives, ...r.asylumNeeds]} />
      <blockquote dir="auto">{r.description}</blockquote>
      <section aria-labelledby="matches-heading">
        <h2 id="matches-heading">{t('capacity.matches')}</h2>
        <ErrorMessage error={matches.error} onRetry={() => void matches.refetch()} />
        {matches.data && (matches.data.items.length === 0 ? <p className="muted">{t('capacity.noMatches')}</p> : (
          <ul className="cards" data-testid="matches">{matches.data.items.map((m) => <MatchCard key={m.id} m={m} requestId={r.id} />)}</ul>
        ))}
      </section>
      {r.can.propose && <Suggestions r={r} />}
    </>
  );
}

function Suggestions({ r }: { r: SupportRequest }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { tagName } = useVocabulary();
  const list = useQuery(capacityQueries.suggestions(r.id));
  const propose = useMutation({
    mutationFn: (offer: string) => unwrap(api.POST('/api/v1/capacity/matches', { body: { request: r.id, offer } })),
    onSuccess: () => capacityChanged.match(client, r.id),
  });
  return (
    <section aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">{t('capacity.suggestions')}</h2>
      <p className="muted small">{t('capacity.suggestionsHelp')}</p>
      <ErrorMessage error={list.error ?? propose.error} onRetry={() => void list.refetch()} />
      {!list.data && !list.error && <Loading />}
      {list.data && (list.data.items.length === 0 ? <p className="muted">{t('capacity.noSuggestions')}</p> : (
        <ul className="cards" data-testid="suggestions">
          {list.data.items.map((s) => (
            <li key={s.offer.id} className="card" data-testid="suggestion">
              <OfferSummary o={s.offer} />
              <p className="small">{t('capacity.shared', { tags: s.sharedTags.map(tagName).join('; ') })} · {t(`reach.${s.reach}`)}</p>
              <p><button type="button" className="primary" disabled={propose.isPending} onClick={() => propose.mutate(s.offer.id)}>{t('capacity.propose')}</button></p>
            </li>
          ))}
        </ul>
      ))}
    </section>
  );
}
