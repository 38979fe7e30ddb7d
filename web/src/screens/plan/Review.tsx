import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Plan, type ReportPage, type ReviewDecision } from '../../api/client';
import { changed, queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { formatNumber } from '../../i18n';
import { navigate } from '../../router';

/** The reviewers' queue: submitted reports, each validated or returned with a note where its own `can.validate` allows. */
export function ReviewTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const queue = useQuery(queries.reports(plan.id, { status: 'submitted', limit: 200, offset: 0 }));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const review = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: ReviewDecision }) =>
      unwrap(api.POST('/api/v1/reports/{id}/review', { params: { path: { id } }, body: { decision, note: notes[id] || undefined } })),
    onSuccess: () => changed.reports(client, plan.id),
  });
  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (!queue.data) return <Loading />;
  return (
    <section aria-labelledby="queue-heading">
      <h2 id="queue-heading">{t('review.title', { count: queue.data.total })}</h2>
      <ErrorMessage error={review.error} />
      {queue.data.items.length === 0 ? <p>{t('review.empty')}</p> : (
        <ul className="cards" data-testid="queue">
          {queue.data.items.map((r) => (
            <QueueItem key={r.id} report={r} locked={plan.platform.lockedMonths.includes(r.month)} note={notes[r.id] ?? ''} busy={review.isPending}
              onNote={(note) => setNotes({ ...notes, [r.id]: note })} onDecide={(decision) => review.mutate({ id: r.id, decision })} />
          ))}
        </ul>
      )}
      <p><button type="button" className="link" onClick={() => navigate(`/plans/${plan.id}?tab=dashboard`)}>{t('plan.dashboard')}</button></p>
    </section>
  );
}

function QueueItem({ report: r, locked, note, busy, onNote, onDecide }: {
  report: ReportPage['items'][number]; locked: boolean; note: string; busy: boolean; onNote: (note: string) => void; onDecide: (decision: ReviewDecision) => void;
}) {
  const { t, i18n } = useTranslation();
  const total = r.rows.reduce((s, x) => s + x.reached, 0);
  const fresh = r.rows.reduce((s, x) => s + x.newReached, 0);
  return (
    <li className="card">
      <h3>{r.activity.partnerName} · {r.activity.sectorName} · {r.activity.area} · {r.month}</h3>
      <p>{r.activity.description}</p>
      <p>{t('review.totals', { reached: formatNumber(total, i18n.language), fresh: formatNumber(fresh, i18n.language) })}{r.rows.some((x) => x.converted) ? ` · ${t('review.converted')}` : ''}</p>
      {r.can.validate ? (
        <>
          <div className="field">
            <label htmlFor={`note-${r.id}`}>{t('review.note')}</label>
            <textarea id={`note-${r.id}`} rows={2} value={note} onChange={(e) => onNote(e.target.value)} />
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
