import { createElement, lazy, type ComponentType, type ReactNode } from 'react';
import { loadWholeCatalogue } from './i18n';

type Loader<P> = () => Promise<(props: P) => ReactNode>;
const failed = new Set<() => void>();

/**
 * A screen loaded when first shown (React.lazy), with the whole catalogue, that can be asked for again: React keeps a failed import's
 * error for good, so after a failure (offline, a new deployment) the screen gets a fresh lazy component the
 * next time `retryFailedScreens` is called (the error boundary's Retry).
 */
export function lazyScreen<P extends object>(load: Loader<P>): (props: P) => ReactNode {
  const make = () => lazy(async (): Promise<{ default: ComponentType<P> }> => {
    try {
      // A screen's words are in the whole catalogue: it comes with the screen's code.
      const [screen] = await Promise.all([load(), loadWholeCatalogue()]);
      return { default: screen };
    } catch (e) {
      failed.add(reset);
      throw e;
    }
  });
  let Current = make();
  function reset() { Current = make(); }
  function Screen(props: P) {
    return createElement(Current, props);
  }
  return Screen;
}

/** Makes every screen whose code failed to load ask for it again when next rendered. */
export function retryFailedScreens(): void {
  for (const reset of failed) reset();
  failed.clear();
}
