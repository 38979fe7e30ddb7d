import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { isRecipient, SHARED_KINDS, sharingChanged, sharingQueries, type Agreement } from './api';
import { AgreementReport } from './Report';
import { SharedDataRead } from './SharedData';
import { formatMoment } from './Transfers';
import { Period, StatusWord } from './words';

/**
 * One data-sharing agreement: what it covers, each party's approval (who, when), the Approve button when the
 * server says the account may approve it now, the shared 5W for a receiving party while it is in force, and
 * what went out under it.
 */
export function AgreementScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user } = useSession();
  const agreement = useQuery(sharingQueries.agreement(id));
  const a = agreement.data;
  useTitle(t('sharing.agreement'));
  if (agreement.error) return <><h1>{t('sharing.agreement')}</h1><ErrorMessage error={agreement.error} onRetry={() => void agreement.refetch()} /></>;
  if (!a) return <Loading />;
  // A receiving party of an agreement covering 5W reads them here while it is in force (the server decides each read).
  const shared = SHARED_KINDS.filter((k) => a.kinds.includes(k));
  const receives = shared.length > 0 && isRecipient(a, user);
  return (
    <>
      <p className="crumbs"><Link href="/sharing?tab=agreements">{t('sharing.title')}</Link></p>
      <h1><bdi>{a.title}</bdi></h1>
      <p className="big"><StatusWord a={a} /> · <Period a={a} /></p>
      <dl className="facts" data-testid="agreement-facts">
        <dt>{t('sharing.kinds')}</dt><dd>{a.kinds.map((k) => t(`sharing.kind.${k}`)).join(', ')}</dd>
        <dt>{t('sharing.granularityLabel')}</dt><dd data-testid="granularity">{t(`sharing.granularity.${a.granularity}`)}</dd>
        <dt>{t('sharing.fields')}</dt><dd>{a.fields.length ? <bdi>{a.fields.join(', ')}</bdi> : t('sharing.noFields')}</dd>
        <dt>{t('sharing.startsOn')}</dt><dd>{formatDate(a.startsOn, lng)}</dd>
        <dt>{t('sharing.expiresOn')}</dt><dd>{formatDate(a.expiresOn, lng)}</dd>
        <dt>{t('sharing.documentRef')}</dt><dd><bdi>{a.documentRef}</bdi></dd>
        <dt>{t('sharing.draftedBy')}</dt><dd>{a.draftedBy.organisation ? <bdi>{a.draftedBy.organisation.name}</bdi> : '—'} · {formatDate(a.createdAt, lng)}</dd>
      </dl>
      <h2 className="h3">{t('sharing.purpose')}</h2>
      <blockquote dir="auto">{a.purpose}</blockquote>
      <Parties a={a} />
      {receives && (a.status === 'active' ? <SharedDataRead a={a} kinds={shared} /> : (
        <p className="alert info" data-testid="shared-closed">{t(a.status === 'lapsed' ? 'sharing.sharedLapsed' : 'sharing.sharedNotYet')}</p>
      ))}
      <AgreementReport id={a.id} />
    </>
  );
}

/** The parties, which way data flows for each, and each one's approval; Approve when the server says so. */
function Parties({ a }: { a: Agreement }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { user } = useSession();
  const client = useQueryClient();
  // An officer of more than one pending party says which one they approve for; the server decides whether they may.
  const pending = a.parties.filter((p) => !p.approval && (user?.memberships ?? []).some((m) => m.orgSlug === p.organisation.slug));
  const [party, setParty] = useState('');
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/sharing/agreements/{id}/approve', {
      params: { path: { id: a.id } }, body: pending.length > 1 ? { organisation: party || pending[0]!.organisation.slug } : {},
    })),
    onSuccess: async (answer) => { await sharingChanged.agreement(client, answer); },
  });
  const who = (by: string) => (by === user?.id ? t('sharing.actor.you') : t('sharing.actor.officer'));
  return (
    <section aria-labelledby="parties-heading">
      <h2 id="parties-heading">{t('sharing.approvals')}</h2>
      <ul className="cards" data-testid="parties">
        {a.parties.map((p) => (
          <li key={p.organisation.slug} className="card" data-testid={`party-${p.organisation.slug}`}>
            <h3 className="h3"><bdi>{p.organisation.name}</bdi> <span className="muted small">{t(`sharing.partyRole.${p.role}`)}</span></h3>
            <p>{p.approval
              ? t('sharing.approvedBy', { who: who(p.approval.by), role: t(`roles.${p.approval.role}`, { defaultValue: p.approval.role }), when: formatMoment(p.approval.at, lng) })
              : <span className="muted">{t('sharing.awaitingApproval')}</span>}</p>
          </li>
        ))}
      </ul>
      <ErrorMessage error={approve.error} />
      {a.can.approve && (
        <div className="actions">
          <p className="small muted">{t('sharing.approveHelp')}</p>
          {pending.length > 1 && (
            <div className="field">
              <label htmlFor="approve-for">{t('sharing.approveFor')}</label>
              <select id="approve-for" value={party || pending[0]!.organisation.slug} onChange={(e) => setParty(e.target.value)}>
                {pending.map((p) => <option key={p.organisation.slug} value={p.organisation.slug}>{p.organisation.name}</option>)}
              </select>
            </div>
          )}
          <button type="button" className="primary" disabled={approve.isPending} onClick={() => approve.mutate()}>{t('sharing.approve')}</button>
        </div>
      )}
    </section>
  );
}
