import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap, type Decision, type Recommendation } from '../../api/client';
import { changed } from '../../api/queries';
import { DECIDABLE_ARRANGEMENTS, SIGNING_AGENCIES } from '../../api/values';
import { ARRANGEMENT_COLOURS } from '../../arrangements';
import { ErrorMessage } from '../../components/feedback';
import { formatDate, formatPercent, useTranslation } from '../../i18n';
import { DecisionCard } from './Decisions';

type Agency = (typeof SIGNING_AGENCIES)[number];
type Decidable = (typeof DECIDABLE_ARRANGEMENTS)[number];
type Done = { kind: 'proposed' | 'signed' | 'rejected' | 'withdrawn'; decision: Decision };

/**
 * The two representatives' sign-off (R3). Open proposals stand side by side, each with what the account may do
 * with it (its own `can`: countersign, decline with a reason, withdraw); the agencies it may propose for come
 * from the API (`propose`). Every signature goes through a summary to confirm; after a countersignature the
 * page shows the decision now in force.
 */
export function SignOff({ slug, rec, decisions, propose }: { slug: string; rec: Recommendation; decisions: Decision[]; propose: Agency[] }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<Done | null>(null);
  const [proposing, setProposing] = useState(false);
  const open = decisions.filter((d) => d.status === 'awaiting_signature');
  const anySigned = decisions.some((d) => d.status === 'signed');
  const finish = (d: Done) => { setDone(d); setProposing(false); };
  const messages: Record<Done['kind'], string> = {
    proposed: t('decision.proposed'), signed: t('decision.nowInForce'), rejected: t('decision.rejectedDone'), withdrawn: t('decision.withdrawnDone'),
  };
  const showForm = propose.length > 0 && open.length === 0 && (proposing || (!anySigned && !done));
  return (
    <div className="sign-off">
      {done && <p role="status" className="alert success" data-testid="sign-status">{messages[done.kind]}</p>}
      {done?.kind === 'signed' && <div data-testid="signed-decision"><DecisionCard decision={done.decision} rec={rec} /></div>}
      {open.length > 0 && (
        <section aria-labelledby="open-heading">
          <h3 id="open-heading">{t('decision.open', { count: open.length })}</h3>
          <div className={open.length > 1 ? 'proposals side-by-side' : 'proposals'} data-testid="open-proposals">
            {open.map((d) => <Proposal key={d.id} slug={slug} decision={d} rec={rec} onDone={finish} />)}
          </div>
        </section>
      )}
      {showForm && <Propose slug={slug} rec={rec} mine={propose} onProposed={(decision) => finish({ kind: 'proposed', decision })} />}
      {propose.length > 0 && open.length === 0 && !showForm && (
        <p><button type="button" onClick={() => { setProposing(true); setDone(null); }}>{t('decision.proposeAnother')}</button></p>
      )}
    </div>
  );
}

const pendingAgency = (d: Decision): Agency | undefined => SIGNING_AGENCIES.find((a) => !d.signatories[a].signedAt);

