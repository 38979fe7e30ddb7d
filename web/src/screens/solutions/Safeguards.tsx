import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { returnWrites, SAFEGUARDS, solutionsChanged, type ReturnOperation, type Safeguard, type SafeguardInput } from '../../api/solutions';
import { ErrorMessage } from '../../components/feedback';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { Field, today, useActorName } from './fields';

/** The safeguards recorded with evidence (voluntariness is the register's, person by person). */
type Recorded = Exclude<Safeguard, 'voluntariness_verified'>;
const RECORDED = SAFEGUARDS.filter((s): s is Recorded => s !== 'voluntariness_verified');

/**
 * The voluntary repatriation safeguards (R5): each one held or not, its evidence, who verified it and when,
 * and, while the return is being planned or reviewed, a form for the lead's staff to record one.
 */
export function Safeguards({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actor = useActorName();
  const open = op.can.update && (op.status === 'planning' || op.status === 'safeguards_review');
  return (
    <section aria-labelledby="safeguards-heading">
      <h2 id="safeguards-heading">{t('solutions.safeguards.title')}</h2>
      <p className="muted small">{t('solutions.safeguards.help')}</p>
      <ul className="cards" data-testid="safeguards">
        {op.safeguards.map((s) => (
          <li key={s.safeguard} className={`card safeguard ${s.holds ? 'holds' : 'missing'}`} data-testid={`safeguard-${s.safeguard}`}>
            <h3 className="h3">
              <span className="safeguard-mark" aria-hidden="true">{s.holds ? '✓' : '✗'}</span> {t(`solutions.safeguard.${s.safeguard}`)}
              {' '}<span className="small">{s.holds ? t('solutions.safeguards.holds') : t('solutions.safeguards.notHeld')}</span>
              {!s.required && <span className="muted small"> · {t('solutions.safeguards.optional')}</span>}
            </h3>
            <p className="muted small">{t(`solutions.safeguardHelp.${s.safeguard}`)}</p>
            {s.safeguard === 'voluntariness_verified' ? (
              <p>{t('solutions.safeguards.voluntariness', {
                verified: formatNumber(op.voluntariness.verified, lng), total: formatNumber(op.caseloadPeople, lng), declarations: formatNumber(op.voluntariness.declarations, lng),
                withdrawn: formatNumber(op.voluntariness.withdrawn, lng),
              })} <a href="#register-heading">{t('solutions.safeguards.toRegister')}</a></p>
            ) : s.evidence ? (
              <>
                <p><span className="muted">{t('solutions.safeguards.evidence')}:</span> <span dir="auto">{s.evidence}</span></p>
                <p className="small">{t('solutions.safeguards.verified', { who: s.verifiedBy ? actor(s.verifiedBy) : '—', date: formatDate(s.verifiedAt, lng) })}</p>
                {s.framework && <p className="small">{t('solutions.safeguards.frameworkLine', {
                  kind: s.framework.kind, parties: s.framework.parties.join(', '), date: formatDate(s.framework.signedOn, lng), document: s.framework.document,
                })}</p>}
                {s.staying !== null && <p className="small">{t('solutions.safeguards.stayingLine', { n: formatNumber(s.staying, lng) })}</p>}
                {s.safeguard === 'returnee_monitoring_planned' && op.monitoringPlan && <p className="small" dir="auto">{op.monitoringPlan}</p>}
              </>
            ) : <p className="muted">{t('solutions.steps.notRecorded')}</p>}
          </li>
        ))}
      </ul>
      {open && <SafeguardForm op={op} />}
    </section>
  );
}

function SafeguardForm({ op }: { op: ReturnOperation }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const first = RECORDED.find((s) => !op.safeguards.find((x) => x.safeguard === s)?.holds) ?? 'country_of_origin_information_given';
  const [which, setWhich] = useState<Recorded>(first);
  const empty = { evidence: '', kind: '', parties: '', signedOn: today(), document: '', staying: '', plan: '' };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState<Recorded | null>(null);
  const record = useMutation({
    mutationFn: () => {
      const body: SafeguardInput = { evidence: f.evidence };
      if (which === 'legal_framework_in_place') {
        body.framework = { kind: f.kind, parties: f.parties.split(/[\n;]+/).map((p) => p.trim()).filter(Boolean), signedOn: f.signedOn, document: f.document };
      }
      if (which === 'continued_asylum_for_those_who_stay' && f.staying !== '') body.staying = Number(f.staying);
      if (which === 'returnee_monitoring_planned' && f.plan) body.monitoringPlan = f.plan;
      return returnWrites.safeguard(op.id, which, body);
    },
    onSuccess: async (answer) => { setDone(which); setF(empty); await solutionsChanged.operation(client, answer); },
  });
  useLeaveGuard(f.evidence !== '', t('solutions.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); setDone(null); record.mutate(); };
  const err = record.error;
  return (
    <form className="panel narrow" onSubmit={submit} noValidate aria-labelledby="safeguard-form-heading">
      <h3 id="safeguard-form-heading">{t('solutions.safeguards.record')}</h3>
      <Field id="sg-which" name="safeguard" label={t('solutions.safeguards.which')} error={err}>
        {(tie) => <select {...tie} value={which} onChange={(e) => { setWhich(e.target.value as Recorded); setDone(null); }}>
          {RECORDED.map((s) => <option key={s} value={s}>{t(`solutions.safeguard.${s}`)}</option>)}
        </select>}
      </Field>
      <Field id="sg-evidence" name="evidence" label={`${t('solutions.safeguards.evidence')} (${t('common.required')})`} error={err} help={t('solutions.safeguards.evidenceHelp')}>
        {(tie) => <textarea {...tie} rows={3} value={f.evidence} onChange={(e) => setF({ ...f, evidence: e.target.value })} dir="auto" />}
      </Field>
      {which === 'legal_framework_in_place' && (
        <fieldset>
          <legend>{t('solutions.safeguards.framework')}</legend>
          <Field id="sg-kind" name="framework.kind" label={t('solutions.safeguards.frameworkKind')} error={err} help={t('solutions.safeguards.frameworkKindHelp')}>
            {(tie) => <input {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} dir="auto" />}
          </Field>
          <Field id="sg-parties" name="framework.parties" label={t('solutions.safeguards.parties')} error={err} help={t('solutions.safeguards.partiesHelp')}>
            {(tie) => <textarea {...tie} rows={3} value={f.parties} onChange={(e) => setF({ ...f, parties: e.target.value })} dir="auto" />}
          </Field>
          <Field id="sg-signed" name="framework.signedOn" label={t('solutions.safeguards.signedOn')} error={err}>
            {(tie) => <input {...tie} type="date" value={f.signedOn} onChange={(e) => setF({ ...f, signedOn: e.target.value })} />}
          </Field>
          <Field id="sg-document" name="framework.document" label={t('solutions.safeguards.document')} error={err}>
            {(tie) => <input {...tie} value={f.document} onChange={(e) => setF({ ...f, document: e.target.value })} dir="auto" />}
          </Field>
        </fieldset>
      )}
      {which === 'continued_asylum_for_those_who_stay' && (
        <Field id="sg-staying" name="staying" label={t('solutions.safeguards.staying')} error={err} help={t('solutions.safeguards.stayingHelp')}>
          {(tie) => <input {...tie} type="number" min={0} inputMode="numeric" value={f.staying} onChange={(e) => setF({ ...f, staying: e.target.value })} />}
        </Field>
      )}
      {which === 'returnee_monitoring_planned' && (
        <Field id="sg-plan" name="monitoringPlan" label={t('solutions.safeguards.plan')} error={err}>
          {(tie) => <textarea {...tie} rows={2} value={f.plan} onChange={(e) => setF({ ...f, plan: e.target.value })} dir="auto" />}
        </Field>
      )}
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={record.isPending}>{t('solutions.safeguards.save')}</button>
      {done && <p role="status" className="alert success">{t('solutions.safeguards.saved', { safeguard: t(`solutions.safeguard.${done}`) })}</p>}
    </form>
  );
}
