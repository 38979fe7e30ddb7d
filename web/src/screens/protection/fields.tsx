import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';

/**
 * One labelled field of a protection form, with the server's message about it (if any) tied to it for screen
 * readers. `control` receives the props that tie it.
 */
export function Field({ id, label, error, help, children }: {
  id: string; label: string; error: unknown; help?: string;
  children: (tie: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const message = error instanceof ApiError ? error.forField(id) : undefined;
  const described = [help ? `${id}-help` : null, message ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={`f-${id}`}>{label}</label>
      {children({ id: `f-${id}`, ...(message ? { 'aria-invalid': true } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {help && <p id={`${id}-help`} className="muted small">{help}</p>}
      {message && <p id={`${id}-error`} className="field-error">{message}</p>}
    </div>
  );
}

/** A group of checkboxes for a list of codes, each labelled in the interface language. */
export function Checks<T extends string>({ legend, name, codes, chosen, label, onChange }: {
  legend: string; name: string; codes: readonly T[]; chosen: readonly T[]; label: (code: T) => string; onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {codes.map((c) => (
        <label key={c}>
          <input type="checkbox" name={name} value={c} checked={chosen.includes(c)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, c] : chosen.filter((x) => x !== c))} /> {label(c)}
        </label>
      ))}
    </fieldset>
  );
}
