import { Suspense, useEffect, useRef } from 'react';
import { prefetchFor } from './api/queries';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Loading } from './components/feedback';
import { LANGUAGES, setLanguage, useTranslation, type Language } from './i18n';
import { lazyScreen } from './lazy';
import { Link, match, navigate, useLocation } from './router';
import { Overview } from './screens/Overview';
import { SignIn } from './screens/SignIn';
import { useSession } from './session';

// Screens a first visit does not need load when opened.
const SituationScreen = lazyScreen(async () => (await import('./screens/Situation')).SituationScreen);
const History = lazyScreen(async () => (await import('./screens/History')).History);
const Figures = lazyScreen(async () => (await import('./screens/Figures')).Figures);
const Import = lazyScreen(async () => (await import('./screens/Import')).Import);
const Platforms = lazyScreen(async () => (await import('./screens/Platforms')).Platforms);
const PlatformScreen = lazyScreen(async () => (await import('./screens/Platforms')).PlatformScreen);
const PlanScreen = lazyScreen(async () => (await import('./screens/Plan')).PlanScreen);
const R4vSettingsScreen = lazyScreen(async () => (await import('./screens/r4v/Settings')).R4vSettingsScreen);
const Admin = lazyScreen(async () => (await import('./screens/Admin')).Admin);
const Protection = lazyScreen(async () => (await import('./screens/Protection')).Protection);
const NewPerson = lazyScreen(async () => (await import('./screens/protection/NewPerson')).NewPerson);
const PersonScreen = lazyScreen(async () => (await import('./screens/protection/PersonScreen')).PersonScreen);
const ReferralScreen = lazyScreen(async () => (await import('./screens/protection/ReferralScreen')).ReferralScreen);
const Concerns = lazyScreen(async () => (await import('./screens/Concerns')).Concerns);
const NewConcern = lazyScreen(async () => (await import('./screens/concerns/NewConcern')).NewConcern);
const ConcernScreen = lazyScreen(async () => (await import('./screens/concerns/ConcernScreen')).ConcernScreen);
const Capacity = lazyScreen(async () => (await import('./screens/Capacity')).Capacity);
const RequestForm = lazyScreen(async () => (await import('./screens/capacity/RequestForm')).RequestForm);
const OfferForm = lazyScreen(async () => (await import('./screens/capacity/OfferForm')).OfferForm);
const RequestScreen = lazyScreen(async () => (await import('./screens/capacity/RequestScreen')).RequestScreen);
const Sharing = lazyScreen(async () => (await import('./screens/Sharing')).Sharing);
const AgreementForm = lazyScreen(async () => (await import('./screens/sharing/AgreementForm')).AgreementForm);
const AgreementScreen = lazyScreen(async () => (await import('./screens/sharing/AgreementScreen')).AgreementScreen);
const Publications = lazyScreen(async () => (await import('./screens/Publications')).Publications);
const Composer = lazyScreen(async () => (await import('./screens/publications/Composer')).Composer);
const PublicReport = lazyScreen(async () => (await import('./screens/publications/PublicReport')).PublicReport);
const Movements = lazyScreen(async () => (await import('./screens/Movements')).Movements);
const MappedImport = lazyScreen(async () => (await import('./screens/movements/MappedImport')).MappedImport);
const Solutions = lazyScreen(async () => (await import('./screens/Solutions')).Solutions);
const Returns = lazyScreen(async () => (await import('./screens/solutions/Returns')).Returns);
const NewReturn = lazyScreen(async () => (await import('./screens/solutions/NewReturn')).NewReturn);
const ReturnScreen = lazyScreen(async () => (await import('./screens/solutions/ReturnScreen')).ReturnScreen);
const Strategy = lazyScreen(async () => (await import('./screens/solutions/Strategy')).Strategy);
const Pipeline = lazyScreen(async () => (await import('./screens/solutions/Pipeline')).Pipeline);
const CaseScreen = lazyScreen(async () => (await import('./screens/solutions/CaseScreen')).CaseScreen);
// The unread count, for signed-in accounts only: a visitor's first screen neither loads it nor asks.
const Bell = lazyScreen(async () => (await import('./screens/concerns/Bell')).Bell);

