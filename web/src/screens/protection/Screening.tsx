import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { protectionQueries, type Profile, type ProfileAnswers } from '../../api/protection';
import { INTENTIONS, REASONS_FOR_LEAVING, RISK_INDICATORS } from '../../api/values';
import { ErrorMessage } from '../../components/feedback';
import { formatDate, useTranslation } from '../../i18n';
import { Checks } from './fields';

const EMPTY: ProfileAnswers = { reasonsForLeaving: [], fearOfReturn: false, riskIndicators: [], intentions: [] };

/** The joint screening (UNHCR's 10-Point Plan, point 5): reasons for leaving, fear of return, risks, intentions. */
export function ScreeningForm({ personId, onDone }: { personId: string; onDone: (p: Profile) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [answers, setAnswers] = useState<ProfileAnswers>(EMPTY);
  const save = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/protection/people/{id}/profiles', { params: { path: { id: personId } }, body: answers })),
    onSuccess: async (p) => {
      client.setQueryData(protectionQueries.profiles(personId).queryKey, (old) => [...(old ?? []), p]);
      setAnswers(EMPTY);
      onDone(p);
    },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="screening-heading">
      <h3 id="screening-heading">{t('protection.screen')}</h3>
      <Checks legend={t('protection.reasonsForLeaving')} name="reasons" codes={REASONS_FOR_LEAVING} chosen={answers.reasonsForLeaving}
        label={(c) => t(`reasonForLeaving.${c}`)} onChange={(v) => setAnswers({ ...answers, reasonsForLeaving: v })} />
      <fieldset className="toggle">
        <legend>{t('protection.fearOfReturn')}</legend>
        <label><input type="radio" name="fear" checked={answers.fearOfReturn} onChange={() => setAnswers({ ...answers, fearOfReturn: true })} /> {t('common.yes')}</label>
        <label><input type="radio" name="fear" checked={!answers.fearOfReturn} onChange={() => setAnswers({ ...answers, fearOfReturn: false })} /> {t('common.no')}</label>
      </fieldset>
      <Checks legend={t('protection.riskIndicators')} name="risks" codes={RISK_INDICATORS} chosen={answers.riskIndicators}
        label={(c) => t(`riskIndicator.${c}`)} onChange={(v) => setAnswers({ ...answers, riskIndicators: v })} />
      <Checks legend={t('protection.intentions')} name="intentions" codes={INTENTIONS} chosen={answers.intentions}
        label={(c) => t(`intention.${c}`)} onChange={(v) => setAnswers({ ...answers, intentions: v })} />
      <ErrorMessage error={save.error} />
      <button type="submit" className="primary" disabled={save.isPending}>{t('protection.suggest')}</button>
    </form>
  );
}

/** A screening's result: the indicator (never a status) and each suggested pathway with its reasons and agency. */
export function ScreeningResult({ profile, onRefer }: { profile: Profile; onRefer?: (pathway: Profile['suggestions'][number]['pathway']) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="card" data-testid="screening">
      <h3>{t('protection.screenedOn', { date: formatDate(profile.createdAt, i18n.language) })} <span className="muted small">({t('protection.rulesVersion', { version: profile.rulesVersion })})</span></h3>
      {profile.possibleInternationalProtectionNeeds
        ? <p className="alert warning" data-testid="pipn">{t('protection.possibleNeeds')}</p>
        : <p className="muted">{t('protection.noIndicator')}</p>}
      {profile.suggestions.length === 0 ? <p>{t('protection.noSuggestion')}</p> : (
        <ul className="plain">
          {profile.suggestions.map((s) => (
            <li key={s.pathway} data-testid="suggestion">
              <strong>{t(`pathway.${s.pathway}`)}</strong> — {t(`pathwayAgency.${s.pathway}`, { defaultValue: s.agency })} · {t(`pathwayService.${s.pathway}`, { defaultValue: s.service })}
              <br /><span className="small muted">{t('protection.because', { reasons: s.reasons.map((r) => reasonText(t, r)).join('; ') })}</span>
              {onRefer && <> <button type="button" className="link" onClick={() => onRefer(s.pathway)}>{t('protection.referThis')}</button></>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** A rule's reason code (`risk:woman_at_risk`, `fear_of_return`…) in words. */
function reasonText(t: (k: string, o?: Record<string, string>) => string, code: string): string {
  const [kind, value] = code.split(':') as [string, string | undefined];
  if (!value) return t(`protection.signal.${kind}`, { defaultValue: code });
  const family = kind === 'risk' ? 'riskIndicator' : kind === 'reason' ? 'reasonForLeaving' : kind === 'intention' ? 'intention' : null;
  return family ? t(`${family}.${value}`, { defaultValue: value }) : code;
}
