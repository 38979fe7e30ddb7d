import type { ReactNode } from 'react';
import { fieldMessage } from '../../api/movements';

/**
 * One labelled field of a movements form, with its help and the server's message about it tied to it for
 * screen readers. `name` is the body's field (`columns.0.tag`); messages about its parts count too.
 */
export function Field({ id, name, label, error, help, className, children }: {
  id: string; name: string; label: string; error: unknown; help?: string; className?: string;
  children: (tie: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const message = fieldMessage(error, name, true);
  const described = [help ? `${id}-help` : null, message ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(message ? { 'aria-invalid': true } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {help && <p id={`${id}-help`} className="muted small">{help}</p>}
      {message && <p id={`${id}-error`} className="field-error" data-testid={`error-${id}`}>{message}</p>}
    </div>
  );
}