/** An open proposal and what the account may do with it, each through a step that says what will happen. */
function Proposal({ slug, decision: d, rec, onDone }: { slug: string; decision: Decision; rec: Recommendation; onDone: (d: Done) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState<'idle' | 'sign' | 'reject' | 'withdraw'>('idle');
  const [text, setText] = useState('');
  const agency = pendingAgency(d);
  const act = useMutation({
    mutationFn: async (kind: 'sign' | 'reject' | 'withdraw') => {
      const path = { params: { path: { id: d.id } } };
      if (kind === 'sign') return { kind: 'signed' as const, decision: await unwrap(api.POST('/api/v1/decisions/{id}/signatures', path)) };
      if (kind === 'reject') return { kind: 'rejected' as const, decision: await unwrap(api.POST('/api/v1/decisions/{id}/reject', { ...path, body: { reason: text.trim() } })) };
      return { kind: 'withdrawn' as const, decision: await unwrap(api.POST('/api/v1/decisions/{id}/withdraw', { ...path, body: text.trim() ? { note: text.trim() } : {} })) };
    },
    onSuccess: async (r) => {
      onDone(r);
      await changed.decisions(client, slug, r.kind === 'signed', r.decision);
    },
  });
  const reasonError = act.error instanceof ApiError ? act.error.forField('reason') : undefined;
  const cancel = () => { setStep('idle'); setText(''); act.reset(); };
  const confirm = (e: FormEvent) => {
    e.preventDefault();
    if (step !== 'idle') act.mutate(step);
  };
  const nothing = !d.can.sign && !d.can.reject && !d.can.withdraw;
  return (
    <DecisionCard decision={d} rec={rec}>
      {nothing && <p className="muted small" role="status">{t('decision.awaitingOther', { agency: (agency ?? '').toUpperCase() })}</p>}
      {step === 'idle' && !nothing && (
        <div className="actions">
          {d.can.sign && agency && <button type="button" className="primary" onClick={() => setStep('sign')}>{t('decision.countersignStart', { agency: agency.toUpperCase() })}</button>}{' '}
          {d.can.reject && <button type="button" onClick={() => setStep('reject')}>{t('decision.declineStart')}</button>}{' '}
          {d.can.withdraw && <button type="button" onClick={() => setStep('withdraw')}>{t('decision.withdrawStart')}</button>}
        </div>
      )}
      {step !== 'idle' && (
        <form className="confirm" onSubmit={confirm} aria-labelledby={`confirm-${d.id}`} noValidate>
          <h4 id={`confirm-${d.id}`}>{t(`decision.confirmTitle.${step}`)}</h4>
          <p>{t(`decision.confirmHelp.${step}`, {
            arrangement: t(`arrangement.${d.arrangement}`), agency: (agency ?? '').toUpperCase(), date: formatDate(d.decidedOn, i18n.language),
            share: formatPercent(rec.share, i18n.language), recommended: t(`arrangement.${rec.arrangement}`),
          })}</p>
          {step !== 'sign' && (
            <div className="field">
              <label htmlFor={`text-${d.id}`}>{step === 'reject' ? t('decision.reason') : t('decision.note')}</label>
              <textarea id={`text-${d.id}`} rows={3} value={text} onChange={(e) => setText(e.target.value)} dir="auto"
                aria-invalid={!!reasonError} aria-describedby={reasonError ? `text-error-${d.id}` : undefined} />
              {reasonError && <p id={`text-error-${d.id}`} className="field-error">{t('decision.reasonRequired')}</p>}
            </div>
          )}
          {act.error && !reasonError ? <ErrorMessage error={act.error} /> : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={act.isPending}>{t(`decision.confirm.${step}`, { agency: (agency ?? '').toUpperCase() })}</button>{' '}
            <button type="button" onClick={cancel}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </DecisionCard>
  );
}

/** A proposal: the arrangement (the recommendation preselected), the rationale it needs when it differs, then a summary to sign. */
function Propose({ slug, rec, mine, onProposed }: { slug: string; rec: Recommendation; mine: Agency[]; onProposed: (d: Decision) => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const recommended = DECIDABLE_ARRANGEMENTS.find((a) => a === rec.arrangement) ?? '';
  const [arrangement, setArrangement] = useState<Decidable | ''>(recommended);
  const [rationale, setRationale] = useState('');
  const [decidedOn, setDecidedOn] = useState(new Date().toISOString().slice(0, 10));
  const [agency, setAgency] = useState<Agency | ''>(mine.length === 1 ? mine[0]! : '');
  const [reviewing, setReviewing] = useState(false);
  const signer = agency || mine[0] || '';
  const propose = useMutation({
    // An empty arrangement goes to the server as it is: its answer names the field at fault.
    mutationFn: () => unwrap(api.POST('/api/v1/situations/{ref}/decisions', {
      params: { path: { ref: slug } },
      body: { arrangement: arrangement as Decidable, rationale: rationale.trim() || undefined, decidedOn, ...(agency ? { agency } : {}) },
    })),
    onSuccess: async (decision) => {
      onProposed(decision);
      setRationale('');
      await changed.decisions(client, slug, false, decision);
    },
    onError: () => setReviewing(false),
  });

  const differs = arrangement !== '' && arrangement !== rec.arrangement;
  const apiError = propose.error instanceof ApiError ? propose.error : null;
  const rationaleError = apiError?.forField('rationale');
  const arrangementError = apiError?.forField('arrangement');
  const review = (e: FormEvent) => {
    e.preventDefault();
    propose.reset();
    setReviewing(true);
  };

  if (reviewing) {
    return (
      <form className="panel sign confirm" onSubmit={(e) => { e.preventDefault(); propose.mutate(); }} aria-labelledby="summary-heading" data-testid="proposal-summary">
        <h3 id="summary-heading">{t('decision.summaryTitle')}</h3>
        <dl className="facts">
          <dt>{t('decision.arrangement')}</dt>
          <dd>{arrangement ? <span className="badge" style={{ background: ARRANGEMENT_COLOURS[arrangement] }}>{t(`arrangement.${arrangement}`)}</span> : '—'}</dd>
          <dt>{t('decision.answering')}</dt>
          <dd>{t(`arrangement.${rec.arrangement}`)} · {formatPercent(rec.share, lng)}{rec.provisional ? ` · ${t('overview.provisionalShort')}` : ''} · <bdi>{formatDate(rec.asOf, lng)}</bdi></dd>
          <dt>{t('decision.rationale')}</dt><dd dir="auto">{rationale.trim() || '—'}</dd>
          <dt>{t('decision.decidedOn')}</dt><dd><bdi>{formatDate(decidedOn, lng)}</bdi></dd>
          <dt>{t('decision.agency')}</dt><dd>{signer.toUpperCase()}</dd>
        </dl>
        {differs && <p className="alert warning" role="note">{t('decision.differsHint', { recommended: t(`arrangement.${rec.arrangement}`) })}</p>}
        <p>{t('decision.summaryHelp', { agency: signer.toUpperCase() })}</p>
        <div className="actions">
          <button type="submit" className="primary" disabled={propose.isPending}>{t('decision.signAs', { agency: signer.toUpperCase() })}</button>{' '}
          <button type="button" onClick={() => setReviewing(false)}>{t('decision.edit')}</button>
        </div>
      </form>
    );
  }

  return (
    <form className="panel sign" onSubmit={review} noValidate aria-labelledby="propose-heading">
      <h3 id="propose-heading">{t('decision.proposeTitle')}</h3>
      <p className="muted small">{t('decision.proposeHelp')}</p>
      <div className="field">
        <label htmlFor="arrangement">{t('decision.arrangement')}</label>
        <select id="arrangement" value={arrangement} onChange={(e) => setArrangement(DECIDABLE_ARRANGEMENTS.find((a) => a === e.target.value) ?? '')} aria-invalid={!!arrangementError} aria-describedby={arrangementError ? 'arrangement-error' : undefined}>
          <option value="">{t('common.choose')}</option>
          {DECIDABLE_ARRANGEMENTS.map((a) => <option key={a} value={a}>{t(`arrangement.${a}`)}{a === rec.arrangement ? ` (${t('decision.recommended')})` : ''}</option>)}
        </select>
        {arrangementError && <p id="arrangement-error" className="field-error">{arrangementError}</p>}
      </div>
      {differs && <p className="alert warning" role="note">{t('decision.differsHint', { recommended: t(`arrangement.${rec.arrangement}`) })}</p>}
      <div className="field">
        <label htmlFor="rationale">{t('decision.rationale')}{differs ? ` (${t('common.required')})` : ''}</label>
        <textarea id="rationale" rows={4} value={rationale} onChange={(e) => setRationale(e.target.value)} dir="auto" aria-invalid={!!rationaleError} aria-describedby={rationaleError ? 'rationale-error' : undefined} />
        {rationaleError && <p id="rationale-error" className="field-error" role="alert">{t('decision.rationaleRequired')}</p>}
      </div>
      <div className="field">
        <label htmlFor="decided-on">{t('decision.decidedOn')}</label>
        <input id="decided-on" type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} />
      </div>
      {mine.length > 1 && (
        <div className="field">
          <label htmlFor="agency">{t('decision.agency')}</label>
          <select id="agency" value={agency} onChange={(e) => setAgency(mine.find((a) => a === e.target.value) ?? '')}>
            <option value="">{t('common.choose')}</option>
            {mine.map((a) => <option key={a} value={a}>{a.toUpperCase()}</option>)}
          </select>
        </div>
      )}
      {propose.error && !rationaleError && !arrangementError ? <ErrorMessage error={propose.error} /> : null}
      <button type="submit" className="primary">{t('decision.review')}</button>
    </form>
  );
}
