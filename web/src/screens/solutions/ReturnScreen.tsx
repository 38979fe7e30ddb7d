import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { returnWrites, solutionsChanged, solutionsQueries, type ReturnOperation, type Step } from '../../api/solutions';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { formatDate, formatNumber, useTranslation } from '../../i18n';
import { Link, useLeaveGuard } from '../../router';
import { useCountryName } from '../../session';
import { Avrr } from './Avrr';
import { Field, SyntheticTag, useActorName } from './fields';
import { Movements, Monitoring } from './Operations';
import { Register } from './Register';
import { Safeguards } from './Safeguards';
import { CaseloadWords, LeadReason, Lifecycle, ReturnStatusWord } from './words';

/**
 * One return operation: its computed lead and why, where it stands in its lifecycle and the steps the account
 * may take now (the server's `can`), the safeguards checklist, the person-by-person voluntariness register,
 * objections, approval and countersignature, movements, monitoring and, for an IOM-led return, its AVRR cases.
 */
export function ReturnScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const country = useCountryName();
  const query = useQuery(solutionsQueries.operation(id));
  const op = query.data;
  useTitle(op ? op.name : t('solutions.returns.one'));
  if (query.error) return <><h1>{t('solutions.returns.one')}</h1><ErrorMessage error={query.error} onRetry={() => void query.refetch()} /></>;
  if (!op) return <Loading />;
  return (
    <>
      <p className="crumbs"><Link href="/returns">{t('solutions.returns.title')}</Link></p>
      <h1><bdi>{op.name}</bdi> <SyntheticTag synthetic={op.synthetic} /></h1>
      <p className="big"><ReturnStatusWord status={op.status} /> · {t(`solutions.programme.${op.programme}`)}</p>
      <Lifecycle status={op.status} />
      <dl className="facts" data-testid="return-facts">
        <dt>{t('solutions.returns.host')}</dt><dd>{country(op.host, lng)}</dd>
        <dt>{t('solutions.returns.origin')}</dt><dd>{country(op.origin, lng)}</dd>
        <dt>{t('solutions.returns.lead')}</dt><dd data-testid="return-lead"><bdi>{op.lead.name}</bdi></dd>
        <dt>{t('solutions.returns.support')}</dt><dd>{op.support ? <bdi>{op.support.name}</bdi> : t('solutions.returns.noSupport')}</dd>
        <dt>{t('solutions.returns.why')}</dt><dd data-testid="lead-reason"><LeadReason op={op} /></dd>
        <dt>{t('solutions.returns.caseload')}</dt><dd><CaseloadWords op={op} /> ({t('solutions.people', { count: op.caseloadPeople, n: formatNumber(op.caseloadPeople, lng) })})</dd>
        <dt>{t('solutions.returns.moved')}</dt><dd>{formatNumber(op.moved, lng)}</dd>
        <dt>{t('solutions.returns.openedOn')}</dt><dd>{formatDate(op.createdAt, lng)}</dd>
      </dl>
      <NextSteps op={op} />
      <Safeguards op={op} />
      <Register op={op} />
      <Objections op={op} />
      <Movements op={op} />
      <Monitoring op={op} />
      {op.programme === 'assisted-voluntary-return-and-reintegration' && <Avrr op={op} />}
    </>
  );
}

/**
 * What stands between the return and its next stage, and the steps the account may take now. Approval is
 * offered only once every safeguard holds; until then the screen names each one missing.
 */
