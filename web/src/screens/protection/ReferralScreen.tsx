import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { protectionChanged, protectionQueries, type Referral, type Step } from '../../api/protection';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, useTranslation } from '../../i18n';
import { Link } from '../../router';
import { Deadline } from './Deadline';
import { ScreeningResult } from './Screening';

/** Steps that need a text: the receiver's reason, outcome or feedback. */
const WITH_TEXT: readonly Step[] = ['decline', 'record_outcome', 'give_feedback'];
const ORDER: readonly Step[] = ['send', 'acknowledge', 'accept', 'decline', 'record_outcome', 'give_feedback', 'close'];

/**
 * One referral, as its side sees it: the referrer all of it; the receiver only the person's fields the consent
 * covers, while it stands. Its timeline, its deadline, and the steps this account may take now.
 */
export function ReferralScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { data: r, error, refetch } = useQuery(protectionQueries.referral(id));
  useTitle(t('protection.referral'));
  if (error) return <><h1>{t('protection.referral')}</h1><ErrorMessage error={error} onRetry={() => void refetch()} /></>;
  if (!r) return <Loading />;
  const box = r.side === 'receiver' ? 'inbox' : 'sent';
  return (
    <>
      <p className="crumbs"><Link href={`/protection?tab=${box}`}>{t(`protection.tab.${box}`)}</Link></p>
      <h1>{t(`pathway.${r.pathway}`)} <span className="muted small">{t(`referralStatus.${r.status}`)}</span></h1>
      <p>{t('protection.fromTo', { from: r.from.name, to: r.to.name })} · <bdi>{r.country}</bdi> · {t(`priority.${r.priority}`)} · <Deadline dueAt={r.dueAt} overdue={r.overdue} answeredAt={r.answeredAt} /></p>
      <Actions r={r} />
      <div className="grid-2">
        <section aria-labelledby="about-heading">
          <h2 id="about-heading">{t('protection.aboutPerson')}</h2>
          <PersonFields r={r} />
          {r.narrative && <><h3>{t('protection.narrative')}</h3><blockquote dir="auto" data-testid="narrative">{r.narrative}</blockquote></>}
          {r.profile && <ScreeningResult profile={r.profile} />}
        </section>
        <section aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t('protection.timeline')}</h2>
          <Timeline r={r} />
          <h3>{t('protection.consent')}</h3>
          <p data-testid="consent">{r.consent.withdrawnAt
            ? <strong>{t('protection.consentWithdrawn', { date: formatDate(r.consent.withdrawnAt, i18n.language) })}</strong>
            : t('protection.consentCovers', { fields: r.consent.fields.map((c) => t(`consentField.${c}`)).join(', ') || t('protection.nothingPersonal') })}</p>
          {r.consent.purpose && <p className="small" dir="auto">{r.consent.purpose}</p>}
          <p className="small muted">{t('protection.consentGiven', { method: t(`consentMethod.${r.consent.method}`, { defaultValue: r.consent.method }), by: t(`consentGiver.${r.consent.givenBy}`, { defaultValue: r.consent.givenBy }) })}</p>
        </section>
      </div>
    </>
  );
}

function PersonFields({ r }: { r: Referral }) {
  const { t, i18n } = useTranslation();
  if (!r.person) return <p className="muted" data-testid="person-withheld">{t('protection.personWithheld')}</p>;
  const p = r.person;
  const rows: Array<[string, string | null | undefined]> = [
    ['givenName', p.givenName], ['familyName', p.familyName], ['birthDate', p.birthDate ? formatDate(p.birthDate, i18n.language) : p.birthDate],
    ['sex', p.sex ? t(`personSex.${p.sex}`, { defaultValue: p.sex }) : p.sex], ['nationality', p.nationality], ['contact', p.contact],
  ];
  const shown = rows.filter(([, v]) => v !== undefined);
  return (
    <dl className="facts" data-testid="shared-person">
      {shown.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{t(`consentField.${k}`)}</dt><dd><bdi>{v ?? '—'}</bdi></dd></div>)}
      {p.id && <><dt>{t('protection.record')}</dt><dd><Link href={`/protection/people/${p.id}`}>{t('protection.openRecord')}</Link></dd></>}
    </dl>
  );
}

function Timeline({ r }: { r: Referral }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const answered = r.status === 'declined' || r.declineReason ? 'declined' : 'accepted';
  const events: Array<[string, string | null, string | null]> = [
    ['created', r.createdAt, null], ['sent', r.sentAt, null], ['acknowledged', r.acknowledgedAt, null],
    [answered, r.answeredAt, answered === 'declined' ? r.declineReason : null], ['outcome', r.outcomeAt, r.outcome],
    ['feedback', r.feedbackAt, r.feedback], ['consentWithdrawn', r.consent.withdrawnAt, null], ['closed', r.closedAt, null],
  ];
  return (
    <ol className="history" data-testid="timeline">
      {events.filter(([, when]) => when).sort((a, b) => a[1]!.localeCompare(b[1]!)).map(([what, when, text]) => (
        <li key={what} className="card">
          <p><strong>{t(`protection.event.${what}`)}</strong> · <time dateTime={when!}>{at(when!)}</time></p>
          {text && <blockquote dir="auto">{text}</blockquote>}
        </li>
      ))}
    </ol>
  );
}

function Actions({ r }: { r: Referral }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState<Step | null>(null);
  const [text, setText] = useState('');
  const act = useMutation({
    mutationFn: (v: { step: Step; text?: string }) => unwrap(api.POST('/api/v1/protection/referrals/{id}/steps', { params: { path: { id: r.id } }, body: v })),
    onSuccess: async (answer) => { setAsking(null); setText(''); await protectionChanged.referral(client, answer); },
  });
  const withdraw = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/protection/referrals/{id}/consent/withdraw', { params: { path: { id: r.id } } })),
    onSuccess: (answer) => protectionChanged.referral(client, answer),
  });
  const steps = ORDER.filter((s) => r.can[s]);
  const textError = act.error instanceof ApiError ? act.error.forField('text') : undefined;
  const submit = (e: FormEvent) => { e.preventDefault(); if (asking) act.mutate({ step: asking, text: text.trim() }); };
  if (steps.length === 0 && !r.can.withdraw_consent) return null;
  return (
    <section className="panel" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="h3">{t('protection.nextSteps')}</h2>
      {asking ? (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="step-text">{t(`protection.stepText.${asking}`)}</label>
            <textarea id="step-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} dir="auto" required
              aria-invalid={textError ? true : undefined} aria-describedby={textError ? 'step-text-error' : undefined} />
            {textError && <p id="step-text-error" className="field-error">{textError}</p>}
          </div>
          <button type="submit" className="primary" disabled={act.isPending || !text.trim()}>{t(`protection.step.${asking}`)}</button>{' '}
          <button type="button" onClick={() => { setAsking(null); act.reset(); }}>{t('common.cancel')}</button>
        </form>
      ) : (
        <p className="actions">
          {steps.map((s) => (
            <button key={s} type="button" className={s === steps[0] ? 'primary' : undefined} disabled={act.isPending}
              onClick={() => (WITH_TEXT.includes(s) ? setAsking(s) : act.mutate({ step: s }))}>{t(`protection.step.${s}`)}</button>
          ))}
          {r.can.withdraw_consent && (
            <button type="button" disabled={withdraw.isPending} onClick={() => { if (window.confirm(t('protection.withdrawQuestion'))) withdraw.mutate(); }}>{t('protection.withdrawConsent')}</button>
          )}
        </p>
      )}
      <ErrorMessage error={act.error ?? withdraw.error} />
    </section>
  );
}
