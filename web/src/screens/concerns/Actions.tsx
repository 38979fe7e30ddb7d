import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { concernsChanged, type Concern } from '../../api/concerns';
import { ErrorMessage } from '../../components/feedback';
import { useTranslation } from '../../i18n';

type Act = 'escalate' | 'resolve' | 'accept' | 'refuse';
/** Which acts need a text, and whether it is required. */
const TEXT: Record<Act, 'required' | 'optional'> = { escalate: 'optional', resolve: 'required', accept: 'optional', refuse: 'required' };

/**
 * The steps the server says this account may take on the concern now: send it up a level, record a
 * resolution for its agency, or (the other agency) acknowledge or refuse the recorded one. Each asks for its
 * text first; nothing is hidden behind a role the interface would restate.
 */
export function ConcernActions({ c }: { c: Concern }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [asking, setAsking] = useState<Act | null>(null);
  const [text, setText] = useState('');
  const act = useMutation({
    mutationFn: ({ what, note }: { what: Act; note: string }) => {
      const path = { params: { path: { id: c.id } } };
      const n = note.trim();
      if (what === 'escalate') return unwrap(api.POST('/api/v1/concerns/{id}/escalate', { ...path, body: n ? { note: n } : {} }));
      if (what === 'resolve') return unwrap(api.POST('/api/v1/concerns/{id}/resolution', { ...path, body: { resolution: n } }));
      return unwrap(api.POST('/api/v1/concerns/{id}/acknowledge', { ...path, body: { accept: what === 'accept', ...(n ? { note: n } : {}) } }));
    },
    onSuccess: async (answer) => { setAsking(null); setText(''); await concernsChanged.concern(client, answer); },
  });
  const acts: Act[] = [...(c.can.resolve ? ['resolve' as const] : []), ...(c.can.acknowledge ? ['accept' as const, 'refuse' as const] : []), ...(c.can.escalate ? ['escalate' as const] : [])];
  if (acts.length === 0) return null;
  const field = asking === 'resolve' ? 'resolution' : 'note';
  const textError = act.error instanceof ApiError ? act.error.forField(field) : undefined;
  const submit = (e: FormEvent) => { e.preventDefault(); if (asking) act.mutate({ what: asking, note: text }); };
  return (
    <section className="panel" aria-labelledby="concern-actions-heading">
      <h2 id="concern-actions-heading" className="h3">{t('concerns.nextSteps')}</h2>
      {asking ? (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor="concern-text">{t(`concerns.actText.${asking}`)}{TEXT[asking] === 'required' ? ` (${t('common.required')})` : ''}</label>
            <textarea id="concern-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} dir="auto" required={TEXT[asking] === 'required'}
              aria-invalid={textError ? true : undefined} aria-describedby={textError ? 'concern-text-error' : undefined} />
            {textError && <p id="concern-text-error" className="field-error">{textError}</p>}
          </div>
          <button type="submit" className="primary" disabled={act.isPending || (TEXT[asking] === 'required' && !text.trim())}>{t(`concerns.act.${asking}`)}</button>{' '}
          <button type="button" onClick={() => { setAsking(null); act.reset(); }}>{t('common.cancel')}</button>
        </form>
      ) : (
        <p className="actions">
          {acts.map((a, i) => <button key={a} type="button" className={i === 0 ? 'primary' : undefined} onClick={() => { act.reset(); setAsking(a); }}>{t(`concerns.act.${a}`)}</button>)}
        </p>
      )}
      <ErrorMessage error={act.error} />
    </section>
  );
}
