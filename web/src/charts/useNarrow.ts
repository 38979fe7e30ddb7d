import { useSyncExternalStore } from 'react';

const query = '(max-width: 40rem)';
const subscribe = (listener: () => void) => {
  const m = window.matchMedia(query);
  m.addEventListener('change', listener);
  return () => m.removeEventListener('change', listener);
};

/** Whether the screen is a phone's (40rem, 640 px, or less): charts then turn their labels and leave their legend to the page. */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
