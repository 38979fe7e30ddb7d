import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Plan, type ReportPage, type ReviewDecision } from '../../api/client';
import { changed, queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatNumber, useTranslation } from '../../i18n';
import { navigate } from '../../router';

type Texts = { reason: string; note: string };

/**
 * The reviewers' queue: submitted reports, each validated or returned where its own `can.validate` allows. A
 * return says what to correct to the partner (the reason, which the partner reads); the note stays the reviewers'.
 */
export function ReviewTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const queue = useQuery(queries.reports(plan.id, { status: 'submitted', limit: 200, offset: 0 }));
  const [texts, setTexts] = useState<Record<string, Texts>>({});
  const [missingReason, setMissingReason] = useState<string | null>(null);
  const review = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: ReviewDecision }) => unwrap(api.POST('/api/v1/reports/{id}/review', {
      params: { path: { id } },
      body: { decision, note: texts[id]?.note.trim() || undefined, ...(decision === 'return' ? { reason: texts[id]?.reason.trim() || undefined } : {}) },
    })),
    onSuccess: () => changed.reports(client, plan.id),
  });
  if (queue.error) return <ErrorMessage error={queue.error} onRetry={() => void queue.refetch()} />;
  if (!queue.data) return <Loading />;
  const decide = (id: string, decision: ReviewDecision) => {
    // A return without a reason would leave the partner guessing what to correct.
    if (decision === 'return' && !texts[id]?.reason.trim()) { setMissingReason(id); return; }
    setMissingReason(null);
    review.mutate({ id, decision });
  };
  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('review.title', { count: queue.data.total })}</h2>
      <ErrorMessage error={review.error} />
      {queue.data.items.length === 0 ? <p>{t('review.empty')}</p> : (
        <ul className="cards" data-testid="queue">
          {queue.data.items.map((r) => (
            <QueueItem key={r.id} report={r} locked={plan.platform.lockedMonths.includes(r.month)} texts={texts[r.id] ?? { reason: '', note: '' }} busy={review.isPending}
              reasonMissing={missingReason === r.id} onTexts={(x) => setTexts({ ...texts, [r.id]: x })} onDecide={(decision) => decide(r.id, decision)} />
          ))}
        </ul>
      )}
      <p><button type="button" className="link" onClick={() => navigate(`/plans/${plan.id}?tab=dashboard`)}>{t('plan.dashboard')}</button></p>
    </section>
  );
}

function QueueItem({ report: r, locked, texts, busy, reasonMissing, onTexts, onDecide }: {
  report: ReportPage['items'][number]; locked: boolean; texts: Texts; busy: boolean; reasonMissing: boolean; onTexts: (t: Texts) => void; onDecide: (decision: ReviewDecision) => void;
}) {
  const { t, i18n } = useTranslation();
  const total = r.rows.reduce((s, x) => s + x.reached, 0);
  const fresh = r.rows.reduce((s, x) => s + x.newReached, 0);
  return (
    <li className="card">
      <h3>{r.activity.partnerName} · {r.activity.sectorName} · {r.activity.area} (<bdi>{r.activity.pcode}</bdi>) · <bdi>{r.month}</bdi></h3>
      <p dir="auto">{r.activity.description}</p>
      <p>{t('review.totals', { reached: formatNumber(total, i18n.language), fresh: formatNumber(fresh, i18n.language) })}{r.rows.some((x) => x.converted) ? ` · ${t('review.converted')}` : ''}</p>
      {r.returnReason && <p className="small muted">{t('review.returnedBefore')} <q dir="auto">{r.returnReason}</q></p>}
      {r.can.validate ? (
        <>
          <div className="field">
            <label htmlFor={`reason-${r.id}`}>{t('review.reason')}</label>
            <textarea id={`reason-${r.id}`} rows={2} value={texts.reason} dir="auto" onChange={(e) => onTexts({ ...texts, reason: e.target.value })}
              aria-invalid={reasonMissing} aria-describedby={`reason-help-${r.id}`} />
            <p id={`reason-help-${r.id}`} className={reasonMissing ? 'field-error' : 'small muted'}>{reasonMissing ? t('review.reasonRequired') : t('review.reasonHelp')}</p>
          </div>
          <div className="field">
            <label htmlFor={`note-${r.id}`}>{t('review.note')}</label>
            <textarea id={`note-${r.id}`} rows={2} value={texts.note} dir="auto" onChange={(e) => onTexts({ ...texts, note: e.target.value })} />
          </div>
          <div className="actions">
            <button type="button" className="primary" onClick={() => onDecide('validate')} disabled={busy}>{t('review.validate')}</button>{' '}
            <button type="button" onClick={() => onDecide('return')} disabled={busy}>{t('review.return')}</button>
          </div>
        </>
      ) : <p className="muted">{locked ? t('report.locked') : t('review.readOnly')}</p>}
    </li>
  );
}
