import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { capacityChanged, type NewOffer, type SupportKind } from '../../api/capacity';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { localName, useTranslation } from '../../i18n';
import { parseCount } from '../../numbers';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field } from '../protection/fields';
import { TagPicker, useVocabulary } from './Tags';

/**
 * An offer or pledge of support for one of the account's organisations: the objectives or needs it serves, its
 * kind, the countries it reaches (none: anywhere) and its value in US dollars, typed in the user's conventions
 * ("25,000" or "25.000") and refused on the field if it is not a whole number, never turned into 0.
 */
export function OfferForm() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { user, countries } = useSession();
  const { vocabulary, kindName } = useVocabulary();
  useTitle(t('capacity.newOffer'));
  const orgs = useQuery(queries.organisations()).data ?? [];
  const mine = orgs.filter((o) => user?.memberships.some((m) => m.orgSlug === o.slug));
  const [f, setF] = useState({ organisation: '', kind: 'training' as SupportKind, objectives: [] as string[], needs: [] as string[], countries: [] as string[], amount: '', description: '' });
  const [saved, setSaved] = useState(false);
  const amount = f.amount.trim() ? parseCount(f.amount, lng) : null;
  const amountError = amount && !amount.ok ? t(`report.cellError.${amount.reason}`) : undefined;
  const save = useMutation({
    mutationFn: () => {
      const body: NewOffer = {
        ...(f.organisation || mine[0] ? { organisation: f.organisation || mine[0]!.slug } : {}), kind: f.kind, description: f.description.trim(),
        ...(f.objectives.length ? { objectives: f.objectives as NewOffer['objectives'] } : {}), ...(f.needs.length ? { asylumNeeds: f.needs as NewOffer['asylumNeeds'] } : {}),
        ...(f.countries.length ? { countries: f.countries } : {}), ...(amount?.ok ? { amountUsd: amount.value } : {}),
      };
      return unwrap(api.POST('/api/v1/capacity/offers', { body }));
    },
    onSuccess: async () => { await capacityChanged.offer(client); setSaved(true); },
  });
  useLeaveGuard(!saved && f.description !== '', t('concerns.leaveQuestion'));
  useEffect(() => { if (saved) navigate('/capacity?tab=offers'); }, [saved]);
  const submit = (e: FormEvent) => { e.preventDefault(); if (!amountError) save.mutate(); };
  const countryOptions = [...countries.values()].filter((c) => !c.pseudo).sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));
  return (
    <>
      <p className="crumbs"><Link href="/capacity?tab=offers">{t('capacity.title')}</Link></p>
      <h1>{t('capacity.newOffer')}</h1>
      <form className="panel narrow" onSubmit={submit} noValidate>
        <Field id="organisation" label={t('capacity.offeringOrg')} error={save.error}>
          {(tie) => <select {...tie} value={f.organisation || mine[0]?.slug || ''} onChange={(e) => setF({ ...f, organisation: e.target.value })}>
            {mine.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
          </select>}
        </Field>
        <Field id="kind" label={t('capacity.kind')} error={save.error}>
          {(tie) => <select {...tie} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as SupportKind })}>
            {(vocabulary?.kinds ?? []).map((k) => <option key={k.code} value={k.code}>{kindName(k.code)}</option>)}
          </select>}
        </Field>
        <TagPicker objectives={f.objectives} needs={f.needs} onChange={(v) => setF({ ...f, objectives: v.objectives, needs: v.needs })} />
        <Field id="countries" label={t('capacity.countries')} help={t('capacity.countriesHelp')} error={save.error}>
          {(tie) => <select {...tie} multiple size={6} value={f.countries} onChange={(e) => setF({ ...f, countries: [...e.target.selectedOptions].map((o) => o.value) })}>
            {countryOptions.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)}</option>)}
          </select>}
        </Field>
        <div className="field">
          <label htmlFor="f-amount">{t('capacity.amount')}</label>
          <input id="f-amount" inputMode="numeric" value={f.amount} onChange={(e) => setF({ ...f, amount: e.target.value })}
            aria-invalid={amountError ? true : undefined} aria-describedby={amountError ? 'amount-error' : undefined} />
          {amountError && <p id="amount-error" className="field-error">{amountError}</p>}
        </div>
        <Field id="description" label={`${t('capacity.description')} (${t('common.required')})`} error={save.error}>
          {(tie) => <textarea {...tie} rows={4} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} required dir="auto" />}
        </Field>
        <ErrorMessage error={save.error} />
        <button type="submit" className="primary" disabled={save.isPending || !!amountError}>{t('capacity.offerButton')}</button>
      </form>
    </>
  );
}
