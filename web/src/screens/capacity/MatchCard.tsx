import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { capacityChanged, MATCH_STEPS, type Match, type MatchStep } from '../../api/capacity';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { formatNumber, useTranslation } from '../../i18n';
import { useMoment } from '../concerns/moment';
import { useVocabulary } from './Tags';

/** The life of a match, in order; declined and withdrawn end it early. */
const LIFE = ['proposed', 'accepted', 'delivered', 'evaluated'] as const;

/**
 * A match between a request and an offer: the steps it went through (who, when, a note), where it stands, and
 * the steps the server says this account may take now; evaluating asks for a rating of 1 to 5.
 */
export function MatchCard({ m, requestId }: { m: Match; requestId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const at = useMoment();
  const client = useQueryClient();
  const { kindName } = useVocabulary();
  // Steps name the organisation by its short name: shown by its name, as everywhere.
  const orgs = useQuery(queries.organisations()).data ?? [];
  const orgName = (slug: string | null) => (slug ? orgs.find((o) => o.slug === slug)?.name ?? slug : '—');
  const [asking, setAsking] = useState<MatchStep | null>(null);
  const [note, setNote] = useState('');
  const [rating, setRating] = useState('');
  const step = useMutation({
    mutationFn: (v: { step: MatchStep; note?: string; rating?: number }) => unwrap(api.POST('/api/v1/capacity/matches/{id}/steps', { params: { path: { id: m.id } }, body: v })),
    onSuccess: async () => { setAsking(null); setNote(''); setRating(''); await capacityChanged.match(client, requestId); },
  });
  const steps = MATCH_STEPS.filter((s) => m.can[s]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!asking) return;
    step.mutate({ step: asking, ...(note.trim() ? { note: note.trim() } : {}), ...(asking === 'evaluate' && rating ? { rating: Number(rating) } : {}) });
  };
  const reached = LIFE.indexOf(m.status as (typeof LIFE)[number]);
  return (
    <li className="card" data-testid="match">
      <h3>{t('capacity.matchTitle', { org: m.offer.organisation.name, kind: kindName(m.offer.kind) })} · <span data-testid="match-status">{t(`matchStatus.${m.status}`)}</span></h3>
      {m.amountUsd !== null && <p>{formatNumber(m.amountUsd, lng, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })}</p>}
      <ol className="steps match-life small" aria-label={t('capacity.matchLife')}>
        {LIFE.map((s, i) => <li key={s} aria-current={m.status === s ? 'step' : undefined} className={i <= reached ? 'done' : undefined}>{t(`matchStatus.${s}`)}</li>)}
      </ol>
      <ol className="history small" data-testid="match-steps">
        {m.steps.map((s, i) => (
          <li key={i}>{t(`capacity.step.${s.step}`, { defaultValue: s.step })} · {orgName(s.organisation)} · <time dateTime={s.at}>{at(s.at)}</time>{s.note && <> · <q dir="auto">{s.note}</q></>}</li>
        ))}
      </ol>
      {m.rating !== null && <p>{t('capacity.rated', { rating: m.rating })}</p>}
      {asking ? (
        <form onSubmit={submit}>
          {asking === 'evaluate' && (
            <div className="field">
              <label htmlFor={`rating-${m.id}`}>{t('capacity.rating')} ({t('common.required')})</label>
              <select id={`rating-${m.id}`} value={rating} onChange={(e) => setRating(e.target.value)} required>
                <option value="">{t('common.choose')}</option>
                {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{t(`capacity.ratingValue.r${n}`)}</option>)}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`note-${m.id}`}>{t('capacity.note')}</label>
            <textarea id={`note-${m.id}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} dir="auto" />
          </div>
          <button type="submit" className="primary" disabled={step.isPending || (asking === 'evaluate' && !rating)}>{t(`capacity.act.${asking}`)}</button>{' '}
          <button type="button" onClick={() => { setAsking(null); step.reset(); }}>{t('common.cancel')}</button>
        </form>
      ) : steps.length > 0 && (
        <p className="actions">{steps.map((s, i) => <button key={s} type="button" className={i === 0 ? 'primary' : undefined} onClick={() => { step.reset(); setAsking(s); }}>{t(`capacity.act.${s}`)}</button>)}</p>
      )}
      <ErrorMessage error={step.error} />
    </li>
  );
}