function NextSteps({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const actor = useActorName();
  const step = useMutation({
    mutationFn: (s: Step) => returnWrites.step(op.id, s),
    onSuccess: (answer) => solutionsChanged.operation(client, answer),
  });
  const gaps = op.safeguards.filter((s) => s.required && !s.holds);
  const mayReview = op.can.update && op.status === 'planning';
  const mayComplete = op.can.update && op.status === 'movements';
  const who = (w: { by: string; organisation: string | null; at: string }) => t('solutions.signedBy', { who: actor(w.by), org: (w.organisation ?? '').toUpperCase(), date: formatDate(w.at, lng) });
  return (
    <section aria-labelledby="steps-heading" className="panel" data-testid="next-steps">
      <h2 id="steps-heading">{t('solutions.steps.title')}</h2>
      <dl className="facts">
        <dt>{t('solutions.steps.approval')}</dt>
        <dd data-testid="approval">{op.approval ? who(op.approval) : t('solutions.steps.notYet')}</dd>
        {op.support && <><dt>{t('solutions.steps.countersignature', { org: op.support.slug.toUpperCase() })}</dt>
          <dd data-testid="countersignature">{op.countersignature ? who(op.countersignature) : t('solutions.steps.notYet')}</dd></>}
        {op.completion && <><dt>{t('solutions.steps.completion')}</dt><dd data-testid="completion">
          {who(op.completion)}{op.completion.figuresBatchId ? ` · ${t('solutions.steps.figuresWritten')}` : ''}
        </dd></>}
      </dl>
      {(op.status === 'planning' || op.status === 'safeguards_review') && (gaps.length > 0 ? (
        <div className="alert warning" data-testid="approval-blockers">
          <p><strong>{t('solutions.steps.blocked', { count: gaps.length, n: formatNumber(gaps.length, lng) })}</strong></p>
          <ul>{gaps.map((g) => (
            <li key={g.safeguard}>
              <strong>{t(`solutions.safeguard.${g.safeguard}`)}</strong>{': '}
              {g.safeguard === 'voluntariness_verified'
                ? t('solutions.steps.voluntarinessGap', { verified: formatNumber(op.voluntariness.verified, lng), total: formatNumber(op.caseloadPeople, lng), missing: formatNumber(op.voluntariness.missing, lng) })
                : g.missing.includes('not recorded') ? t('solutions.steps.notRecorded') : g.missing.join('; ')}
            </li>
          ))}</ul>
        </div>
      ) : <p className="alert success" data-testid="approval-ready">{t('solutions.steps.ready')}</p>)}
      <ErrorMessage error={step.error} />
      <div className="actions">
        {mayReview && <button type="button" onClick={() => step.mutate('review')} disabled={step.isPending}>{t('solutions.steps.review')}</button>}
        {op.can.approve && gaps.length === 0 && <button type="button" className="primary" onClick={() => step.mutate('approve')} disabled={step.isPending}>{t('solutions.steps.approve')}</button>}
        {op.can.countersign && <button type="button" className="primary" onClick={() => step.mutate('countersign')} disabled={step.isPending}>{t('solutions.steps.countersign')}</button>}
        {mayComplete && <button type="button" onClick={() => step.mutate('complete')} disabled={step.isPending}>{t('solutions.steps.complete')}</button>}
      </div>
      {op.can.approve && <p className="muted small">{t('solutions.steps.approveHelp')}</p>}
      {mayComplete && <p className="muted small">{t('solutions.steps.completeHelp')}</p>}
    </section>
  );
}

/** Objections by either agency before approval; approving over one raises an issue of concern. */
function Objections({ op }: { op: ReturnOperation }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const object = useMutation({
    mutationFn: () => returnWrites.object(op.id, reason),
    onSuccess: async (answer) => { setReason(''); await solutionsChanged.operation(client, answer); },
  });
  useLeaveGuard(reason !== '', t('solutions.leaveQuestion'));
  if (op.objections.length === 0 && !op.can.object) return null;
  const submit = (e: FormEvent) => { e.preventDefault(); object.mutate(); };
  return (
    <section aria-labelledby="objections-heading">
      <h2 id="objections-heading">{t('solutions.objections.title')}</h2>
      {op.objections.length === 0 ? <p className="muted">{t('solutions.objections.none')}</p> : (
        <ul className="cards" data-testid="objections">
          {op.objections.map((o) => <li key={o.id} className="card"><p><strong>{o.organisation.toUpperCase()}</strong> · {formatDate(o.raisedAt, i18n.language)}</p><p dir="auto">{o.reason}</p></li>)}
        </ul>
      )}
      {op.can.object && (
        <form onSubmit={submit} className="narrow" noValidate>
          <Field id="objection" name="reason" label={t('solutions.objections.reason')} error={object.error} help={t('solutions.objections.help')}>
            {(tie) => <textarea {...tie} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} dir="auto" />}
          </Field>
          <button type="submit" disabled={object.isPending}>{t('solutions.objections.raise')}</button>
        </form>
      )}
    </section>
  );
}
