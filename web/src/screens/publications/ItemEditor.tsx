import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { localName, useTranslation } from '../../i18n';
import { useSession } from '../../session';
import { FormField } from '../sharing/fields';
import { ITEM_KINDS, ITEM_VIEWS, type ItemKind, type ItemSpec, type ItemView as View } from './api';
import { ItemView } from './ItemView';

type Figures = NonNullable<ItemSpec['figures']>;
const EMPTY = { year: '', type: '', origin: '', host: '', source: '', platform: '', plan: '', until: '', sector: '', area: '', caption: '' };

/**
 * Adding an item: a figure query (the filter of the public figures) or a plan's dashboard, shown as a table, a
 * bar chart or a map of areas, with a preview of exactly what publishing would freeze, read as the public reads it.
 */
export function ItemEditor({ onAdd }: { onAdd: (item: ItemSpec) => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { countries, populationTypes } = useSession();
  const [kind, setKind] = useState<ItemKind>('figures');
  const [view, setView] = useState<View>('table');
  const [f, setF] = useState(EMPTY);
  const platforms = useQuery(queries.platforms()).data ?? [];
  const platform = useQuery({ ...queries.platform(f.platform), enabled: kind === 'dashboard' && !!f.platform }).data;
  const set = (patch: Partial<typeof EMPTY>) => { setF({ ...f, ...patch }); preview.reset(); };

  const spec = (): ItemSpec => {
    const caption = f.caption.trim() ? { caption: { en: f.caption.trim() } } : {};
    if (kind === 'figures') {
      const figures: Figures = {
        ...(f.year ? { year: Number(f.year) } : {}), ...(f.type ? { type: f.type as Figures['type'] } : {}),
        ...(f.origin ? { origin: f.origin } : {}), ...(f.host ? { host: f.host } : {}), ...(f.source.trim() ? { source: f.source.trim() } : {}),
      };
      return { kind, view, figures, ...caption };
    }
    return { kind, view, dashboard: { plan: f.plan, ...(f.until ? { until: f.until } : {}), ...(f.sector ? { sector: f.sector } : {}), ...(f.area.trim() ? { area: f.area.trim() } : {}) }, ...caption };
  };
  const preview = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/publications/preview', { body: { item: spec() } })) });
  const submit = (e: FormEvent) => { e.preventDefault(); preview.mutate(); };
  const err = preview.error;
  const name = (n: string) => `item.${n}`;

  return (
    <form className="panel item-editor" onSubmit={submit} aria-labelledby="add-item" noValidate data-testid="item-editor">
      <h3 id="add-item">{t('publications.addItem')}</h3>
      <div className="filters compact">
        <FormField id="i-kind" name={name('kind')} label={t('publications.kindLabel')} error={err}>
          {(tie) => <select {...tie} value={kind} onChange={(e) => { setKind(e.target.value as ItemKind); if (e.target.value === 'figures' && view === 'map') setView('table'); preview.reset(); }}>
            {ITEM_KINDS.map((k) => <option key={k} value={k}>{t(`publications.kind.${k}`)}</option>)}
          </select>}
        </FormField>
        <FormField id="i-view" name={name('view')} label={t('publications.viewLabel')} error={err}>
          {(tie) => <select {...tie} value={view} onChange={(e) => { setView(e.target.value as View); preview.reset(); }}>
            {ITEM_VIEWS.filter((v) => kind === 'dashboard' || v !== 'map').map((v) => <option key={v} value={v}>{t(`publications.view.${v}`)}</option>)}
          </select>}
        </FormField>
      </div>
      {kind === 'figures' ? (
        <fieldset className="filters compact">
          <legend>{t('publications.figureFilter')}</legend>
          <FormField id="i-year" name={name('figures.year')} label={t('figures.year')} error={err}>
            {(tie) => <input {...tie} type="number" inputMode="numeric" min={1900} max={2100} value={f.year} onChange={(e) => set({ year: e.target.value })} />}
          </FormField>
          <FormField id="i-type" name={name('figures.type')} label={t('figures.type')} error={err}>
            {(tie) => <select {...tie} value={f.type} onChange={(e) => set({ type: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {populationTypes.map((p) => <option key={p.code} value={p.code}>{localName(p.names, lng)}</option>)}
            </select>}
          </FormField>
          {(['origin', 'host'] as const).map((k) => (
            <FormField key={k} id={`i-${k}`} name={name(`figures.${k}`)} label={t(`figures.${k}`)} error={err}>
              {(tie) => <select {...tie} value={f[k]} onChange={(e) => set({ [k]: e.target.value })}>
                <option value="">{t('common.all')}</option>
                {[...countries.values()].map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
              </select>}
            </FormField>
          ))}
          <FormField id="i-source" name={name('figures.source')} label={t('figures.source')} error={err}>
            {(tie) => <input {...tie} value={f.source} onChange={(e) => set({ source: e.target.value })} dir="ltr" autoComplete="off" />}
          </FormField>
        </fieldset>
      ) : (
        <fieldset className="filters compact">
          <legend>{t('publications.dashboardChoice')}</legend>
          <FormField id="i-platform" name={name('dashboard.platform')} label={t('publications.platform')} error={err}>
            {(tie) => <select {...tie} value={f.platform} onChange={(e) => set({ platform: e.target.value, plan: '', sector: '' })}>
              <option value="">{t('common.choose')}</option>
              {platforms.map((p) => <option key={p.slug} value={p.slug}>{p.name}</option>)}
            </select>}
          </FormField>
          <FormField id="i-plan" name={name('dashboard.plan')} label={t('publications.plan')} error={err}>
            {(tie) => <select {...tie} value={f.plan} onChange={(e) => set({ plan: e.target.value })}>
              <option value="">{t('common.choose')}</option>
              {(platform?.plans ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>}
          </FormField>
          <FormField id="i-until" name={name('dashboard.until')} label={t('publications.until')} error={err}>
            {(tie) => <input {...tie} type="month" value={f.until} onChange={(e) => set({ until: e.target.value })} />}
          </FormField>
          <FormField id="i-sector" name={name('dashboard.sector')} label={t('publications.sector')} error={err}>
            {(tie) => <select {...tie} value={f.sector} onChange={(e) => set({ sector: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {(platform?.sectors ?? []).filter((s) => !s.parent).map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
            </select>}
          </FormField>
          <FormField id="i-area" name={name('dashboard.area')} label={t('publications.areaCode')} error={err}>
            {(tie) => <input {...tie} value={f.area} onChange={(e) => set({ area: e.target.value })} dir="ltr" autoComplete="off" />}
          </FormField>
        </fieldset>
      )}
      <FormField id="i-caption" name={name('caption.en')} label={t('publications.caption')} error={err} help={t('publications.captionHelp')}>
        {(tie) => <input {...tie} value={f.caption} onChange={(e) => set({ caption: e.target.value })} dir="auto" lang="en" />}
      </FormField>
      <p className="muted small">{t('publications.previewHelp')}</p>
      <ErrorMessage error={err} />
      <p className="actions">
        <button type="submit" disabled={preview.isPending}>{t('publications.preview')}</button>
        {preview.data && <button type="button" className="primary" onClick={() => { onAdd(spec()); setF(EMPTY); preview.reset(); }}>{t('publications.addToReport')}</button>}
      </p>
      {preview.data && (
        <div className="preview" data-testid="item-preview" aria-live="polite">
          <ItemView spec={spec()} data={preview.data} n={0} headingLevel={3} />
        </div>
      )}
    </form>
  );
}
