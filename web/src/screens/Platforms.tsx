import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { api, unwrap } from '../api/client';
import { changed, queries } from '../api/queries';
import { ErrorMessage, Loading } from '../components/feedback';
import { useTitle } from '../hooks';
import { Link } from '../router';
import { useCountryName } from '../session';
import { Count } from '../components/Count';
import { TableWrap } from '../components/TableWrap';

/** Coordination platforms: regional, national and sub-national tiers. */
export function Platforms() {
  const { t, i18n } = useTranslation();
  useTitle(t('platforms.title'));
  const countryName = useCountryName();
  const { data, error, refetch } = useQuery(queries.platforms());
  return (
    <>
      <h1>{t('platforms.title')}</h1>
      <p className="muted">{t('platforms.intro')}</p>
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {!data ? !error && <Loading /> : (
        <ul className="cards">
          {data.map((p) => (
            <li key={p.slug} className="card">
              <h2 className="h3"><Link href={`/platforms/${p.slug}`}>{p.name}</Link></h2>
              <p className="muted">{t(`tier.${p.tier}`)}{p.country ? ` · ${countryName(p.country, i18n.language)}` : ''}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function PlatformScreen({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const { data, error, refetch } = useQuery(queries.platform(slug));
  useTitle(data?.name ?? t('platforms.title'));
  if (error) return <><h1>{t('platforms.title')}</h1><ErrorMessage error={error} onRetry={() => void refetch()} /></>;
  if (!data) return <Loading />;
  const top = data.sectors.filter((s) => !s.parent);
  return (
    <>
      <p className="crumbs"><Link href="/platforms">{t('platforms.title')}</Link>{data.parent && <> · <Link href={`/platforms/${data.parent.slug}`}>{data.parent.name}</Link></>}</p>
      <h1>{data.name}</h1>
      <p className="muted">
        {t(`tier.${data.tier}`)}{data.country ? ` · ${countryName(data.country, i18n.language)}` : ''}
        {data.situation && <> · <Link href={`/situations/${data.situation.slug}`}>{data.situation.name}</Link></>}
        {' · '}{t(data.counting === 'sum' ? 'platforms.countingSum' : 'platforms.countingMax')}
      </p>
      <p><strong>{t('platforms.coLeads')}:</strong> {data.coLeads.map((c) => c.name).join(' · ')}</p>
      <p><Link href={`/platforms/${slug}/r4v`}>{t('r4v.settings.link')}</Link></p>

      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">{t('platforms.plans')}</h2>
        {data.plans.length === 0 ? <p>{t('platforms.noPlans')}</p> : (
          <ul className="plain">
            {data.plans.map((p) => <li key={p.id}><Link href={`/plans/${p.id}`}>{p.name}</Link> <span className="muted">({p.startMonth} – {p.endMonth})</span></li>)}
          </ul>
        )}
      </section>

      <div className="grid-2">
        <section aria-labelledby="sectors-heading">
          <h2 id="sectors-heading">{t('platforms.sectors')}</h2>
          <ul className="plain">
            {top.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong> <span className="muted small">({t('platforms.ledBy', { leads: s.leads.join(', ') || '—' })})</span>
                {data.sectors.some((x) => x.parent === s.code) && (
                  <ul>{data.sectors.filter((x) => x.parent === s.code).map((x) => <li key={x.id}>{x.name} <span className="muted small">({t('platforms.ledBy', { leads: x.leads.join(', ') || '—' })})</span></li>)}</ul>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="partners-heading">
          <h2 id="partners-heading">{t('platforms.partners', { count: data.partners.length })}</h2>
          <TableWrap label={t('platforms.partners', { count: data.partners.length })}>
            <table>
              <thead><tr><th scope="col">{t('platforms.partner')}</th><th scope="col">{t('platforms.type')}</th><th scope="col">{t('platforms.appealing')}</th><th scope="col">{t('platforms.led')}</th></tr></thead>
              <tbody>
                {data.partners.map((p) => (
                  <tr key={p.slug}>
                    <td>{p.name}</td><td>{p.partnerType ? t(`partnerType.${p.partnerType}`, { defaultValue: p.partnerType }) : '—'}</td>
                    <td>{p.appealing ? t('common.yes') : t('common.no')}</td>
                    <td>{[p.refugeeLed && t('platforms.refugeeLed'), p.migrantLed && t('platforms.migrantLed')].filter(Boolean).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      </div>

      {data.tier === 'regional' && <Regional slug={slug} />}

      {data.children.length > 0 && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">{t('platforms.children')}</h2>
          <ul className="plain">{data.children.map((c) => <li key={c.slug}><Link href={`/platforms/${c.slug}`}>{c.name}</Link> <span className="muted">({t(`tier.${c.tier}`)})</span></li>)}</ul>
        </section>
      )}

      <section aria-labelledby="locks-heading">
        <h2 id="locks-heading">{t('platforms.closedMonths')}</h2>
        <p><bdi>{data.lockedMonths.length ? data.lockedMonths.join(', ') : t('platforms.noneClosed')}</bdi></p>
        {data.can.update && <CloseMonth slug={slug} />}
      </section>
    </>
  );
}

/** The co-leads close a month: its reports can no longer change, in any of the platform's plans. */
function CloseMonth({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [month, setMonth] = useState('');
  const close = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/platforms/{ref}/locks', { params: { path: { ref: slug } }, body: { month } })),
    onSuccess: (answer) => changed.lockedMonth(client, slug, answer),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.mutate();
  };
  return (
    <form className="inline" onSubmit={submit} aria-label={t('platforms.closeMonth')}>
      <label htmlFor="lock-month">{t('platforms.month')}</label>
      <input id="lock-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      <button type="submit" disabled={close.isPending}>{t('platforms.closeMonth')}</button>
      <ErrorMessage error={close.error} />
    </form>
  );
}

/**
 * Publish once: a regional platform's people reached, from its national platforms' validated reports
 * (each by its own rules), and their sum; hidden values as the public dashboard hides them.
 */
function Regional({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const countryName = useCountryName();
  const [until, setUntil] = useState(() => new Date().toISOString().slice(0, 7));
  const { data, error, refetch } = useQuery({ ...queries.regional(slug, until), placeholderData: keepPreviousData });
  const k = data?.disclosure.k ?? 5;
  const sectors = data ? [...new Set([...Object.keys(data.total.bySector), ...data.countries.flatMap((c) => Object.keys(c.bySector))])].sort() : [];
  return (
    <section aria-labelledby="regional-heading" data-testid="regional">
      <h2 id="regional-heading">{t('platforms.regional.title')}</h2>
      <p className="muted small">{t('platforms.regional.help')}</p>
      <div className="field">
        <label htmlFor="regional-until">{t('plan.until')}</label>
        <input id="regional-until" type="month" value={until} onChange={(e) => { if (/^\d{4}-\d{2}$/.test(e.target.value)) setUntil(e.target.value); }} />
      </div>
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {!data ? !error && <Loading /> : (
        <>
          {data.disclosure.hidden > 0 && <p className="muted small">{t('common.hiddenCount', { count: data.disclosure.hidden, k })}</p>}
          <TableWrap label={t('platforms.regional.title')}>
            <table>
              <caption>{t('platforms.regional.caption', { until: data.until })}</caption>
              <thead><tr>
                <th scope="col">{t('platforms.regional.country')}</th><th scope="col">{t('platforms.regional.plan')}</th>
                <th scope="col" className="num">{t('plan.peopleReached')}</th>{sectors.map((s) => <th scope="col" key={s} className="num"><bdi>{s}</bdi></th>)}
              </tr></thead>
              <tbody>
                {data.countries.map((c) => (
                  <tr key={c.platform.slug}>
                    <th scope="row"><Link href={`/platforms/${c.platform.slug}`}>{c.country ? countryName(c.country, i18n.language) : c.platform.name}</Link></th>
                    <td>{c.plan ? <Link href={`/plans/${c.plan.id}`}>{c.plan.name}</Link> : t('platforms.regional.noPlan')}</td>
                    <td className="num"><Count n={c.peopleReached} k={k} /></td>
                    {sectors.map((s) => <td key={s} className="num">{s in c.bySector ? <Count n={c.bySector[s]} k={k} /> : '—'}</td>)}
                  </tr>
                ))}
              </tbody>
              <tfoot><tr>
                <th scope="row" colSpan={2}>{t('platforms.regional.total')}</th><td className="num"><Count n={data.total.peopleReached} k={k} /></td>
                {sectors.map((s) => <td key={s} className="num"><Count n={data.total.bySector[s]} k={k} /></td>)}
              </tr></tfoot>
            </table>
          </TableWrap>
          <p className="exports">{t('figures.export')} <a href={`/api/v1/platforms/${slug}/regional?until=${data.until}&format=hxl`} download>HXL</a> · <a href={`/api/v1/platforms/${slug}/feed`} download>{t('platforms.regional.feed')}</a></p>
        </>
      )}
    </section>
  );
}
