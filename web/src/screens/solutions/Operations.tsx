import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { returnWrites, solutionsChanged, type MovementInput, type ReturnOperation } from '../../api/solutions';
import { ErrorMessage } from '../../components/feedback';
import { TableWrap } from '../../components/TableWrap';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { Field, today } from './fields';

/**
 * Convoys and flights with their dates and numbers by population type, recorded once the return is approved
 * and the supporting agency countersigned (its staff run them); those on board can no longer withdraw.
 */
export function Movements({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (op.movements.length === 0 && !op.can.recordMovement) return null;
  return (
    <section aria-labelledby="movements-heading">
      <h2 id="movements-heading">{t('solutions.movements.title')}</h2>
      {op.movements.length === 0 ? <p className="muted">{t('solutions.movements.none')}</p> : (
        <TableWrap label={t('solutions.movements.title')}>
          <table data-testid="movements">
            <caption>{t('solutions.movements.caption', { n: formatNumber(op.moved, lng) })}</caption>
            <thead><tr><th scope="col">{t('solutions.movements.kind')}</th><th scope="col">{t('solutions.movements.departedOn')}</th>
              <th scope="col">{t('solutions.movements.arrivedOn')}</th><th scope="col" className="num">{t('solutions.movements.people')}</th></tr></thead>
            <tbody>{op.movements.map((m) => (
              <tr key={m.id}><td>{t(`solutions.movements.kinds.${m.kind}`, { defaultValue: m.kind })}</td><td>{formatDate(m.departedOn, lng)}</td>
                <td>{formatDate(m.arrivedOn, lng)}</td><td className="num">{formatNumber(m.people, lng)} ({Object.entries(m.byType).map(([k, v]) => `${k} ${formatNumber(v, lng)}`).join(', ')})</td></tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
      {op.can.recordMovement && (op.support && !op.countersignature
        ? <p className="alert info">{t('solutions.movements.awaitCountersign', { org: op.support.slug.toUpperCase() })}</p>
        : <MovementForm op={op} />)}
    </section>
  );
}

function MovementForm({ op }: { op: ReturnOperation }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const empty = { kind: 'convoy' as MovementInput['kind'], departedOn: today(), arrivedOn: '', refs: '' };
  const [f, setF] = useState(empty);
  const [people, setPeople] = useState<Record<string, string>>({});
  const record = useMutation({
    mutationFn: () => {
      const byType: MovementInput['people'] = {};
      for (const c of op.caseload) if (people[c.type]) byType[c.type as keyof MovementInput['people']] = Number(people[c.type]);
      const refs = f.refs.split(/[\s,;]+/).filter(Boolean);
      return returnWrites.movement(op.id, { kind: f.kind, departedOn: f.departedOn, ...(f.arrivedOn ? { arrivedOn: f.arrivedOn } : {}), people: byType, ...(refs.length ? { declarations: refs } : {}) });
    },
    onSuccess: async (answer) => { setF(empty); setPeople({}); await solutionsChanged.operation(client, answer); },
  });
  useLeaveGuard(Object.values(people).some(Boolean), t('solutions.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); record.mutate(); };
  const err = record.error;
  return (
    <form className="panel narrow" onSubmit={submit} noValidate aria-labelledby="movement-form-heading">
      <h3 id="movement-form-heading">{t('solutions.movements.record')}</h3>
      <Field id="m-kind" name="kind" label={t('solutions.movements.kind')} error={err}>
        {(tie) => <select {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as MovementInput['kind'] })}>
          <option value="convoy">{t('solutions.movements.kinds.convoy')}</option><option value="flight">{t('solutions.movements.kinds.flight')}</option>
        </select>}
      </Field>
      <Field id="m-departed" name="departedOn" label={t('solutions.movements.departedOn')} error={err}>
        {(tie) => <input {...tie} type="date" value={f.departedOn} onChange={(e) => setF({ ...f, departedOn: e.target.value })} />}
      </Field>
      <Field id="m-arrived" name="arrivedOn" label={t('solutions.movements.arrivedOn')} error={err}>
        {(tie) => <input {...tie} type="date" value={f.arrivedOn} onChange={(e) => setF({ ...f, arrivedOn: e.target.value })} />}
      </Field>
      <fieldset>
        <legend>{t('solutions.movements.people')}</legend>
        {op.caseload.map((c) => (
          <Field key={c.type} id={`m-people-${c.type}`} name={`people.${c.type}`} label={t(`solutions.popType.${c.type}`, { defaultValue: c.type })} error={err}>
            {(tie) => <input {...tie} type="number" min={0} inputMode="numeric" value={people[c.type] ?? ''} onChange={(e) => setPeople({ ...people, [c.type]: e.target.value })} />}
          </Field>
        ))}
      </fieldset>
      <Field id="m-refs" name="declarations" label={t('solutions.movements.onBoard')} error={err} help={t('solutions.movements.onBoardHelp')}>
        {(tie) => <textarea {...tie} rows={2} value={f.refs} onChange={(e) => setF({ ...f, refs: e.target.value })} dir="ltr" />}
      </Field>
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={record.isPending}>{t('solutions.movements.save')}</button>
    </form>
  );
}

/** Returnee monitoring visits after return, with their findings (the lead's staff, once the return is completed). */
export function Monitoring({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const empty = { visitedOn: today(), place: '', households: '', findings: '' };
  const [f, setF] = useState(empty);
  const visit = useMutation({
    mutationFn: () => returnWrites.monitor(op.id, { visitedOn: f.visitedOn, place: f.place, households: Number(f.households || 0), findings: f.findings }),
    onSuccess: async (answer) => { setF(empty); await solutionsChanged.operation(client, answer); },
  });
  useLeaveGuard(f.findings !== '' || f.place !== '', t('solutions.leaveQuestion'));
  const open = op.can.update && (op.status === 'completed' || op.status === 'monitoring');
  if (op.monitoring.length === 0 && !open) return null;
  const submit = (e: FormEvent) => { e.preventDefault(); visit.mutate(); };
  const err = visit.error;
  return (
    <section aria-labelledby="monitoring-heading">
      <h2 id="monitoring-heading">{t('solutions.monitoring.title')}</h2>
      {op.monitoring.length === 0 ? <p className="muted">{t('solutions.monitoring.none')}</p> : (
        <ul className="cards" data-testid="monitoring">
          {op.monitoring.map((m) => (
            <li key={m.id} className="card">
              <p><strong>{formatDate(m.visitedOn, lng)}</strong> · <bdi>{m.place}</bdi> · {t('solutions.monitoring.householdsN', { n: formatNumber(m.households, lng) })}</p>
              <p dir="auto">{m.findings}</p>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form className="panel narrow" onSubmit={submit} noValidate aria-labelledby="monitoring-form-heading">
          <h3 id="monitoring-form-heading">{t('solutions.monitoring.record')}</h3>
          <Field id="v-date" name="visitedOn" label={t('solutions.monitoring.visitedOn')} error={err}>
            {(tie) => <input {...tie} type="date" value={f.visitedOn} onChange={(e) => setF({ ...f, visitedOn: e.target.value })} />}
          </Field>
          <Field id="v-place" name="place" label={t('solutions.monitoring.place')} error={err}>
            {(tie) => <input {...tie} value={f.place} onChange={(e) => setF({ ...f, place: e.target.value })} dir="auto" />}
          </Field>
          <Field id="v-households" name="households" label={t('solutions.monitoring.households')} error={err}>
            {(tie) => <input {...tie} type="number" min={0} inputMode="numeric" value={f.households} onChange={(e) => setF({ ...f, households: e.target.value })} />}
          </Field>
          <Field id="v-findings" name="findings" label={t('solutions.monitoring.findings')} error={err}>
            {(tie) => <textarea {...tie} rows={3} value={f.findings} onChange={(e) => setF({ ...f, findings: e.target.value })} dir="auto" />}
          </Field>
          <ErrorMessage error={err} />
          <button type="submit" className="primary" disabled={visit.isPending}>{t('solutions.monitoring.save')}</button>
        </form>
      )}
    </section>
  );
}
