import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { api, setCsrfToken, unwrap, type Country, type MeCan, type PopulationType, type User } from './api/client';
import { forgetAccount, queries } from './api/queries';
import { localName } from './i18n';

interface SessionState {
  /** The signed-in account, or null for a visitor; undefined while it is being found out. */
  user: User | null | undefined;
  /** What the account may do anywhere, as the server decides it (nothing, for a visitor). */
  can: MeCan;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  countries: Map<string, Country>;
  populationTypes: PopulationType[];
}

const NOTHING: MeCan = { importFigures: false, administer: false, defineSituations: false, setUpPlatforms: false, handleCases: false, supportStates: false, requestSupport: false, offerSupport: false, shareData: false, draftAgreements: false, composeReports: false, followReturns: false, planReturns: false, handleResettlement: false, readSolutions: false, monitorFlows: false, importFlows: false, consolidateR4V: false };
const NO_TYPES: PopulationType[] = [];

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery(queries.me());
  const countryList = useQuery(queries.countries()).data;
  const populationTypes = useQuery(queries.populationTypes()).data ?? NO_TYPES;
  const countries = useMemo(() => new Map((countryList ?? []).map((c) => [c.iso3, c])), [countryList]);
  // A session the server could not be asked about is a visitor's: the sign-in link shows.
  const user = me.data !== undefined ? me.data?.user ?? null : me.isError ? null : undefined;
  const can = me.data?.can ?? NOTHING;

  const signIn = useCallback(async (email: string, password: string) => {
    const data = await unwrap(api.POST('/api/v1/auth/sign-in', { body: { email, password } }));
    setCsrfToken(data.csrfToken);
    await forgetAccount(client);
  }, [client]);

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/sign-out');
    setCsrfToken(null);
    await forgetAccount(client);
  }, [client]);

  const value = useMemo<SessionState>(() => ({ user, can, signIn, signOut, countries, populationTypes }), [user, can, signIn, signOut, countries, populationTypes]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** A country's name in the interface language (falls back to English, then the code). */
export function useCountryName() {
  const { countries } = useSession();
  return (iso3: string | null | undefined, lng: string) => {
    if (!iso3) return '—';
    const c = countries.get(iso3);
    return c ? localName(c.names, lng) : iso3;
  };
}
