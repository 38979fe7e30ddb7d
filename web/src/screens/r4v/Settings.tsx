import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldMessage } from '../../api/client';
import { queries } from '../../api/queries';
import { INDICATOR_TYPES, R4V_MODELS, r4vChanged, r4vQueries, r4vWrites, type R4vModel, type R4vSettingsView, type SectorGroup } from '../../api/r4v';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { useTranslation } from '../../i18n';
import { Link, useLeaveGuard } from '../../router';
import { CountingSettings } from '../plan/CountingSettings';
import { Checks } from '../protection/fields';
import { FormField, GroupError } from '../sharing/fields';
import { IndicatorTypesPanel, PinPanel, ProportionsPanel } from './Tables';
import { ModelHelp } from './words';

type Override = { country: string; model: R4vModel };
/** A year with its own types: the year, and its types as written (comma-separated). */
type YearTypes = { year: string; types: string };
type Draft = {
  model: R4vModel; overrides: Override[]; groups: Array<{ combine: SectorGroup['combine']; sectors: string }>; noAdmin1: string; countTypes: string[];
  years: YearTypes[]; mechanisms: string;
  requireRmrpActivity: boolean; proportions: 'pin' | 'target'; missingProportions: 'r4v' | 'skip'; countryLevelFallback: boolean;
};
const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
const commas = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

function draftOf(s: R4vSettingsView): Draft {
  return {
    model: s.model, overrides: Object.entries(s.countries).map(([country, model]) => ({ country, model })),
    groups: s.sectorGroups.map((g) => ({ combine: g.combine, sectors: g.sectors.join('\n') })), noAdmin1: s.noAdmin1.join('\n'), countTypes: [...s.countTypes],
    years: Object.entries(s.countTypesByYear).map(([year, types]) => ({ year, types: types.join(', ') })), mechanisms: s.deliveryMechanisms.join('\n'),
    requireRmrpActivity: s.requireRmrpActivity, proportions: s.proportions, missingProportions: s.missingProportions, countryLevelFallback: s.countryLevelFallback,
  };
}

/**
 * A platform's way of counting people reached, R4V's style (issue 19): the consolidation model and each country's
 * own, the southern-cone model's sector groups, the countries reported without admin 1, the indicator types that
 * count; the indicator-type table and the proportions table. Everyone reads them; the platform's co-leads (as the
 * server's policy says in `can.update`) change them.
 */
