import { useQuery } from '@tanstack/react-query';
import { DIRECTIONS, GRAINS, MEASURES, movementsQueries, type Direction, type Grain, type Measure, type TrendQuery } from '../../api/movements';
import { localName, useTranslation } from '../../i18n';
import { useSession } from '../../session';
import { useMovementWords } from './words';

/** The points a trend may be narrowed to: as many as the server gives in one answer. */
const POINT_CHOICES = 5000;

export type Filter = Omit<TrendQuery, 'limit'>;

/** What the trends and corridors show: months or weeks, what was counted, which way, from where to where, over which months. */
export function TrendFilters({ value, onChange }: { value: Filter; onChange: (f: Filter) => void }) {
  const { t, i18n } = useTranslation();
  const { countries } = useSession();
  const words = useMovementWords();
  const points = useQuery(movementsQueries.points({ limit: POINT_CHOICES, offset: 0 })).data?.items ?? [];
  const list = [...countries.values()].map((c) => ({ iso3: c.iso3, name: localName(c.names, i18n.language) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const set = (f: Partial<Filter>) => onChange(Object.fromEntries(Object.entries({ ...value, ...f }).filter(([, v]) => v !== undefined && v !== '')) as Filter);
  const country = (id: 'origin' | 'transit' | 'destination') => (
    <div className="field">
      <label htmlFor={`f-${id}`}>{t(`movements.${id}`)}</label>
      <select id={`f-${id}`} value={value[id] ?? ''} onChange={(e) => set({ [id]: e.target.value || undefined })}>
        <option value="">{t('common.all')}</option>
        {list.map((c) => <option key={c.iso3} value={c.iso3}>{c.name}</option>)}
      </select>
    </div>
  );
  return (
    <form className="filters compact panel movement-form" onSubmit={(e) => e.preventDefault()} aria-label={t('movements.filters')}>
      <div className="field">
        <label htmlFor="f-grain">{t('movements.grain')}</label>
        <select id="f-grain" value={value.grain} onChange={(e) => set({ grain: e.target.value as Grain })}>
          {GRAINS.map((g) => <option key={g} value={g}>{t(`movements.grainValue.${g}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-measure">{t('movements.measure')}</label>
        <select id="f-measure" value={value.measure} onChange={(e) => set({ measure: e.target.value as Measure })}>
          {MEASURES.map((m) => <option key={m} value={m}>{t(`movements.measureValue.${m}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-direction">{t('movements.direction')}</label>
        <select id="f-direction" value={value.direction ?? ''} onChange={(e) => set({ direction: (e.target.value || undefined) as Direction | undefined })}>
          <option value="">{t('movements.allDirections')}</option>
          {DIRECTIONS.map((d) => <option key={d} value={d}>{t(`movements.directionValue.${d}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-point">{t('movements.point')}</label>
        <select id="f-point" value={value.point ?? ''} onChange={(e) => set({ point: e.target.value || undefined })}>
          <option value="">{t('movements.allPoints')}</option>
          {points.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.code}, {words.country(p.country)})</option>)}
        </select>
      </div>
      {country('origin')}
      {country('transit')}
      {country('destination')}
      <div className="field">
        <label htmlFor="f-from">{t('movements.from')}</label>
        <input id="f-from" type="month" value={value.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t('movements.to')}</label>
        <input id="f-to" type="month" value={value.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
      </div>
      <p className="muted small field wide" id="filters-help">{t('movements.filtersHelp')}</p>
    </form>
  );
}
