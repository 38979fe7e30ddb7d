import type { ReactNode } from 'react';
import { fieldMessage } from './api';

/**
 * One labelled field of the agreement form, with its help and the server's message about it tied to it for
 * screen readers. `name` is the body's field (`parties.1.organisation`); messages about its items count too.
 */
export function FormField({ id, name, label, error, help, children }: {
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

/** The server's message about a whole group (the parties, the kinds), shown under its legend. */
export function GroupError({ id, error, name }: { id: string; error: unknown; name: string }) {
  const message = fieldMessage(error, name);
  return message ? <p id={id} className="field-error" data-testid={`error-${id}`}>{message}</p> : null;
}
