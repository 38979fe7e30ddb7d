import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { protectionChanged, protectionQueries, type Profile } from '../../api/protection';
import { type PATHWAYS } from '../../api/values';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, useTranslation } from '../../i18n';
import { Link, navigate } from '../../router';
import { ReferralForm } from './ReferralForm';
import { ScreeningForm, ScreeningResult } from './Screening';

type Pathway = (typeof PATHWAYS)[number];

/**
 * A person's record, for the case handlers of the organisation that holds it: the minimal record, its purpose
 * and retention, the screenings with their suggested pathways, a referral from any of them, everything held
 * about the person as one file (a data-subject request), and erasure (focal points).
 */
export function PersonScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const person = useQuery(protectionQueries.person(id));
  const profiles = useQuery(protectionQueries.profiles(id));
  const [referring, setReferring] = useState<{ pathway: Pathway; profileId?: string } | null>(null);
  const erase = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/protection/people/{id}', { params: { path: { id } } })),
    onSuccess: async () => { await protectionChanged.person(client); navigate('/protection?tab=people'); },
  });
  useTitle(t('protection.person'));
  if (person.error) return <><h1>{t('protection.person')}</h1><ErrorMessage error={person.error} onRetry={() => void person.refetch()} /></>;
  const p = person.data;
  if (!p) return <Loading />;
  const latest: Profile | undefined = profiles.data?.at(-1);
  const refer = (pathway: Pathway, profileId?: string) => setReferring({ pathway, profileId });
  return (
    <>
      <p className="crumbs"><Link href="/protection?tab=people">{t('protection.title')}</Link></p>
      <h1><bdi>{p.givenName} {p.familyName}</bdi>{p.synthetic && <span className="muted small"> ({t('protection.synthetic')})</span>}</h1>
      <dl className="facts" data-testid="person">
        <dt>{t('protection.birthDate')}</dt><dd>{formatDate(p.birthDate, lng)}</dd>
        <dt>{t('protection.sex')}</dt><dd>{p.sex ? t(`personSex.${p.sex}`) : '—'}</dd>
        <dt>{t('protection.nationality')}</dt><dd><bdi>{p.nationality ?? '—'}</bdi></dd>
        <dt>{t('protection.contact')}</dt><dd><bdi>{p.contact ?? '—'}</bdi></dd>
        <dt>{t('protection.organisation')}</dt><dd>{p.organisation.name}</dd>
        <dt>{t('protection.purpose')}</dt><dd>{t(`recordPurpose.${p.purpose}`)} · {t(`legalBasis.${p.legalBasis}`)}</dd>
        <dt>{t('protection.retainUntil')}</dt><dd>{formatDate(p.retainUntil, lng)}</dd>
      </dl>
      <section aria-labelledby="screenings-heading">
        <h2 id="screenings-heading">{t('protection.screenings')}</h2>
        <ErrorMessage error={profiles.error} onRetry={() => void profiles.refetch()} />
        {profiles.data?.length === 0 && <p className="muted">{t('protection.noScreening')}</p>}
        <ul className="cards">
          {profiles.data?.map((pr) => <li key={pr.id}><ScreeningResult profile={pr} onRefer={p.can.refer ? (pw) => refer(pw, pr.id) : undefined} /></li>)}
        </ul>
        {p.can.update && <ScreeningForm personId={id} onDone={() => undefined} />}
      </section>
      {p.can.refer && (
        <section aria-labelledby="refer-section">
          <h2 id="refer-section">{t('protection.refer')}</h2>
          {referring
            ? <ReferralForm key={`${referring.pathway}|${referring.profileId}`} person={p} profileId={referring.profileId} pathway={referring.pathway} onCancel={() => setReferring(null)} />
            : <button type="button" onClick={() => refer(latest?.suggestions[0]?.pathway ?? 'asylum_and_protection', latest?.id)}>{t('protection.referPerson')}</button>}
        </section>
      )}
      <section aria-labelledby="rights-heading">
        <h2 id="rights-heading">{t('protection.rights')}</h2>
        <p><a href={`/api/v1/protection/people/${encodeURIComponent(id)}/export`} download={`person-${id}.json`}>{t('protection.exportAll')}</a></p>
        {p.can.delete && (
          <>
            <ErrorMessage error={erase.error} />
            <button type="button" disabled={erase.isPending} onClick={() => { if (window.confirm(t('protection.eraseQuestion'))) erase.mutate(); }}>{t('protection.erase')}</button>
          </>
        )}
      </section>
    </>
  );
}
