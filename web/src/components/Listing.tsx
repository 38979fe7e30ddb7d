import type { ReactNode } from 'react';
import { useTranslation } from '../i18n';
import { ErrorMessage, Loading } from './feedback';
import { Pager } from './Pager';

/**
 * A list filter's drop-down: "All" (no filter) first, then the given choices in their words. What it hands
 * back is one of the choices or undefined, never another string, so callers need no cast.
 */
export function FilterSelect<T extends string>({ id, label, value, choices, word, onChange, none }: {
  id: string; label: string; value: T | undefined; choices: readonly T[]; word: (choice: T) => string;
  onChange: (value: T | undefined) => void;
  /** The words of "no filter" (by default "All"). */
  none?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(choices.find((c) => c === e.target.value))}>
        <option value="">{none ?? t('common.all')}</option>
        {choices.map((c) => <option key={c} value={c}>{word(c)}</option>)}
      </select>
    </div>
  );
}

/** A page of a list as the API gives it. */
interface PageQuery<T> { data?: { items: T[]; total: number } | undefined; error: unknown; refetch: () => unknown }

/**
 * What a list screen shows under its filters: the error with a retry, "loading", then how many match (a
 * status line, read out when it changes), the items (or the words for none) and the pager.
 */
export function PagedResult<T>({ query, summary, summaryTestId, empty, pagesLabel, page, offset, onOffset, children }: {
  query: PageQuery<T>; summary: (total: number) => string; summaryTestId: string; empty?: string; pagesLabel: string;
  page: number; offset: number; onOffset: (offset: number) => void; children: (items: T[]) => ReactNode;
}) {
  const data = query.data;
  return (
    <>
      <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
      {!data && !query.error && <Loading />}
      {data && (
        <>
          <p role="status" data-testid={summaryTestId}>{summary(data.total)}</p>
          {data.items.length === 0 ? (empty && <p className="muted">{empty}</p>) : children(data.items)}
          <Pager label={pagesLabel} offset={offset} page={page} shown={data.items.length} total={data.total} onOffset={onOffset} />
        </>
      )}
    </>
  );
}
