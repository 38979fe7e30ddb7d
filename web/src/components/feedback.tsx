import { ApiError } from '../api/client';
import { useTranslation } from '../i18n';

/** A refusal (4xx) will be refused again; a failed network or server may answer on a second try. */
const mayRetry = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

/**
 * An error as a person reads it: the server's message and, when given, where each problem lies. A load that
 * failed on the network or the server offers `onRetry`.
 */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const offline = typeof navigator !== 'undefined' && !navigator.onLine;
  const message = e
    ? e.status === 401 ? t('errors.signInNeeded') : e.status === 404 ? t('errors.notFound') : e.status === 0 ? t('errors.network') : e.message
    : error instanceof TypeError || offline ? t('errors.network') : t('errors.unexpected');
  return (
    <div role="alert" className="alert error">
      <p>{message}</p>
      {e && e.details.length > 0 && e.status !== 401 && (
        <ul>
          {e.details.map((d, i) => (
            <li key={i}>{[d.file, d.row !== undefined ? t('import.rowN', { row: d.row }) : null, d.column ? t('import.columnX', { column: d.column }) : null, d.field].filter(Boolean).join(', ')}{d.file || d.row !== undefined || d.column || d.field ? ': ' : ''}{d.message}</li>
          ))}
        </ul>
      )}
      {onRetry && mayRetry(error) && <p><button type="button" onClick={onRetry}>{t('errors.retry')}</button></p>}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return <p role="status" className="muted">{t('common.loading')}</p>;
}