export function R4vSettingsScreen({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const platform = useQuery(queries.platform(slug));
  const settings = useQuery(r4vQueries.settings(slug));
  useTitle(t('r4v.settings.title'));
  const error = platform.error ?? settings.error;
  return (
    <>
      <p className="crumbs"><Link href="/platforms">{t('platforms.title')}</Link>{platform.data && <> · <Link href={`/platforms/${slug}`}>{platform.data.name}</Link></>}</p>
      <h1>{t('r4v.settings.title')}</h1>
      <p className="muted">{t('r4v.settings.intro')}</p>
      <ErrorMessage error={error} onRetry={() => { void platform.refetch(); void settings.refetch(); }} />
      {!settings.data ? !error && <Loading /> : (
        <>
          {settings.data.can.update ? <SettingsForm slug={slug} settings={settings.data} /> : <SettingsView settings={settings.data} />}
          <ModelHelp />
          <CountingSettings slug={slug} />
          {settings.data.can.update && <IndicatorTypesPanel slug={slug} />}
          {settings.data.can.update && <ProportionsPanel slug={slug} basis={settings.data.proportions} />}
          <PinPanel slug={slug} canUpdate={settings.data.can.update} />
        </>
      )}
    </>
  );
}

/** The settings as text, for those who may not change them. */
function SettingsView({ settings: s }: { settings: R4vSettingsView }) {
  const { t } = useTranslation();
  const overrides = Object.entries(s.countries);
  return (
    <section aria-labelledby="r4v-view-heading" className="panel" data-testid="r4v-settings-view">
      <h2 id="r4v-view-heading">{t('r4v.settings.current')}</h2>
      <p className="muted small">{t('r4v.settings.readOnly')}</p>
      <dl className="facts">
        <dt>{t('r4v.settings.model')}</dt><dd data-testid="r4v-model">{t(`r4v.model.${s.model}`)}</dd>
        <dt>{t('r4v.settings.overrides')}</dt>
        <dd>{overrides.length ? <ul className="plain">{overrides.map(([c, m]) => <li key={c}><bdi>{c}</bdi>: {t(`r4v.model.${m}`)}</li>)}</ul> : t('r4v.settings.noOverrides')}</dd>
        <dt>{t('r4v.settings.noAdmin1')}</dt><dd><bdi>{s.noAdmin1.join(', ') || '—'}</bdi></dd>
        <dt>{t('r4v.settings.countTypes')}</dt><dd><bdi>{s.countTypes.join(', ')}</bdi></dd>
        <dt>{t('r4v.settings.byYear')}</dt>
        <dd data-testid="r4v-years">{Object.keys(s.countTypesByYear).length
          ? <ul className="plain">{Object.entries(s.countTypesByYear).map(([y, types]) => <li key={y}><bdi>{y}</bdi>: <bdi>{types.join(', ')}</bdi></li>)}</ul>
          : t('r4v.settings.noYears')}</dd>
        <dt>{t('r4v.settings.mechanisms')}</dt><dd><bdi>{s.deliveryMechanisms.join(', ')}</bdi></dd>
        <dt>{t('r4v.settings.groups')}</dt>
        <dd><ol>{s.sectorGroups.map((g, i) => <li key={i}>{t(`r4v.combine.${g.combine}`)}: <bdi>{g.sectors.join(', ')}</bdi></li>)}</ol></dd>
        <dt>{t('r4v.settings.basis')}</dt><dd>{t(`r4v.basis.${s.proportions}`)}</dd>
      </dl>
    </section>
  );
}

function SettingsForm({ slug, settings }: { slug: string; settings: R4vSettingsView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [d, setD] = useState<Draft>(() => draftOf(settings));
  const [dirty, setDirty] = useState(false);
  const set = (patch: Partial<Draft>) => { setD({ ...d, ...patch }); setDirty(true); };
  const save = useMutation({
    mutationFn: () => r4vWrites.settings(slug, {
      model: d.model, countries: Object.fromEntries(d.overrides.map((o) => [o.country.trim(), o.model])), noAdmin1: lines(d.noAdmin1), countTypes: d.countTypes,
      countTypesByYear: Object.fromEntries(d.years.map((y) => [y.year.trim(), commas(y.types)])), deliveryMechanisms: lines(d.mechanisms),
      requireRmrpActivity: d.requireRmrpActivity, proportions: d.proportions, missingProportions: d.missingProportions, countryLevelFallback: d.countryLevelFallback,
      sectorGroups: d.groups.map((g) => ({ combine: g.combine, sectors: lines(g.sectors) })),
    }),
    onSuccess: async () => { setDirty(false); await r4vChanged.platform(client, slug); },
  });
  useLeaveGuard(dirty, t('r4v.settings.leaveQuestion'));
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const err = save.error;
  const types = [...new Set([...INDICATOR_TYPES, ...d.countTypes])];
  const setOverride = (i: number, o: Partial<Override>) => set({ overrides: d.overrides.map((x, j) => (j === i ? { ...x, ...o } : x)) });
  const setYear = (i: number, y: Partial<YearTypes>) => set({ years: d.years.map((x, j) => (j === i ? { ...x, ...y } : x)) });
  const setGroup = (i: number, g: Partial<Draft['groups'][number]>) => set({ groups: d.groups.map((x, j) => (j === i ? { ...x, ...g } : x)) });
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="r4v-form-heading" data-testid="r4v-settings-form">
      <h2 id="r4v-form-heading">{t('r4v.settings.change')}</h2>
      <FormField id="r4v-model" name="model" label={t('r4v.settings.model')} error={err} help={t('r4v.settings.modelHelp')}>
        {(tie) => <select {...tie} value={d.model} onChange={(e) => set({ model: e.target.value as R4vModel })}>
          {R4V_MODELS.map((m) => <option key={m} value={m}>{t(`r4v.model.${m}`)}</option>)}
        </select>}
      </FormField>

      <fieldset aria-describedby="r4v-overrides-help">
        <legend>{t('r4v.settings.overrides')}</legend>
        <p id="r4v-overrides-help" className="muted small">{t('r4v.settings.overridesHelp')}</p>
        <GroupError id="r4v-countries-error" error={err} name="countries" />
        {d.overrides.length === 0 && <p className="muted">{t('r4v.settings.noOverrides')}</p>}
        {d.overrides.map((o, i) => (
          <div key={i} className="r4v-row" data-testid="r4v-override">
            <div className="field">
              <label htmlFor={`r4v-country-${i}`}>{t('r4v.settings.countryN', { n: i + 1 })}</label>
              <input id={`r4v-country-${i}`} value={o.country} onChange={(e) => setOverride(i, { country: e.target.value })} dir="auto" autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={`r4v-country-model-${i}`}>{t('r4v.settings.countryModelN', { n: i + 1 })}</label>
              <select id={`r4v-country-model-${i}`} value={o.model} onChange={(e) => setOverride(i, { model: e.target.value as R4vModel })}>
                {R4V_MODELS.map((m) => <option key={m} value={m}>{t(`r4v.model.${m}`)}</option>)}
              </select>
            </div>
            <button type="button" onClick={() => set({ overrides: d.overrides.filter((_, j) => j !== i) })}>{t('r4v.settings.removeCountry', { n: i + 1 })}</button>
          </div>
        ))}
        <p><button type="button" onClick={() => set({ overrides: [...d.overrides, { country: '', model: 'maxsector' }] })}>{t('r4v.settings.addCountry')}</button></p>
      </fieldset>

      <fieldset aria-describedby="r4v-groups-help">
        <legend>{t('r4v.settings.groups')}</legend>
        <p id="r4v-groups-help" className="muted small">{t('r4v.settings.groupsHelp')}</p>
        <GroupError id="r4v-groups-error" error={err} name="sectorGroups" />
        {d.groups.map((g, i) => (
          <div key={i} className="r4v-row" data-testid="r4v-group">
            <div className="field">
              <label htmlFor={`r4v-combine-${i}`}>{t('r4v.settings.combineN', { n: i + 1 })}</label>
              <select id={`r4v-combine-${i}`} value={g.combine} onChange={(e) => setGroup(i, { combine: e.target.value === 'sum' ? 'sum' : 'max' })}>
                <option value="max">{t('r4v.combine.max')}</option><option value="sum">{t('r4v.combine.sum')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`r4v-sectors-${i}`}>{t('r4v.settings.sectorsN', { n: i + 1 })}</label>
              <textarea id={`r4v-sectors-${i}`} rows={4} value={g.sectors} onChange={(e) => setGroup(i, { sectors: e.target.value })} dir="auto" />
            </div>
            {d.groups.length > 1 && <button type="button" onClick={() => set({ groups: d.groups.filter((_, j) => j !== i) })}>{t('r4v.settings.removeGroup', { n: i + 1 })}</button>}
          </div>
        ))}
        <p><button type="button" onClick={() => set({ groups: [...d.groups, { combine: 'sum', sectors: '' }] })}>{t('r4v.settings.addGroup')}</button></p>
      </fieldset>

      <FormField id="r4v-noadmin1" name="noAdmin1" label={t('r4v.settings.noAdmin1')} error={err} help={t('r4v.settings.noAdmin1Help')}>
        {(tie) => <textarea {...tie} rows={5} value={d.noAdmin1} onChange={(e) => set({ noAdmin1: e.target.value })} dir="auto" />}
      </FormField>

      <Checks legend={t('r4v.settings.countTypes')} name="countTypes" codes={types} chosen={d.countTypes} label={(c) => c} onChange={(countTypes) => set({ countTypes })} />
      <p className="muted small">{t('r4v.settings.countTypesHelp')}</p>
      <GroupError id="r4v-types-error" error={err} name="countTypes" />

      <fieldset aria-describedby="r4v-years-help">
        <legend>{t('r4v.settings.byYear')}</legend>
        <p id="r4v-years-help" className="muted small">{t('r4v.settings.byYearHelp')}</p>
        {fieldMessage(err, 'countTypesByYear', true) && <p id="r4v-years-error" className="field-error" data-testid="error-r4v-years-error">{fieldMessage(err, 'countTypesByYear', true)}</p>}
        {d.years.length === 0 && <p className="muted">{t('r4v.settings.noYears')}</p>}
        {d.years.map((y, i) => (
          <div key={i} className="r4v-row" data-testid="r4v-year">
            <div className="field">
              <label htmlFor={`r4v-year-${i}`}>{t('r4v.settings.yearN', { n: i + 1 })}</label>
              <input id={`r4v-year-${i}`} value={y.year} onChange={(e) => setYear(i, { year: e.target.value })} inputMode="numeric" autoComplete="off" size={6} />
            </div>
            <div className="field">
              <label htmlFor={`r4v-year-types-${i}`}>{t('r4v.settings.yearTypesN', { n: i + 1 })}</label>
              <input id={`r4v-year-types-${i}`} value={y.types} onChange={(e) => setYear(i, { types: e.target.value })} dir="auto" autoComplete="off" list="r4v-type-names" />
            </div>
            <button type="button" onClick={() => set({ years: d.years.filter((_, j) => j !== i) })}>{t('r4v.settings.removeYear', { n: i + 1 })}</button>
          </div>
        ))}
        <datalist id="r4v-type-names">{types.map((c) => <option key={c} value={c} />)}</datalist>
        <p><button type="button" onClick={() => set({ years: [...d.years, { year: '', types: '' }] })}>{t('r4v.settings.addYear')}</button></p>
      </fieldset>

      <FormField id="r4v-mechanisms" name="deliveryMechanisms" label={t('r4v.settings.mechanisms')} error={err} help={t('r4v.settings.mechanismsHelp')}>
        {(tie) => <textarea {...tie} rows={6} value={d.mechanisms} onChange={(e) => set({ mechanisms: e.target.value })} dir="auto" />}
      </FormField>

      <FormField id="r4v-basis" name="proportions" label={t('r4v.settings.basis')} error={err} help={t('r4v.settings.basisHelp')}>
        {(tie) => <select {...tie} value={d.proportions} onChange={(e) => set({ proportions: e.target.value === 'target' ? 'target' : 'pin' })}>
          <option value="pin">{t('r4v.basis.pin')}</option><option value="target">{t('r4v.basis.target')}</option>
        </select>}
      </FormField>
      <FormField id="r4v-missing" name="missingProportions" label={t('r4v.settings.missing')} error={err} help={t('r4v.settings.missingHelp')}>
        {(tie) => <select {...tie} value={d.missingProportions} onChange={(e) => set({ missingProportions: e.target.value === 'skip' ? 'skip' : 'r4v' })}>
          <option value="r4v">{t('r4v.missing.r4v')}</option><option value="skip">{t('r4v.missing.skip')}</option>
        </select>}
      </FormField>
      <p><label><input type="checkbox" checked={d.countryLevelFallback} onChange={(e) => set({ countryLevelFallback: e.target.checked })} /> {t('r4v.settings.fallback')}</label></p>
      <p><label><input type="checkbox" checked={d.requireRmrpActivity} onChange={(e) => set({ requireRmrpActivity: e.target.checked })} /> {t('r4v.settings.rmrp')}</label></p>

      <ErrorMessage error={err} />
      <div className="actions"><button type="submit" className="primary" disabled={save.isPending}>{t('r4v.settings.save')}</button></div>
      {save.isSuccess && !dirty && <p role="status" className="alert success" data-testid="r4v-saved">{t('r4v.settings.saved')}</p>}
    </form>
  );
}
