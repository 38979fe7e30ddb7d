import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { LANGUAGES, useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { fieldMessage } from '../sharing/api';
import { FormField } from '../sharing/fields';
import { publicationChanged, publicationQueries, REPORT_LANGUAGES, type ItemSpec, type LocalText, type Publication, type ReportLanguage } from './api';
import { ItemEditor } from './ItemEditor';

/** The composer of a new report (`/reports/new`) or of an existing one's draft (`/reports/:id/edit`). */
export function Composer({ id }: { id?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const existing = useQuery({ ...publicationQueries.one(id ?? ''), enabled: !!id });
  useTitle(id ? t('publications.editTitle') : t('publications.newTitle'));
  if (user === undefined || (id && !existing.data && !existing.error)) return <Loading />;
  if (user === null) return <><h1>{t('publications.title')}</h1><p><Link href="/sign-in">{t('errors.signInNeeded')}</Link></p></>;
  if (existing.error) return <><h1>{t('publications.editTitle')}</h1><ErrorMessage error={existing.error} /></>;
  return <Draft key={existing.data?.id ?? 'new'} saved={existing.data} />;
}

const label = (code: ReportLanguage) => LANGUAGES.find((l) => l.code === code)!.name;

function Draft({ saved }: { saved?: Publication }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const platforms = useQuery({ ...queries.platforms(), enabled: !saved }).data ?? [];
  const [title, setTitle] = useState<Partial<LocalText>>(saved?.title ?? { en: '' });
  const [text, setText] = useState<Partial<LocalText>>(saved?.text ?? { en: '' });
  const [items, setItems] = useState<ItemSpec[]>(saved?.items ?? []);
  const [platform, setPlatform] = useState('');
  const [lang, setLang] = useState<ReportLanguage>('en');
  const [dirty, setDirty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const change = <T,>(fn: (v: T) => void) => (v: T) => { fn(v); setDirty(true); setDone(null); };

  const body = () => ({ title: { ...title, en: title.en ?? '' }, text: { ...text, en: text.en ?? '' }, items });
  const save = useMutation({
    mutationFn: async (): Promise<Publication> => (saved
      ? unwrap(api.PATCH('/api/v1/publications/{id}', { params: { path: { id: saved.id } }, body: body() }))
      : unwrap(api.POST('/api/v1/publications', { body: { ...body(), ...(platform ? { platform } : {}) } }))),
    onSuccess: async (p) => {
      setDirty(false);
      await publicationChanged(client, p);
      if (!saved) setCreated(p.id);
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      if (!saved) throw new Error('save first');
      if (dirty) await unwrap(api.PATCH('/api/v1/publications/{id}', { params: { path: { id: saved.id } }, body: body() }));
      return unwrap(api.POST('/api/v1/publications/{id}/publish', { params: { path: { id: saved.id } } }));
    },
    onSuccess: async (p) => { setDirty(false); setConfirming(false); setDone(p.slug); await publicationChanged(client, p); },
  });
  useLeaveGuard(dirty, t('publications.leaveQuestion'));
  useEffect(() => { if (done) document.getElementById('published-note')?.focus(); }, [done]);
  // Once saved (the leave guard released), the new draft opens at its own address.
  useEffect(() => { if (created && !dirty) navigate(`/reports/${created}/edit`); }, [created, dirty]);
  const err = save.error ?? publish.error;
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  const move = (i: number, by: number) => change(setItems)(items.map((x, j) => (j === i ? items[i + by]! : j === i + by ? items[i]! : x)));

  return (
    <>
      <p className="crumbs"><Link href="/reports">{t('publications.title')}</Link></p>
      <h1>{saved ? t('publications.editTitle') : t('publications.newTitle')}</h1>
      {saved && (
        <p className="muted" data-testid="draft-state">
          {saved.latestVersion > 0
            ? <>{t('publications.publishedAs', { n: saved.latestVersion })} <Link href={`/r/${saved.slug}`}>{`/r/${saved.slug}`}</Link></>
            : t('publications.neverPublished')}
        </p>
      )}
      <form className="panel" onSubmit={submit} noValidate aria-labelledby="texts-heading">
        <h2 id="texts-heading">{t('publications.texts')}</h2>
        {!saved && (
          <FormField id="r-platform" name="platform" label={t('publications.reportPlatform')} error={err} help={t('publications.reportPlatformHelp')}>
            {(tie) => <select {...tie} value={platform} onChange={(e) => change(setPlatform)(e.target.value)}>
              <option value="">{t('publications.noPlatform')}</option>
              {platforms.map((p) => <option key={p.slug} value={p.slug}>{p.name}</option>)}
            </select>}
          </FormField>
        )}
        <div role="tablist" aria-label={t('publications.languages')} className="lang-tabs">
          {REPORT_LANGUAGES.map((l) => (
            <button key={l} type="button" role="tab" id={`tab-${l}`} aria-selected={lang === l} aria-controls="lang-panel" tabIndex={lang === l ? 0 : -1}
              onClick={() => setLang(l)} onKeyDown={(e) => {
                const i = REPORT_LANGUAGES.indexOf(l);
                const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
                if (next === null) return;
                const to = REPORT_LANGUAGES[(next + REPORT_LANGUAGES.length) % REPORT_LANGUAGES.length]!;
                setLang(to);
                document.getElementById(`tab-${to}`)?.focus();
              }}>
              <span lang={l}>{label(l)}</span>{l === 'en' ? ` (${t('common.required')})` : title[l]?.trim() ? '' : ` (${t('publications.optional')})`}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="lang-panel" aria-labelledby={`tab-${lang}`} lang={lang} dir={lang === 'ar' ? 'rtl' : 'ltr'}>
          {lang !== 'en' && <p className="muted small" lang="">{t('publications.fallbackHelp')}</p>}
          <FormField id="r-title" name={`title.${lang}`} label={t('publications.reportTitle', { language: label(lang) })} error={err}>
            {(tie) => <input {...tie} value={title[lang] ?? ''} onChange={(e) => change(setTitle)({ ...title, [lang]: e.target.value })} dir="auto" />}
          </FormField>
          <FormField id="r-text" name={`text.${lang}`} label={t('publications.reportText', { language: label(lang) })} error={err} help={t('publications.textHelp')}>
            {(tie) => <textarea {...tie} rows={6} value={text[lang] ?? ''} onChange={(e) => change(setText)({ ...text, [lang]: e.target.value })} dir="auto" />}
          </FormField>
        </div>
        <h2 id="items-heading">{t('publications.items')}</h2>
        {fieldMessage(err, 'items', true) && <p className="field-error" data-testid="items-error">{fieldMessage(err, 'items', true)}</p>}
        {items.length === 0 ? <p className="muted">{t('publications.noItems')}</p> : (
          <ol className="report-items" aria-labelledby="items-heading" data-testid="items">
            {items.map((it, i) => (
              <li key={i} className="card">
                <p>
                  <strong>{t(`publications.kind.${it.kind}`)}</strong> · {t(`publications.view.${it.view}`)}
                  {it.caption?.en && <> · <bdi>{it.caption.en}</bdi></>}
                </p>
                <p className="small muted" dir="ltr">{describe(it)}</p>
                <p className="actions">
                  <button type="button" disabled={i === 0} onClick={() => move(i, -1)}>{t('publications.moveUp', { n: i + 1 })}</button>
                  <button type="button" disabled={i === items.length - 1} onClick={() => move(i, 1)}>{t('publications.moveDown', { n: i + 1 })}</button>
                  <button type="button" onClick={() => change(setItems)(items.filter((_, j) => j !== i))}>{t('publications.remove', { n: i + 1 })}</button>
                </p>
              </li>
            ))}
          </ol>
        )}
        <ErrorMessage error={err} />
        <p className="actions">
          <button type="submit" className={saved ? undefined : 'primary'} disabled={save.isPending}>{t('publications.saveDraft')}</button>
          {saved?.can.publish && !confirming && <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={items.length === 0}>{t('publications.publish')}</button>}
        </p>
        {saved && confirming && (
          <div className="confirm" role="group" aria-labelledby="confirm-publish" data-testid="confirm-publish">
            <h3 id="confirm-publish">{t('publications.confirmTitle', { n: saved.latestVersion + 1 })}</h3>
            <p>{t('publications.confirmHelp')}</p>
            <p className="actions">
              <button type="button" className="primary" onClick={() => publish.mutate()} disabled={publish.isPending}>{t('publications.confirmPublish')}</button>
              <button type="button" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
            </p>
          </div>
        )}
        {done && (
          <p id="published-note" className="alert success" role="status" tabIndex={-1} data-testid="published-note">
            {t('publications.publishedNote')} <Link href={`/r/${done}`}>{`/r/${done}`}</Link>
          </p>
        )}
      </form>
      <ItemEditor onAdd={change((it: ItemSpec) => setItems([...items, it]))} />
    </>
  );
}

/** What an item reads, in the API's words (codes), for the composer's list. */
function describe(it: ItemSpec): string {
  const parts = Object.entries(it.kind === 'figures' ? it.figures ?? {} : it.dashboard ?? {}).map(([k, v]) => `${k}: ${String(v)}`);
  return parts.join(', ') || '—';
}
