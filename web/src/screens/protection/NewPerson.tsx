import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { protectionChanged, type NewPerson as Body } from '../../api/protection';
import { LEGAL_BASES, PERSON_SEXES, PURPOSES } from '../../api/values';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { localName, useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field } from './fields';

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * Records a person met by a case worker: the minimum needed (a name; the rest if the person gives it), why the
 * record is held, on which legal basis and until when. Every personal value is encrypted on the server.
 */
export function NewPerson() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { countries } = useSession();
  useTitle(t('protection.newPerson'));
  const [form, setForm] = useState({
    givenName: '', familyName: '', birthDate: '', sex: '', nationality: '', contact: '',
    purpose: 'protection_referral', legalBasis: 'consent', retainUntil: inAYear(),
  });
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = form.givenName !== '' || form.familyName !== '' || form.contact !== '';
  const save = useMutation({
    mutationFn: () => {
      const body: Body = {
        givenName: form.givenName.trim(), familyName: form.familyName.trim(), retainUntil: form.retainUntil,
        purpose: form.purpose as Body['purpose'], legalBasis: form.legalBasis as Body['legalBasis'],
        ...(form.birthDate ? { birthDate: form.birthDate } : {}), ...(form.sex ? { sex: form.sex as NonNullable<Body['sex']> } : {}),
        ...(form.nationality ? { nationality: form.nationality } : {}), ...(form.contact.trim() ? { contact: form.contact.trim() } : {}),
      };
      return unwrap(api.POST('/api/v1/protection/people', { body }));
    },
    onSuccess: async (p) => {
      await protectionChanged.person(client);
      setSaved(p.id);
    },
  });
  // Once saved, the form no longer holds unsaved input: the guard goes, then the record opens.
  useLeaveGuard(dirty && !saved, t('protection.leaveQuestion'));
  useEffect(() => { if (saved) navigate(`/protection/people/${saved}`); }, [saved]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const options = [...countries.values()].filter((c) => !c.pseudo).sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));
  return (
    <>
      <p className="crumbs"><Link href="/protection?tab=people">{t('protection.title')}</Link></p>
      <h1>{t('protection.newPerson')}</h1>
      <p className="alert info">{t('protection.minimalRecord')}</p>
      <form className="panel narrow" onSubmit={submit} noValidate>
        <Field id="givenName" label={`${t('protection.givenName')} (${t('common.required')})`} error={save.error}>
          {(tie) => <input {...tie} value={form.givenName} onChange={set('givenName')} autoComplete="off" required />}
        </Field>
        <Field id="familyName" label={`${t('protection.familyName')} (${t('common.required')})`} error={save.error}>
          {(tie) => <input {...tie} value={form.familyName} onChange={set('familyName')} autoComplete="off" required />}
        </Field>
        <Field id="birthDate" label={t('protection.birthDate')} error={save.error}>
          {(tie) => <input {...tie} type="date" value={form.birthDate} onChange={set('birthDate')} />}
        </Field>
        <Field id="sex" label={t('protection.sex')} error={save.error}>
          {(tie) => <select {...tie} value={form.sex} onChange={set('sex')}>
            <option value="">—</option>
            {PERSON_SEXES.map((s) => <option key={s} value={s}>{t(`personSex.${s}`)}</option>)}
          </select>}
        </Field>
        <Field id="nationality" label={t('protection.nationality')} error={save.error}>
          {(tie) => <select {...tie} value={form.nationality} onChange={set('nationality')}>
            <option value="">—</option>
            {options.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
          </select>}
        </Field>
        <Field id="contact" label={t('protection.contact')} error={save.error}>
          {(tie) => <input {...tie} value={form.contact} onChange={set('contact')} autoComplete="off" inputMode="tel" />}
        </Field>
        <Field id="purpose" label={t('protection.purpose')} error={save.error}>
          {(tie) => <select {...tie} value={form.purpose} onChange={set('purpose')}>
            {PURPOSES.map((p) => <option key={p} value={p}>{t(`recordPurpose.${p}`)}</option>)}
          </select>}
        </Field>
        <Field id="legalBasis" label={t('protection.legalBasis')} error={save.error}>
          {(tie) => <select {...tie} value={form.legalBasis} onChange={set('legalBasis')}>
            {LEGAL_BASES.map((b) => <option key={b} value={b}>{t(`legalBasis.${b}`)}</option>)}
          </select>}
        </Field>
        <Field id="retainUntil" label={t('protection.retainUntil')} help={t('protection.retainHelp')} error={save.error}>
          {(tie) => <input {...tie} type="date" value={form.retainUntil} onChange={set('retainUntil')} required />}
        </Field>
        <ErrorMessage error={save.error} />
        <button type="submit" className="primary" disabled={save.isPending}>{t('protection.savePerson')}</button>
      </form>
    </>
  );
}
