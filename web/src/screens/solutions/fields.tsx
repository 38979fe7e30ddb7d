import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { useTranslation } from '../../i18n';
import { useSession } from '../../session';

/** The server's message about one field of the body (`staying`, `framework.parties`, `declarations[0].reference`), or about its parts. */
export function fieldMessage(error: unknown, name: string, prefix = false): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const norm = (f: string) => f.replace(/^\/?body[./]/, '').replace(/\[(\d+)\]/g, '.$1').replace(/^\//, '').replaceAll('/', '.');
  return error.details.find((d) => d.field && (norm(d.field) === name || (prefix && norm(d.field).startsWith(`${name}.`))))?.message;
}

/**
 * One labelled field of a solutions form, with its help and the server's message about it tied to it for
 * screen readers. `name` is the body's field; messages about its parts count too.
 */
export function Field({ id, name, label, error, help, children }: {
  id: string; name: string; label: string; error: unknown; help?: string;
  children: (tie: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const message = fieldMessage(error, name, true);
  const described = [help ? `${id}-help` : null, message ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(message ? { 'aria-invalid': true } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {help && <p id={`${id}-help`} className="muted small">{help}</p>}
      {message && <p id={`${id}-error`} className="field-error" data-testid={`error-${id}`}>{message}</p>}
    </div>
  );
}

/** A synthetic record says so, wherever it is shown. */
export function SyntheticTag({ synthetic }: { synthetic: boolean }) {
  return synthetic ? <span className="tag synthetic" data-testid="synthetic">SYNTHETIC</span> : null;
}

/** Today, as the date inputs want it. */
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Who did something, as the account reading it may be told: "you", or the account's short reference (the
 * server records accounts by id, never by name); the system's own steps keep their word.
 */
export function useActorName() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (label: string) => (label === user?.id ? t('solutions.actor.you') : /^[0-9a-f-]{36}$/.test(label) ? t('solutions.actor.account', { id: label.slice(-8) }) : label);
}
