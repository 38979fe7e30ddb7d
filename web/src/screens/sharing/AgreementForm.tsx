import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { queries } from '../../api/queries';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Checks } from '../protection/fields';
import { draftingOrg } from './access';
import { DATA_KINDS, GRANULARITIES, PARTY_ROLES, sharingChanged, type DataKind, type Granularity, type NewAgreement, type PartyRole } from './api';
import { FormField, GroupError } from './fields';

type Party = { organisation: string; role: PartyRole };
/** A party as drafted: the first one's organisation is null until chosen (the account's own, once the session is known). */
type DraftParty = { organisation: string | null; role: PartyRole };
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Drafting a data-sharing agreement (R6, the IASC Operational Guidance on Data Responsibility): its parties
 * and which way data flows for each, the kinds of data, the purpose, the finest granularity, the fields, the
 * days it runs, the signed document. Drafting binds nobody: it is in force once every party approved it.
 */
export function AgreementForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { user } = useSession();
  useTitle(t('sharing.draft'));
  const orgs = useQuery(queries.organisations()).data ?? [];
  const mine = draftingOrg(user);
  const today = new Date();
  const [f, setF] = useState({
    title: '', purpose: '', kinds: [] as DataKind[], granularity: 'admin1' as Granularity, fields: '', documentRef: '',
    startsOn: day(today), expiresOn: day(new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate() - 1))),
  });
  const [parties, setParties] = useState<DraftParty[]>([{ organisation: null, role: 'provider' }, { organisation: '', role: 'recipient' }]);
  const [saved, setSaved] = useState<string | null>(null);
  // The account's organisation is a party from the start (it must be): filled in once the session is known.
  const shown: Party[] = parties.map((p) => ({ ...p, organisation: p.organisation ?? mine }));
  const draft = useMutation({
    mutationFn: () => {
      const body: NewAgreement = {
        title: f.title, purpose: f.purpose, parties: shown, kinds: f.kinds, granularity: f.granularity, startsOn: f.startsOn, expiresOn: f.expiresOn,
        documentRef: f.documentRef, fields: f.fields.split(/[\s,;]+/).filter(Boolean),
      };
      return unwrap(api.POST('/api/v1/sharing/agreements', { body }));
    },
    onSuccess: async (a) => { await sharingChanged.agreement(client, a); setSaved(a.id); },
  });
  useLeaveGuard(!saved && (f.title !== '' || f.purpose !== ''), t('sharing.leaveQuestion'));
  useEffect(() => { if (saved) navigate(`/sharing/agreements/${saved}`); }, [saved]);
  const submit = (e: FormEvent) => { e.preventDefault(); draft.mutate(); };
  const setParty = (i: number, p: Partial<Party>) => setParties(shown.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const err = draft.error;
  return (
    <>
      <p className="crumbs"><Link href="/sharing?tab=agreements">{t('sharing.title')}</Link></p>
      <h1>{t('sharing.draft')}</h1>
      <p className="alert info">{t('sharing.draftHelp')}</p>
      <form className="panel narrow" onSubmit={submit} noValidate>
        <FormField id="a-title" name="title" label={`${t('sharing.agreementTitle')} (${t('common.required')})`} error={err}>
          {(tie) => <input {...tie} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} required dir="auto" />}
        </FormField>
        <fieldset className="parties" aria-describedby="parties-help">
          <legend>{t('sharing.parties')}</legend>
          <p id="parties-help" className="muted small">{t('sharing.partiesHelp')}</p>
          <GroupError id="parties-error" error={err} name="parties" />
          {shown.map((p, i) => (
            <fieldset key={i} className="party" data-testid="party-row">
              <legend>{t('sharing.partyN', { n: i + 1 })}</legend>
              <FormField id={`p-org-${i}`} name={`parties.${i}.organisation`} label={t('sharing.organisation')} error={err}>
                {(tie) => <select {...tie} value={p.organisation} onChange={(e) => setParty(i, { organisation: e.target.value })}>
                  <option value="">{t('common.choose')}</option>
                  {orgs.map((o) => <option key={o.slug} value={o.slug}>{o.name}</option>)}
                </select>}
              </FormField>
              <FormField id={`p-role-${i}`} name={`parties.${i}.role`} label={t('sharing.partyRoleLabel')} error={err}>
                {(tie) => <select {...tie} value={p.role} onChange={(e) => setParty(i, { role: e.target.value as PartyRole })}>
                  {PARTY_ROLES.map((r) => <option key={r} value={r}>{t(`sharing.partyRole.${r}`)}</option>)}
                </select>}
              </FormField>
              {shown.length > 2 && (
                <button type="button" onClick={() => setParties(shown.filter((_, j) => j !== i))}>{t('sharing.removeParty', { n: i + 1 })}</button>
              )}
            </fieldset>
          ))}
          <p><button type="button" onClick={() => setParties([...shown, { organisation: '', role: 'recipient' }])}>{t('sharing.addParty')}</button></p>
        </fieldset>
        <Checks legend={t('sharing.kinds')} name="kinds" codes={DATA_KINDS} chosen={f.kinds} label={(k) => t(`sharing.kind.${k}`)} onChange={(kinds) => setF({ ...f, kinds })} />
        <p className="muted small">{t('sharing.kindsHelp')}</p>
        <GroupError id="kinds-error" error={err} name="kinds" />
        <FormField id="a-purpose" name="purpose" label={`${t('sharing.purpose')} (${t('common.required')})`} error={err} help={t('sharing.purposeHelp')}>
          {(tie) => <textarea {...tie} rows={3} value={f.purpose} onChange={(e) => setF({ ...f, purpose: e.target.value })} required dir="auto" />}
        </FormField>
        <FormField id="a-granularity" name="granularity" label={t('sharing.granularityLabel')} error={err} help={t('sharing.granularityHelp')}>
          {(tie) => <select {...tie} value={f.granularity} onChange={(e) => setF({ ...f, granularity: e.target.value as Granularity })}>
            {GRANULARITIES.map((g) => <option key={g} value={g}>{t(`sharing.granularity.${g}`)}</option>)}
          </select>}
        </FormField>
        <FormField id="a-fields" name="fields" label={t('sharing.fields')} error={err} help={t('sharing.fieldsHelp')}>
          {(tie) => <input {...tie} value={f.fields} onChange={(e) => setF({ ...f, fields: e.target.value })} dir="ltr" autoComplete="off" />}
        </FormField>
        <FormField id="a-starts" name="startsOn" label={t('sharing.startsOn')} error={err}>
          {(tie) => <input {...tie} type="date" value={f.startsOn} onChange={(e) => setF({ ...f, startsOn: e.target.value })} required />}
        </FormField>
        <FormField id="a-expires" name="expiresOn" label={t('sharing.expiresOn')} error={err} help={t('sharing.datesHelp')}>
          {(tie) => <input {...tie} type="date" value={f.expiresOn} onChange={(e) => setF({ ...f, expiresOn: e.target.value })} required />}
        </FormField>
        <FormField id="a-document" name="documentRef" label={`${t('sharing.documentRef')} (${t('common.required')})`} error={err} help={t('sharing.documentHelp')}>
          {(tie) => <input {...tie} value={f.documentRef} onChange={(e) => setF({ ...f, documentRef: e.target.value })} required dir="auto" />}
        </FormField>
        <ErrorMessage error={err} />
        <button type="submit" className="primary" disabled={draft.isPending}>{t('sharing.saveDraft')}</button>
      </form>
    </>
  );
}
