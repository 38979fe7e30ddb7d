import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import {
  registerTemplateUrl, returnWrites, solutionsChanged, solutionsQueries, uploadRegister, type Declaration, type ReturnOperation,
} from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Pager } from '../../components/Pager';
import { TableWrap } from '../../components/TableWrap';
import { RefusedFile, UploadProgress, useUpload } from '../../components/upload';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { useLeaveGuard } from '../../router';
import { Field, today, useActorName } from './fields';

const PAGE = 25;

/**
 * The voluntariness register: one declaration per person or household, by registration reference (never a
 * name) — free, informed and express, its date and who verified it — withdrawable until departure. The lead's
 * staff add one with the form, or many from the template (XLSX or HXL CSV) uploaded back, all or nothing.
 */
export function Register({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const actor = useActorName();
  const list = useQuery(solutionsQueries.declarations(op.id));
  const [offset, setOffset] = useState(0);
  const withdraw = useMutation({
    mutationFn: (reference: string) => returnWrites.withdraw(op.id, reference),
    onSuccess: (answer) => solutionsChanged.operation(client, answer),
  });
  const items = list.data?.items ?? [];
  const shown = items.slice(offset, offset + PAGE);
  const open = op.can.update && op.status !== 'completed' && op.status !== 'monitoring';
  return (
    <section aria-labelledby="register-heading">
      <h2 id="register-heading" tabIndex={-1}>{t('solutions.register.title')}</h2>
      <p className="muted small">{t('solutions.register.help')}</p>
      <p role="status" data-testid="register-summary">{t('solutions.register.summary', {
        verified: formatNumber(op.voluntariness.verified, lng), total: formatNumber(op.caseloadPeople, lng), missing: formatNumber(op.voluntariness.missing, lng),
        declarations: formatNumber(op.voluntariness.declarations, lng),
      })}</p>
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {!list.data && !list.error && <Loading />}
      <ErrorMessage error={withdraw.error} />
      {shown.length > 0 && (
        <TableWrap label={t('solutions.register.title')}>
          <table data-testid="register">
            <caption>{t('solutions.register.caption')}</caption>
            <thead><tr>
              <th scope="col">{t('solutions.register.reference')}</th><th scope="col">{t('solutions.register.unit')}</th>
              <th scope="col" className="num">{t('solutions.register.people')}</th><th scope="col">{t('solutions.register.answers')}</th>
              <th scope="col">{t('solutions.register.declaredOn')}</th><th scope="col">{t('solutions.register.verifiedBy')}</th>
              <th scope="col">{t('solutions.register.state')}</th>
            </tr></thead>
            <tbody>{shown.map((d) => (
              <tr key={d.id} data-testid="declaration-row" data-reference={d.reference}>
                <td><bdi>{d.reference}</bdi></td><td>{t(`solutions.unit.${d.unit}`, { defaultValue: d.unit })}</td>
                <td className="num">{formatNumber(d.people, lng)}</td><td><Answers d={d} /></td>
                <td>{formatDate(d.declaredOn, lng)}</td><td><bdi>{actor(d.verifiedBy)}</bdi></td>
                <td>
                  <DeclarationState d={d} />
                  {open && !d.departed && !d.withdrawnAt && (
                    <button type="button" className="small" disabled={withdraw.isPending} onClick={() => withdraw.mutate(d.reference)}
                      aria-label={t('solutions.register.withdrawOne', { reference: d.reference })}>{t('solutions.register.withdraw')}</button>
                  )}
                </td>
              </tr>
            ))}</tbody>
          </table>
        </TableWrap>
      )}
      <Pager label={t('solutions.register.pages')} offset={offset} page={PAGE} shown={shown.length} total={items.length} onOffset={setOffset} />
      {open && <DeclarationForm op={op} />}
      {open && <RegisterUpload op={op} />}
    </section>
  );
}

function Answers({ d }: { d: Declaration }) {
  const { t } = useTranslation();
  const word = (k: 'free' | 'informed' | 'express') => `${t(`solutions.register.${k}`)}: ${d[k] ? t('common.yes') : t('common.no')}`;
  return <>{[word('free'), word('informed'), word('express')].join(' · ')}</>;
}

function DeclarationState({ d }: { d: Declaration }) {
  const { t, i18n } = useTranslation();
  if (d.withdrawnAt) return <span className="declaration withdrawn">{t('solutions.register.withdrawnOn', { date: formatDate(d.withdrawnAt, i18n.language) })} </span>;
  if (d.departed) return <span className="declaration departed">{t('solutions.register.departed')} </span>;
  return <span className={`declaration ${d.holds ? 'holds' : 'missing'}`}>{t(d.holds ? 'solutions.register.holds' : 'solutions.register.doesNotHold')} </span>;
}

/** One person's or household's declaration. */
function DeclarationForm({ op }: { op: ReturnOperation }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const empty = { unit: 'household' as 'person' | 'household', reference: '', people: '1', free: false, informed: false, express: false, declaredOn: today() };
  const [f, setF] = useState(empty);
  const [done, setDone] = useState('');
  const declare = useMutation({
    mutationFn: () => returnWrites.declare(op.id, [{
      unit: f.unit, reference: f.reference, people: f.unit === 'person' ? 1 : Number(f.people), free: f.free, informed: f.informed, express: f.express, declaredOn: f.declaredOn,
    }]),
    onSuccess: async (answer) => { setDone(f.reference); setF(empty); await solutionsChanged.operation(client, answer); },
  });
  useLeaveGuard(f.reference !== '', t('solutions.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); setDone(''); declare.mutate(); };
  const err = declare.error;
  return (
    <form className="panel narrow" onSubmit={submit} noValidate aria-labelledby="declare-heading">
      <h3 id="declare-heading">{t('solutions.register.add')}</h3>
      <Field id="d-unit" name="declarations.0.unit" label={t('solutions.register.unit')} error={err}>
        {(tie) => <select {...tie} value={f.unit} onChange={(e) => setF({ ...f, unit: e.target.value as 'person' | 'household' })}>
          <option value="household">{t('solutions.unit.household')}</option><option value="person">{t('solutions.unit.person')}</option>
        </select>}
      </Field>
      <Field id="d-reference" name="declarations.0.reference" label={`${t('solutions.register.reference')} (${t('common.required')})`} error={err} help={t('solutions.register.referenceHelp')}>
        {(tie) => <input {...tie} value={f.reference} onChange={(e) => setF({ ...f, reference: e.target.value })} autoComplete="off" dir="ltr" />}
      </Field>
      {f.unit === 'household' && (
        <Field id="d-people" name="declarations.0.people" label={t('solutions.register.people')} error={err}>
          {(tie) => <input {...tie} type="number" min={1} max={100} inputMode="numeric" value={f.people} onChange={(e) => setF({ ...f, people: e.target.value })} />}
        </Field>
      )}
      <fieldset className="checks">
        <legend>{t('solutions.register.answers')}</legend>
        <p className="muted small">{t('solutions.register.answersHelp')}</p>
        {(['free', 'informed', 'express'] as const).map((k) => (
          <label key={k}><input type="checkbox" checked={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.checked })} /> {t(`solutions.register.${k}Long`)}</label>
        ))}
      </fieldset>
      <Field id="d-date" name="declarations.0.declaredOn" label={t('solutions.register.declaredOn')} error={err}>
        {(tie) => <input {...tie} type="date" value={f.declaredOn} onChange={(e) => setF({ ...f, declaredOn: e.target.value })} />}
      </Field>
      <ErrorMessage error={err} />
      <button type="submit" className="primary" disabled={declare.isPending}>{t('solutions.register.save')}</button>
      {done && <p role="status" className="alert success">{t('solutions.register.saved', { reference: done })}</p>}
    </form>
  );
}

/** Many declarations at once: the template to fill, and the filled file sent back (all or nothing). */
function RegisterUpload({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload((f, onProgress) => uploadRegister(op.id, f, onProgress), () => solutionsChanged.register(client, op.id));
  const submit = (e: FormEvent) => { e.preventDefault(); upload.mutate(file.current?.files?.[0]); };
  return (
    <section aria-labelledby="register-upload-heading" className="panel">
      <h3 id="register-upload-heading">{t('solutions.register.bulk')}</h3>
      <p className="muted small">{t('solutions.register.bulkHelp')}</p>
      <p className="exports">{t('solutions.register.template')} <a href={registerTemplateUrl(op.id, 'xlsx')} download>XLSX</a> · <a href={registerTemplateUrl(op.id, 'hxl')} download>HXL CSV</a></p>
      <form onSubmit={submit} aria-label={t('solutions.register.bulk')}>
        <div className="field">
          <label htmlFor="register-file">{t('solutions.register.filled')}</label>
          <input id="register-file" type="file" ref={file} accept=".xlsx,.csv" />
        </div>
        <div className="actions"><button type="submit" className="primary" disabled={upload.isPending}>{t('solutions.register.upload')}</button></div>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>
      {upload.isError && <RefusedFile error={upload.error} title={t('solutions.register.refused')} level={3} />}
      {upload.data && <p role="status" className="alert success" data-testid="register-upload-summary">{t('solutions.register.uploaded', {
        rows: formatNumber(upload.data.rowsRead, lng), inserted: formatNumber(upload.data.inserted, lng), unchanged: formatNumber(upload.data.unchanged, lng),
      })}</p>}
    </section>
  );
}
