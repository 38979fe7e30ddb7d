import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldMessage, movementsQueries } from '../../api/movements';
import { ErrorMessage } from '../../components/feedback';
import { localName, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field } from './fields';
import {
  AGE_BANDS, CONSENT_METHODS, recordSurvey, SURVEY_NEEDS, SURVEY_REASONS, SURVEY_SEXES, SURVEY_TRANSPORTS, surveysChanged, type NewSurvey,
} from './surveys.api';

type Draft = {
  point: string; date: string; consent: boolean; consentMethod: NewSurvey['consentMethod']; sex: string; ageBand: string; nationality: string; origin: string;
  departure: string; destination: string; reason: string; transport: string; needs: string[]; withChildren: boolean;
  name: string; contact: string; birthDate: string; remarks: string;
};
const today = () => new Date().toISOString().slice(0, 10);
const empty = (): Draft => ({
  point: '', date: today(), consent: false, consentMethod: 'verbal', sex: '', ageBand: '', nationality: '', origin: '', departure: '', destination: '',
  reason: '', transport: '', needs: [], withChildren: false, name: '', contact: '', birthDate: '', remarks: '',
});

/**
 * An enumerator's Flow Monitoring Survey form: consent comes first and every other field stays disabled until
 * the person has agreed. Coded answers are counted in the aggregates; the optional personal fields are stored
 * encrypted and read only by the organisation's case handlers.
 */
