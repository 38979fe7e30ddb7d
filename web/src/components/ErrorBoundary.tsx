import { Component, type ErrorInfo, type ReactNode } from 'react';
import { queryClient } from '../api/queries';
import { retryFailedScreens } from '../lazy';
import { useTranslation } from '../i18n';

function Failed({ offline, onRetry }: { offline: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="alert error" data-testid="screen-error">
      <h1 className="h3">{t('errors.screenFailed')}</h1>
      <p>{offline ? t('errors.offline') : t('errors.tryAgain')}</p>
      <button type="button" className="primary" onClick={onRetry}>{t('errors.retry')}</button>
    </div>
  );
}

/**
 * Around every screen: a screen whose code could not be loaded (offline, a slow link that gave up) or that
 * failed while drawing says so, with a Retry that loads its code and its data again, instead of a blank page.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.warn('a screen failed', error, info.componentStack);
  }

  retry = () => {
    retryFailedScreens();
    void queryClient.refetchQueries({ type: 'active', predicate: (q) => q.state.status === 'error' });
    this.setState({ error: null });
  };

  render() {
    if (this.state.error) return <Failed offline={typeof navigator !== 'undefined' && !navigator.onLine} onRetry={this.retry} />;
    return this.props.children;
  }
}
