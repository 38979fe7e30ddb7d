import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, unwrap, type Country, type PopulationType, type User } from './api/client';
import { localName } from './i18n';

interface SessionState {
  /** The signed-in account, or null for a visitor; undefined while it is being found out. */
  user: User | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Whether the account holds this role (in any organisation, or in the one named). */
  hasRole(role: string, orgSlug?: string): boolean;
  countries: Map<string, Country>;
  populationTypes: PopulationType[];
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [countries, setCountries] = useState<Map<string, Country>>(new Map());
  const [populationTypes, setPopulationTypes] = useState<PopulationType[]>([]);

  useEffect(() => {
    api.GET('/api/v1/auth/me').then(({ data }) => {
      setCsrfToken(data?.csrfToken ?? null);
      setUser(data?.user ?? null);
    }, () => setUser(null));
    unwrap(api.GET('/api/v1/countries', { params: { query: { format: 'json' } } })).then((list) => setCountries(new Map((list as Country[]).map((c) => [c.iso3, c]))), () => undefined);
    unwrap(api.GET('/api/v1/population-types', { params: { query: { format: 'json' } } })).then((list) => setPopulationTypes(list as PopulationType[]), () => undefined);
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = await unwrap(api.POST('/api/v1/auth/sign-in', { body: { email, password } }));
    setCsrfToken(data.csrfToken);
    setUser(data.user);
  }, []);

  const signOut = useCallback(async () => {
    await api.POST('/api/v1/auth/sign-out');
    setCsrfToken(null);
    setUser(null);
  }, []);

  const value = useMemo<SessionState>(() => ({
    user, signIn, signOut, countries, populationTypes,
    hasRole: (role, orgSlug) => !!user?.memberships.some((m) => m.role === role && (!orgSlug || m.orgSlug === orgSlug)),
  }), [user, signIn, signOut, countries, populationTypes]);
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