function Screen({ path }: { path: string }) {
  if (path === '/' || path === '') return <Overview />;
  if (path === '/sign-in') return <SignIn />;
  if (path === '/figures') return <Figures />;
  if (path === '/import') return <Import />;
  if (path === '/admin') return <Admin />;
  if (path === '/platforms') return <Platforms />;
  if (path === '/protection') return <Protection />;
  if (path === '/protection/people/new') return <NewPerson />;
  const person = match('/protection/people/:id', path);
  if (person) return <PersonScreen id={person.id!} />;
  const referral = match('/protection/referrals/:id', path);
  if (referral) return <ReferralScreen id={referral.id!} />;
  if (path === '/concerns') return <Concerns />;
  if (path === '/concerns/new') return <NewConcern />;
  const concern = match('/concerns/:id', path);
  if (concern) return <ConcernScreen id={concern.id!} />;
  if (path === '/capacity') return <Capacity />;
  if (path === '/capacity/requests/new') return <RequestForm />;
  if (path === '/capacity/offers/new') return <OfferForm />;
  const request = match('/capacity/requests/:id', path);
  if (request) return <RequestScreen id={request.id!} />;
  if (path === '/sharing') return <Sharing />;
  if (path === '/sharing/agreements/new') return <AgreementForm />;
  const agreement = match('/sharing/agreements/:id', path);
  if (agreement) return <AgreementScreen id={agreement.id!} />;
  if (path === '/movements') return <Movements />;
  if (path === '/movements/import') return <MappedImport />;
  if (path === '/solutions') return <Solutions />;
  if (path === '/solutions/strategy') return <Strategy />;
  if (path === '/solutions/pipeline') return <Pipeline />;
  const solutionCase = match('/solutions/cases/:id', path);
  if (solutionCase) return <CaseScreen id={solutionCase.id!} />;
  if (path === '/returns') return <Returns />;
  if (path === '/returns/new') return <NewReturn />;
  const returnOperation = match('/returns/:id', path);
  if (returnOperation) return <ReturnScreen id={returnOperation.id!} />;
  if (path === '/reports') return <Publications />;
  if (path === '/reports/new') return <Composer />;
  const reportDraft = match('/reports/:id/edit', path);
  if (reportDraft) return <Composer id={reportDraft.id} />;
  const reportVersion = match('/r/:slug/v/:n', path);
  if (reportVersion && /^[1-9]\d{0,6}$/.test(reportVersion.n!)) return <PublicReport slug={reportVersion.slug!} version={Number(reportVersion.n)} />;
  const report = match('/r/:slug', path);
  if (report) return <PublicReport slug={report.slug!} />;
  const h = match('/situations/:slug/history', path);
  if (h) return <History slug={h.slug!} />;
  const s = match('/situations/:slug', path);
  if (s) return <SituationScreen slug={s.slug!} />;
  const r4v = match('/platforms/:slug/r4v', path);
  if (r4v) return <R4vSettingsScreen slug={r4v.slug!} />;
  const pl = match('/platforms/:slug', path);
  if (pl) return <PlatformScreen slug={pl.slug!} />;
  const plan = match('/plans/:id', path);
  if (plan) return <PlanScreen id={plan.id!} />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useTranslation();
  return <><h1>{t('errors.pageNotFound')}</h1><p><Link href="/">{t('nav.overview')}</Link></p></>;
}

/** A screen's answers are asked for with its code, not after it: on a slow link each round trip costs seconds. */
function usePrefetch(path: string) {
  useEffect(() => { void prefetchFor(path); }, [path]);
}

export function App() {
  const { t, i18n } = useTranslation();
  const { path } = useLocation();
  const { user, can, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(path);
  usePrefetch(path);

  // On a route change, focus moves to the new screen so that keyboard and screen-reader users start there.
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    main.current?.focus();
  }, [path]);

  return (
    <>
      <a className="skip-link" href="#main">{t('nav.skip')}</a>
      <header className="top">
        <Link href="/" className="brand">Tandem</Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li><Link href="/">{t('nav.overview')}</Link></li>
            <li><Link href="/figures">{t('nav.figures')}</Link></li>
            <li><Link href="/platforms">{t('nav.platforms')}</Link></li>
            {user && <li><Link href="/protection">{t(can.handleCases ? 'nav.cases' : 'nav.referralFigures')}</Link></li>}
            {user && <li><Link href="/concerns">{t('nav.concerns')}</Link></li>}
            {can.supportStates && <li><Link href="/capacity">{t('nav.capacity')}</Link></li>}
            {can.shareData && <li><Link href="/sharing">{t('nav.sharing')}</Link></li>}
            {can.composeReports && <li><Link href="/reports">{t('nav.reports')}</Link></li>}
            {(can.followReturns || can.readSolutions || can.handleResettlement) && <li><Link href="/solutions">{t('nav.solutions')}</Link></li>}
            {user && <li><Link href="/movements">{t('nav.movements')}</Link></li>}
            {can.importFigures && <li><Link href="/import">{t('nav.import')}</Link></li>}
            {can.administer && <li><Link href="/admin">{t('nav.admin')}</Link></li>}
          </ul>
        </nav>
        <div className="top-end">
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)} aria-label={t('nav.language')}>
              {LANGUAGES.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
            </select>
          </label>
          {user ? (
            <>
              <Suspense fallback={null}><Bell /></Suspense>
              <span className="who" data-testid="who">{user.displayName}</span>
              <button type="button" onClick={() => void signOut().then(() => navigate('/'))}>{t('nav.signOut')}</button>
            </>
          ) : user === null ? <Link href="/sign-in" className="button">{t('nav.signIn')}</Link> : null}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <ErrorBoundary key={path}>
          <Suspense fallback={<Loading />}>
            <Screen path={path} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <footer className="muted">
        <p>{t('footer.text')} · <a href="/docs">{t('footer.api')}</a></p>
      </footer>
    </>
  );
}
