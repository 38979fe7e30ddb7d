import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ASSISTANCE_KINDS, returnWrites, solutionsChanged, solutionsQueries, type AssistanceInput, type AvrrCase, type ReturnOperation } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { Field, today } from './fields';

/** The AVRR cases of an IOM-led return of migrants (IOM's case numbers, never names) and their reintegration assistance. */
export function Avrr({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const list = useQuery(solutionsQueries.avrr(op.id));
  const empty = { reference: '', people: '1', returnedOn: '' };
  const [f, setF] = useState(empty);
  const openCase = useMutation({
    mutationFn: () => returnWrites.avrrCase(op.id, { reference: f.reference, people: Number(f.people), ...(f.returnedOn ? { returnedOn: f.returnedOn } : {}) }),
    onSuccess: async () => { setF(empty); await solutionsChanged.avrr(client, op.id); },
  });
  useLeaveGuard(f.reference !== '', t('solutions.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); openCase.mutate(); };
  const err = openCase.error;
  return (
    <section aria-labelledby="avrr-heading">
      <h2 id="avrr-heading">{t('solutions.avrr.title')}</h2>
      <p className="muted small">{t('solutions.avrr.help')}</p>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!list.data && !list.error && <Loading />}
      {list.data && (list.data.items.length === 0 ? <p className="muted">{t('solutions.avrr.none')}</p> : (
        <ul className="cards" data-testid="avrr-cases">
          {list.data.items.map((c) => (
            <li key={c.id} className="card">
              <h3 className="h3"><bdi>{c.reference}</bdi> · {t('solutions.people', { count: c.people, n: formatNumber(c.people, lng) })}</h3>
              <p className="small">{c.returnedOn ? t('solutions.avrr.returnedOn', { date: formatDate(c.returnedOn, lng) }) : t('solutions.avrr.notReturned')}
                {' · '}{t('solutions.avrr.reintegration', { planned: formatNumber(c.reintegration.planned, lng), delivered: formatNumber(c.reintegration.delivered, lng), usd: formatNumber(c.reintegration.deliveredUsd, lng) })}</p>
              {c.assistance.length > 0 && <ul className="small">{c.assistance.map((a) => (
                <li key={a.id}>{t(`solutions.assistance.${a.kind}`, { defaultValue: a.kind })} · {t(`solutions.avrr.status.${a.status}`, { defaultValue: a.status })} · {formatDate(a.deliveredOn ?? a.plannedOn, lng)}{a.amountUsd !== null ? ` · USD ${formatNumber(a.amountUsd, lng)}` : ''}</li>
              ))}</ul>}
              {op.can.update && <AssistanceForm c={c} op={op} />}
            </li>
          ))}
        </ul>
      ))}
      {op.can.update && (
        <form className="panel narrow" onSubmit={submit} noValidate aria-labelledby="avrr-form-heading">
          <h3 id="avrr-form-heading">{t('solutions.avrr.open')}</h3>
          <Field id="av-ref" name="reference" label={`${t('solutions.avrr.reference')} (${t('common.required')})`} error={err} help={t('solutions.avrr.referenceHelp')}>
            {(tie) => <input {...tie} value={f.reference} onChange={(e) => setF({ ...f, reference: e.target.value })} autoComplete="off" dir="ltr" />}
          </Field>
          <Field id="av-people" name="people" label={t('solutions.register.people')} error={err}>
            {(tie) => <input {...tie} type="number" min={1} max={100} inputMode="numeric" value={f.people} onChange={(e) => setF({ ...f, people: e.target.value })} />}
          </Field>
          <Field id="av-returned" name="returnedOn" label={t('solutions.avrr.returnedOnLabel')} error={err}>
            {(tie) => <input {...tie} type="date" value={f.returnedOn} onChange={(e) => setF({ ...f, returnedOn: e.target.value })} />}
          </Field>
          <ErrorMessage error={err} />
          <button type="submit" className="primary" disabled={openCase.isPending}>{t('solutions.avrr.save')}</button>
        </form>
      )}
    </section>
  );
}

function AssistanceForm({ c, op }: { c: AvrrCase; op: ReturnOperation }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const empty = { kind: 'reception' as AssistanceInput['kind'], status: 'planned' as AssistanceInput['status'], plannedOn: today(), deliveredOn: '', amount: '' };
  const [f, setF] = useState(empty);
  const assist = useMutation({
    mutationFn: () => returnWrites.assist(c.id, {
      kind: f.kind, status: f.status, plannedOn: f.plannedOn, ...(f.deliveredOn ? { deliveredOn: f.deliveredOn } : {}), ...(f.amount ? { amountUsd: Number(f.amount) } : {}),
    }),
    onSuccess: async () => { setF(empty); await solutionsChanged.avrr(client, op.id); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); assist.mutate(); };
  const err = assist.error;
  const id = (k: string) => `as-${k}-${c.id}`;
  return (
    <details>
      <summary>{t('solutions.avrr.assist')}</summary>
      <form onSubmit={submit} noValidate aria-label={t('solutions.avrr.assistFor', { reference: c.reference })}>
        <Field id={id('kind')} name="kind" label={t('solutions.avrr.kind')} error={err}>
          {(tie) => <select {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as AssistanceInput['kind'] })}>
            {ASSISTANCE_KINDS.map((k) => <option key={k} value={k}>{t(`solutions.assistance.${k}`)}</option>)}
          </select>}
        </Field>
        <Field id={id('status')} name="status" label={t('solutions.avrr.statusLabel')} error={err}>
          {(tie) => <select {...tie} value={f.status} onChange={(e) => setF({ ...f, status: e.target.value as AssistanceInput['status'] })}>
            <option value="planned">{t('solutions.avrr.status.planned')}</option><option value="delivered">{t('solutions.avrr.status.delivered')}</option>
          </select>}
        </Field>
        <Field id={id('planned')} name="plannedOn" label={t('solutions.avrr.plannedOn')} error={err}>
          {(tie) => <input {...tie} type="date" value={f.plannedOn} onChange={(e) => setF({ ...f, plannedOn: e.target.value })} />}
        </Field>
        <Field id={id('delivered')} name="deliveredOn" label={t('solutions.avrr.deliveredOn')} error={err}>
          {(tie) => <input {...tie} type="date" value={f.deliveredOn} onChange={(e) => setF({ ...f, deliveredOn: e.target.value })} />}
        </Field>
        <Field id={id('amount')} name="amountUsd" label={t('solutions.avrr.amount')} error={err}>
          {(tie) => <input {...tie} type="number" min={0} inputMode="decimal" value={f.amount} onChange={(e) => setF({ ...f, amount: e.target.value })} />}
        </Field>
        <ErrorMessage error={err} />
        <button type="submit" disabled={assist.isPending}>{t('solutions.avrr.saveAssistance')}</button>
      </form>
    </details>
  );
}
