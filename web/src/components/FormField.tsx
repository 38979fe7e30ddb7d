import type { ReactNode } from 'react';
import { fieldMessage } from '../api/client';

/**
 * One labelled field of a form, with its help and the server's message about it tied to it for screen
 * readers. `name` is the body's field (`parties.1.organisation`); messages about its parts count too. A form
 * whose body nests its fields differently reads its messages with `messageOf`.
 */
export function FormField({ id, name, label, error, help, className, messageOf = fieldMessage, children }: {
  id: string; name: string; label: string; error: unknown; help?: string; className?: string;
  messageOf?: (error: unknown, name: string, prefix: boolean) => string | undefined;
  children: (tie: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const message = messageOf(error, name, true);
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
