import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { queries } from '../api/queries';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { formatDate, useTranslation } from '../i18n';
import { Link } from '../router';
import { useCountryName, useSession } from '../session';
import { DecisionHistory, Disagreements, InForce } from './situation/Decisions';
import { DisplacementPanel } from './situation/Displacement';
import { AgenciesPanel, InputsTable, RecommendationPanel } from './situation/Recommendation';
import { SignOff } from './situation/SignOff';

const CompositionChart = lazy(() => import('../components/CompositionChart'));

/**
 * A situation: first the arrangement in force (a signed decision, or none yet), then the recommendation with
 * its figures, both agencies' populations, the figures over time, the inputs, and the decisions with the
 * representatives' sign-off.
 */
export function SituationScreen({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const countryName = useCountryName();
  const { user } = useSession();
  const summary = useQuery(queries.summary(slug));
  const rec = useQuery(queries.recommendation(slug));
  const decisions = useQuery(queries.decisions(slug));
  const disagreements = useQuery(queries.disagreements(slug));
  const rights = useQuery({ ...queries.decisionRights(slug), enabled: !!user });
  useTitle(summary.data?.situation.name ?? t('situation.title'));

  const error = summary.error ?? rec.error ?? decisions.error;
  const retry = () => { void summary.refetch(); void rec.refetch(); void decisions.refetch(); };
  if (error) return <><h1>{t('situation.title')}</h1><ErrorMessage error={error} onRetry={retry} /></>;
  if (!summary.data || !rec.data || !decisions.data) return <Loading />;
  const s = summary.data.situation;
  return (
    <>
      <p className="crumbs"><Link href="/">{t('nav.overview')}</Link></p>
      <h1>{s.name}</h1>
      <p className="muted">
        {t(`kind.${s.kind}`)} · <bdi>{s.origins.map((c) => countryName(c, lng)).join(', ')}</bdi> → <bdi>{s.hosts.map((c) => countryName(c, lng)).join(', ')}</bdi>
        {' · '}{t('situation.latest', { date: formatDate(summary.data.latestDate, lng) })}
      </p>

      <InForce decisions={decisions.data} rec={rec.data} />
      {user && (s.kind === 'internal' || s.kind === 'disaster') && <DisplacementPanel slug={slug} kind={s.kind} />}
      <div className="grid-2">
        <RecommendationPanel rec={rec.data} />
        <AgenciesPanel summary={summary.data} />
      </div>
      <p><Link href={`/situations/${slug}/history`}>{t('history.link')}</Link></p>

      <section aria-labelledby="composition-heading">
        <h2 id="composition-heading">{t('situation.composition')}</h2>
        {summary.data.series.length === 0 ? <p>{t('situation.noFigures')}</p> : (
          <Suspense fallback={<Loading />}><CompositionChart series={summary.data.series} inputs={rec.data.inputs} /></Suspense>
        )}
      </section>

      <InputsTable rec={rec.data} />

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{t('decision.history')}</h2>
        {disagreements.data && <Disagreements items={disagreements.data} decisions={decisions.data} />}
        <SignOff slug={slug} rec={rec.data} decisions={decisions.data} propose={rights.data?.propose ?? []} />
        <DecisionHistory decisions={decisions.data} rec={rec.data} />
      </section>
    </>
  );
}
