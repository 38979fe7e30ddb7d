// First, before anything else is evaluated: the overview's answer is asked for (see early.ts).
import './early';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetchFor, queryClient } from './api/queries';
import { initI18n } from './i18n';
import { SessionProvider } from './session';
import './styles.css';

// The first screen's answers are asked for before anything is drawn (the overview's was preloaded with the
// page): on a slow link the list then comes with the first render, not a round trip after it. The first render
// waits a moment for answers on their way (the loading shell stays meanwhile), never long.
const first = prefetchFor(window.location.pathname);
await Promise.all([initI18n(), Promise.race([first, new Promise((resolve) => setTimeout(resolve, 300))])]);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
