import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { protectionChanged, type NewReferral, type Person } from '../../api/protection';
import { queries } from '../../api/queries';
import { CONSENT_FIELDS, CONSENT_GIVERS, CONSENT_METHODS, PATHWAYS, PRIORITIES } from '../../api/values';
import { ErrorMessage } from '../../components/feedback';
import { localName, useTranslation } from '../../i18n';
import { navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Checks, Field } from './fields';

type Pathway = (typeof PATHWAYS)[number];
type ConsentField = (typeof CONSENT_FIELDS)[number];
/** Where each pathway usually goes (the receiver can be changed). */
const USUAL: Record<Pathway, string> = {
  asylum_and_protection: 'unhcr', child_protection: 'unhcr', counter_trafficking: 'iom', medical_referral: 'iom', avrr: 'iom', regular_migration: 'iom',
};
const localNow = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };

/**
 * A referral with the person's consent (R7), in two steps: what, to whom, how urgent; then the consent — which
 * fields the receiver may read, for what purpose, given when, how and by whom — read back before sending.
 */
export function ReferralForm({ person, profileId, pathway: initial, onCancel }: { person: Person; profileId?: string; pathway: Pathway; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { countries } = useSession();
  const orgs = useQuery(queries.organisations()).data ?? [];
  const [sent, setSent] = useState<string | null>(null);
  const [step, setStep] = useState<'what' | 'consent' | 'review'>('what');
  const [f, setF] = useState({
    pathway: initial, to: USUAL[initial], priority: 'normal' as (typeof PRIORITIES)[number], country: '', narrative: '',
    fields: ['givenName', 'familyName'] as ConsentField[], purpose: '', givenAt: localNow(),
    method: 'verbal' as (typeof CONSENT_METHODS)[number], givenBy: 'person' as (typeof CONSENT_GIVERS)[number],
  });
  const send = useMutation({
    mutationFn: (now: boolean) => {
      const body: NewReferral = {
        person: person.id, ...(profileId ? { profile: profileId } : {}), to: f.to, pathway: f.pathway, priority: f.priority, country: f.country,
        ...(f.narrative.trim() ? { narrative: f.narrative.trim() } : {}), send: now,
        consent: { fields: f.fields, purpose: f.purpose.trim(), givenAt: new Date(f.givenAt).toISOString(), method: f.method, givenBy: f.givenBy },
      };
      return unwrap(api.POST('/api/v1/protection/referrals', { body }));
    },
    onSuccess: async (r) => { await protectionChanged.referral(client, r); setSent(r.id); },
  });
  // Once sent, the form no longer holds unsaved input: the guard goes, then the referral opens.
  useLeaveGuard(!sent && (f.narrative !== '' || f.purpose !== ''), t('protection.leaveQuestion'));
  useEffect(() => { if (sent) navigate(`/protection/referrals/${sent}`); }, [sent]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const next = (e: FormEvent) => { e.preventDefault(); send.reset(); setStep(step === 'what' ? 'consent' : 'review'); };
  const toName = orgs.find((o) => o.slug === f.to)?.name ?? f.to;
  const countryOptions = [...countries.values()].filter((c) => !c.pseudo).sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));
  const others = orgs.filter((o) => !person.organisation || o.slug !== person.organisation.slug);

  return (
    <section className="panel" aria-labelledby="refer-heading">
      <h3 id="refer-heading">{t('protection.referTitle', { step: t(`protection.referStep.${step}`) })}</h3>
      <ol className="steps small" aria-label={t('protection.referSteps')}>
        {(['what', 'consent', 'review'] as const).map((s) => <li key={s} aria-current={s === step ? 'step' : undefined}>{t(`protection.referStep.${s}`)}</li>)}
      </ol>
      {step === 'what' && (
        <form onSubmit={next}>
          <Field id="pathway" label={t('protection.pathway')} error={send.error}>
            {(tie) => <select {...tie} value={f.pathway} onChange={(e) => { const p = e.target.value as Pathway; setF({ ...f, pathway: p, to: USUAL[p] }); }}>
              {PATHWAYS.map((p) => <option key={p} value={p}>{t(`pathway.${p}`)}</option>)}
            </select>}
          </Field>
          <Field id="to" label={t('protection.to')} error={send.error}>
            {(tie) => <select {...tie} value={f.to} onChange={set('to')}>{others.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}</select>}
          </Field>
          <Field id="priority" label={t('protection.priority')} help={t('protection.priorityHelp')} error={send.error}>
            {(tie) => <select {...tie} value={f.priority} onChange={set('priority')}>{PRIORITIES.map((p) => <option key={p} value={p}>{t(`priority.${p}`)}</option>)}</select>}
          </Field>
          <Field id="country" label={t('protection.country')} error={send.error}>
            {(tie) => <select {...tie} value={f.country} onChange={set('country')} required>
              <option value="">{t('common.choose')}</option>
              {countryOptions.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
            </select>}
          </Field>
          <Field id="narrative" label={t('protection.narrative')} help={t('protection.narrativeHelp')} error={send.error}>
            {(tie) => <textarea {...tie} rows={4} value={f.narrative} onChange={set('narrative')} dir="auto" />}
          </Field>
          <p className="actions"><button type="submit" className="primary" disabled={!f.country}>{t('protection.next')}</button> <button type="button" onClick={onCancel}>{t('common.cancel')}</button></p>
        </form>
      )}
      {step === 'consent' && (
        <form onSubmit={next}>
          <p>{t('protection.consentIntro', { org: toName })}</p>
          <Checks legend={t('protection.consentFields', { org: toName })} name="consent-fields" codes={CONSENT_FIELDS} chosen={f.fields}
            label={(c) => t(`consentField.${c}`)} onChange={(v) => setF({ ...f, fields: v })} />
          <Field id="consent.purpose" label={`${t('protection.consentPurpose')} (${t('common.required')})`} help={t('protection.consentPurposeHelp')} error={send.error}>
            {(tie) => <textarea {...tie} rows={2} value={f.purpose} onChange={set('purpose')} dir="auto" required />}
          </Field>
          <Field id="consent.givenAt" label={t('protection.consentGivenAt')} error={send.error}>
            {(tie) => <input {...tie} type="datetime-local" value={f.givenAt} onChange={set('givenAt')} required />}
          </Field>
          <Field id="consent.method" label={t('protection.consentMethod')} error={send.error}>
            {(tie) => <select {...tie} value={f.method} onChange={set('method')}>{CONSENT_METHODS.map((m) => <option key={m} value={m}>{t(`consentMethod.${m}`)}</option>)}</select>}
          </Field>
          <Field id="consent.givenBy" label={t('protection.consentGivenBy')} error={send.error}>
            {(tie) => <select {...tie} value={f.givenBy} onChange={set('givenBy')}>{CONSENT_GIVERS.map((g) => <option key={g} value={g}>{t(`consentGiver.${g}`)}</option>)}</select>}
          </Field>
          <p className="actions"><button type="submit" className="primary" disabled={!f.purpose.trim()}>{t('protection.review')}</button> <button type="button" onClick={() => setStep('what')}>{t('protection.back')}</button></p>
        </form>
      )}
      {step === 'review' && (
        <div data-testid="referral-review">
          <dl className="facts">
            <dt>{t('protection.pathway')}</dt><dd>{t(`pathway.${f.pathway}`)}</dd>
            <dt>{t('protection.to')}</dt><dd>{toName}</dd>
            <dt>{t('protection.priority')}</dt><dd>{t(`priority.${f.priority}`)} — {t(`priorityDeadline.${f.priority}`)}</dd>
            <dt>{t('protection.consentFieldsShort')}</dt><dd data-testid="review-fields">{f.fields.length ? f.fields.map((c) => t(`consentField.${c}`)).join(', ') : t('protection.nothingPersonal')}</dd>
            <dt>{t('protection.consentPurpose')}</dt><dd dir="auto">{f.purpose}</dd>
          </dl>
          <p className="alert info">{t('protection.withdrawable')}</p>
          <ErrorMessage error={send.error} />
          <p className="actions">
            <button type="button" className="primary" disabled={send.isPending} onClick={() => send.mutate(true)}>{t('protection.send')}</button>{' '}
            <button type="button" disabled={send.isPending} onClick={() => send.mutate(false)}>{t('protection.saveDraft')}</button>{' '}
            <button type="button" onClick={() => setStep('consent')}>{t('protection.back')}</button>
          </p>
        </div>
      )}
    </section>
  );
}
