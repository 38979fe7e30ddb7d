import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { CASELOAD_TYPES, returnWrites, solutionsChanged, type NewReturn as NewReturnBody } from '../../api/solutions';
import { ErrorMessage } from '../../components/feedback';
import { useTitle } from '../../hooks';
import { localName, useTranslation } from '../../i18n';
import { Link, navigate, useLeaveGuard } from '../../router';
import { useSession } from '../../session';
import { Field, fieldMessage } from './fields';

type Caseload = NewReturnBody['caseload'];

/**
 * Opening a return operation: its origin and host countries and its caseload by population type. The server
 * computes its lead (any refugee, asylum-seeker or other person in need of international protection: UNHCR,
 * with IOM supporting; migrants only: IOM-led assisted voluntary return) and refuses an account of the other agency.
 */
export function NewReturn() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { countries } = useSession();
  useTitle(t('solutions.returns.new'));
  const [f, setF] = useState({ name: '', origin: '', host: '' });
  const [caseload, setCaseload] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: () => {
      const load: Caseload = {};
      for (const k of CASELOAD_TYPES) if (caseload[k]) load[k] = Number(caseload[k]);
      return returnWrites.open({ name: f.name, origin: f.origin, host: f.host, caseload: load });
    },
    onSuccess: async (op) => { await solutionsChanged.operation(client, op); setSaved(op.id); },
  });
  useLeaveGuard(!saved && (f.name !== '' || Object.values(caseload).some(Boolean)), t('solutions.leaveQuestion'));
  useEffect(() => { if (saved) navigate(`/returns/${saved}`); }, [saved]);
  const submit = (e: FormEvent) => { e.preventDefault(); open.mutate(); };
  const err = open.error;
  const countryList = [...countries.values()].map((c) => ({ iso3: c.iso3, name: localName(c.names, i18n.language) })).sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const caseloadError = fieldMessage(err, 'caseload', true);
  return (
    <>
      <p className="crumbs"><Link href="/returns">{t('solutions.returns.title')}</Link></p>
      <h1>{t('solutions.returns.new')}</h1>
      <p className="alert info">{t('solutions.returns.newHelp')}</p>
      <form className="panel narrow" onSubmit={submit} noValidate>
        <Field id="r-name" name="name" label={`${t('solutions.returns.name')} (${t('common.required')})`} error={err}>
          {(tie) => <input {...tie} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required dir="auto" />}
        </Field>
        <Field id="r-host" name="host" label={t('solutions.returns.host')} error={err}>
          {(tie) => <select {...tie} value={f.host} onChange={(e) => setF({ ...f, host: e.target.value })}>
            <option value="">{t('common.choose')}</option>
            {countryList.map((c) => <option key={c.iso3} value={c.iso3}>{c.name}</option>)}
          </select>}
        </Field>
        <Field id="r-origin" name="origin" label={t('solutions.returns.origin')} error={err}>
          {(tie) => <select {...tie} value={f.origin} onChange={(e) => setF({ ...f, origin: e.target.value })}>
            <option value="">{t('common.choose')}</option>
            {countryList.map((c) => <option key={c.iso3} value={c.iso3}>{c.name}</option>)}
          </select>}
        </Field>
        <fieldset aria-describedby="caseload-help">
          <legend>{t('solutions.returns.caseload')}</legend>
          <p id="caseload-help" className="muted small">{t('solutions.returns.caseloadHelp')}</p>
          {caseloadError && <p className="field-error" data-testid="error-caseload">{caseloadError}</p>}
          <div className="solutions-grid">
            {CASELOAD_TYPES.map((k) => (
              <Field key={k} id={`r-load-${k}`} name={`caseload.${k}`} label={t(`solutions.popType.${k}`)} error={err}>
                {(tie) => <input {...tie} type="number" min={0} inputMode="numeric" value={caseload[k] ?? ''} onChange={(e) => setCaseload({ ...caseload, [k]: e.target.value })} />}
              </Field>
            ))}
          </div>
        </fieldset>
        <ErrorMessage error={err} />
        <button type="submit" className="primary" disabled={open.isPending}>{t('solutions.returns.open')}</button>
      </form>
    </>
  );
}