export function SurveyForm() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { user, countries } = useSession();
  const mine = new Set((user?.memberships ?? []).map((m) => m.orgSlug));
  const points = useQuery(movementsQueries.points({ limit: 5000, offset: 0 }));
  const ownPoints = (points.data?.items ?? []).filter((p) => mine.has(p.agency));
  const list = [...countries.values()].map((c) => ({ iso3: c.iso3, name: localName(c.names, i18n.language) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const [f, setF] = useState<Draft>(empty);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setF((d) => ({ ...d, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());
      // Empty choices go as they are, so that the server names each missing field.
      const body = {
        point: f.point, date: f.date, consent: f.consent, consentMethod: f.consentMethod, sex: f.sex, ageBand: f.ageBand, nationality: f.nationality, origin: f.origin,
        departure: opt(f.departure), destination: f.destination, reason: f.reason, transport: f.transport, needs: f.needs, withChildren: f.withChildren,
        name: opt(f.name), contact: opt(f.contact), birthDate: opt(f.birthDate), remarks: opt(f.remarks),
      } as NewSurvey;
      return recordSurvey(body);
    },
    onSuccess: async () => { await surveysChanged(client); setSaved(true); setF({ ...empty(), point: f.point, date: f.date }); },
  });
  useLeaveGuard(f.consent && (f.nationality !== '' || f.name !== ''), t('movements.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); setSaved(false); save.mutate(); };
  const err = save.error;
  const needsError = fieldMessage(err, 'needs', true);
  const countrySelect = (key: 'nationality' | 'origin' | 'departure' | 'destination', required: boolean) => (
    <Field id={`sv-${key}`} name={key} label={`${t(`surveys.field.${key}`)}${required ? ` (${t('common.required')})` : ''}`} error={err}>
      {(tie) => <select {...tie} value={f[key]} onChange={(e) => set(key, e.target.value)} required={required}>
        <option value="">{t('common.choose')}</option>
        {list.map((c) => <option key={c.iso3} value={c.iso3}>{c.name}</option>)}
      </select>}
    </Field>
  );
  const codeSelect = (key: 'sex' | 'ageBand' | 'reason' | 'transport', codes: readonly string[]) => (
    <Field id={`sv-${key}`} name={key} label={`${t(`surveys.field.${key}`)} (${t('common.required')})`} error={err}>
      {(tie) => <select {...tie} value={f[key]} onChange={(e) => set(key, e.target.value)} required>
        <option value="">{t('common.choose')}</option>
        {codes.map((c) => <option key={c} value={c}>{t(`surveys.${key}.${c}`)}</option>)}
      </select>}
    </Field>
  );
  return (
    <form className="panel narrow movement-form" onSubmit={submit} noValidate aria-labelledby="new-survey-heading" data-testid="survey-form">
      <h3 id="new-survey-heading">{t('surveys.record')}</h3>
      <p className="muted small">{t('surveys.recordHelp')}</p>
      <fieldset className="checks">
        <legend>{t('surveys.consentLegend')}</legend>
        <p className="muted small" id="sv-consent-help">{t('surveys.consentScript')}</p>
        <label>
          <input type="checkbox" id="sv-consent" checked={f.consent} onChange={(e) => set('consent', e.target.checked)} aria-describedby="sv-consent-help" />
          {t('surveys.consentGiven')}
        </label>
      </fieldset>
      <fieldset disabled={!f.consent} className="survey-answers" aria-describedby={f.consent ? undefined : 'sv-disabled-note'}>
        {!f.consent && <p className="muted small" id="sv-disabled-note">{t('surveys.disabledUntilConsent')}</p>}
        <Field id="sv-consentMethod" name="consentMethod" label={t('surveys.field.consentMethod')} error={err}>
          {(tie) => <select {...tie} value={f.consentMethod} onChange={(e) => set('consentMethod', e.target.value as NewSurvey['consentMethod'])}>
            {CONSENT_METHODS.map((m) => <option key={m} value={m}>{t(`surveys.consentMethod.${m}`)}</option>)}
          </select>}
        </Field>
        <Field id="sv-point" name="point" label={`${t('surveys.field.point')} (${t('common.required')})`} error={err}>
          {(tie) => <select {...tie} value={f.point} onChange={(e) => set('point', e.target.value)} required>
            <option value="">{t('common.choose')}</option>
            {ownPoints.map((p) => <option key={p.id} value={p.id}>{`${p.name} (${p.code})`}</option>)}
          </select>}
        </Field>
        <Field id="sv-date" name="date" label={`${t('surveys.field.date')} (${t('common.required')})`} error={err}>
          {(tie) => <input {...tie} type="date" value={f.date} onChange={(e) => set('date', e.target.value)} required dir="ltr" />}
        </Field>
        {codeSelect('sex', SURVEY_SEXES)}
        {codeSelect('ageBand', AGE_BANDS)}
        {countrySelect('nationality', true)}
        {countrySelect('origin', true)}
        {countrySelect('departure', false)}
        {countrySelect('destination', true)}
        {codeSelect('reason', SURVEY_REASONS)}
        {codeSelect('transport', SURVEY_TRANSPORTS)}
        <fieldset className="checks" aria-describedby={needsError ? 'sv-needs-error' : undefined}>
          <legend>{t('surveys.field.needs')}</legend>
          {SURVEY_NEEDS.map((n) => (
            <label key={n}>
              <input type="checkbox" checked={f.needs.includes(n)} onChange={(e) => set('needs', e.target.checked ? [...f.needs, n] : f.needs.filter((x) => x !== n))} />
              {t(`surveys.needs.${n}`)}
            </label>
          ))}
          {needsError && <p id="sv-needs-error" className="field-error" data-testid="error-sv-needs">{needsError}</p>}
        </fieldset>
        <label className="inline-check">
          <input type="checkbox" checked={f.withChildren} onChange={(e) => set('withChildren', e.target.checked)} />
          {t('surveys.field.withChildren')}
        </label>
        <h4>{t('surveys.personalHeading')}</h4>
        <p className="muted small">{t('surveys.personalHelp')}</p>
        <Field id="sv-name" name="name" label={t('surveys.field.name')} error={err}>
          {(tie) => <input {...tie} value={f.name} onChange={(e) => set('name', e.target.value)} dir="auto" autoComplete="off" />}
        </Field>
        <Field id="sv-contact" name="contact" label={t('surveys.field.contact')} error={err}>
          {(tie) => <input {...tie} value={f.contact} onChange={(e) => set('contact', e.target.value)} dir="ltr" autoComplete="off" inputMode="tel" />}
        </Field>
        <Field id="sv-birthDate" name="birthDate" label={t('surveys.field.birthDate')} error={err}>
          {(tie) => <input {...tie} type="date" value={f.birthDate} onChange={(e) => set('birthDate', e.target.value)} dir="ltr" />}
        </Field>
        <Field id="sv-remarks" name="remarks" label={t('surveys.field.remarks')} error={err}>
          {(tie) => <textarea {...tie} value={f.remarks} onChange={(e) => set('remarks', e.target.value)} dir="auto" rows={3} />}
        </Field>
      </fieldset>
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={save.isPending || !f.consent}>{t('surveys.save')}</button>
      {saved && <p role="status" className="alert success" data-testid="survey-saved">{t('surveys.saved')}</p>}
    </form>
  );
}
