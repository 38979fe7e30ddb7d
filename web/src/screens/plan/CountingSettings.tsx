import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Answer } from '../../api/client';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTranslation } from '../../i18n';

/** A platform's way of counting: transit as persons or times assisted, its sexes and age bands, and the vocabulary they come from. */
type Counting = Answer<'/api/v1/platforms/{ref}/counting'>;
type Transit = Counting['transit'];
type Declaration = 'tandem' | 'r4v';

const countingQuery = (ref: string) => queryOptions({
  queryKey: ['platform', ref, 'counting'] as const,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/platforms/{ref}/counting', { params: { path: { ref } }, signal })),
});

/** Which named declaration the platform's bands are (none: bands declared through the API alone). */
function declarationOf(c: Counting): Declaration | undefined {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return (['tandem', 'r4v'] as const).find((d) => {
    const bands = c.choices.declarations[d];
    return bands && same(bands.sexes, c.sexes) && same(bands.ages, c.ages);
  });
}

/**
 * How the platform counts people (issue 19): people in transit as persons (R4V's way) or as times assisted, apart;
 * and the sexes and age bands of its reports, Tandem's or R4V's. Everyone reads it; whoever may change the
 * platform's R4V settings (`can.update`, the server's policy) changes it. A change to coarser bands converts every
 * report at once; the server refuses finer bands, naming the band, and the message is shown as it says it.
 */
export function CountingSettings({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const counting = useQuery(countingQuery(slug));
  const [draft, setDraft] = useState<{ transit: Transit; declaration: Declaration | undefined } | null>(null);
  const save = useMutation({
    mutationFn: (d: { transit: Transit; declaration: Declaration | undefined }) => {
      const bands = d.declaration && counting.data ? counting.data.choices.declarations[d.declaration] : undefined;
      return unwrap(api.PUT('/api/v1/platforms/{ref}/counting', { params: { path: { ref: slug } }, body: { transit: d.transit, ...(bands ? { sexes: bands.sexes, ages: bands.ages } : {}) } }));
    },
    onSuccess: async () => {
      setDraft(null);
      // Every plan's dashboard and report form counted the old way.
      await Promise.all([client.invalidateQueries({ queryKey: ['platform', slug, 'counting'] }), client.invalidateQueries({ queryKey: ['plan'] })]);
    },
  });
  if (!counting.data) return counting.error ? <ErrorMessage error={counting.error} onRetry={() => void counting.refetch()} /> : <Loading />;
  const c = counting.data;
  const shown = draft ?? { transit: c.transit, declaration: declarationOf(c) };
  const readOnly = !c.can.update;
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(shown); };
  return (
    <section aria-labelledby="counting-heading" className="panel" data-testid="counting-settings">
      <h2 id="counting-heading">{t('counting.title')}</h2>
      {readOnly && <p className="muted small">{t('counting.readOnly')}</p>}
      <form onSubmit={submit}>
        <fieldset disabled={readOnly}>
          <legend>{t('counting.transit')}</legend>
          {(['persons', 'times-assisted'] as const).map((v) => (
            <label key={v} className="check">
              <input type="radio" name="transit" value={v} checked={shown.transit === v} onChange={() => setDraft({ ...shown, transit: v })} />{' '}
              {t(v === 'persons' ? 'counting.transitPersons' : 'counting.transitTimes')}
            </label>
          ))}
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>{t('counting.bands')}</legend>
          {(['tandem', 'r4v'] as const).map((d) => (
            <label key={d} className="check">
              <input type="radio" name="bands" value={d} checked={shown.declaration === d} onChange={() => setDraft({ ...shown, declaration: d })} />{' '}
              {t(`counting.${d}`)}
            </label>
          ))}
          <p className="muted small">{t('counting.help')}</p>
        </fieldset>
        <ErrorMessage error={save.error} />
        {save.data && <p role="status" className="alert info">{t('counting.saved', { count: save.data.convertedReports })}</p>}
        {!readOnly && <button type="submit" className="primary" disabled={save.isPending || draft === null}>{t('counting.save')}</button>}
      </form>
    </section>
  );
}
