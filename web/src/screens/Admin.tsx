import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { formatDate, formatNumber, localName, useTranslation } from '../i18n';
import { api, ApiError, unwrap, uploadFile, type Organisation, type User } from '../api/client';
import { changed, queries } from '../api/queries';
import { ORGANISATION_KINDS, ROLES } from '../api/values';
import { ErrorMessage, Loading } from '../components/feedback';
import { TableWrap } from '../components/TableWrap';
import { RefusedFile, UploadProgress, useUpload } from '../components/upload';
import { useTitle } from '../hooks';
import { useSession } from '../session';

type Role = (typeof ROLES)[number];
type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A write to accounts or their roles. */
function useAccountWrite<V = void>(write: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => changed.accounts(client) });
}

/** Accounts, organisations and roles, for the platform administrator (the API refuses anyone else). */
export function Admin() {
  const { t } = useTranslation();
  useTitle(t('admin.title'));
  const { user, can } = useSession();
  const users = useQuery({ ...queries.users(), enabled: can.administer });
  const orgs = useQuery({ ...queries.organisations(), enabled: can.administer });
  if (user === undefined) return <Loading />;
  if (!can.administer) return <><h1>{t('admin.title')}</h1><p role="alert" className="alert error">{t('admin.forbidden')}</p></>;
  const orgList = orgs.data ?? [];
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{t('admin.users')}</h2>
        <ErrorMessage error={users.error} />
        {users.data ? <UsersTable users={users.data} orgs={orgList} /> : <Loading />}
        <NewUser />
      </section>
      <section aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">{t('admin.organisations')}</h2>
        <ErrorMessage error={orgs.error} />
        <TableWrap label={t('admin.organisations')}>
          <table>
            <thead><tr><th scope="col">{t('admin.slug')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.kind')}</th></tr></thead>
            <tbody>{orgList.map((o) => <tr key={o.id}><td><bdi>{o.slug}</bdi></td><td>{o.name}</td><td>{t(`orgKind.${o.kind}`, { defaultValue: o.kind })}</td></tr>)}</tbody>
          </table>
        </TableWrap>
        <NewOrganisation />
      </section>
      <Boundaries />
    </>
  );
}

/**
 * Admin-area boundaries for a country (a GeoJSON FeatureCollection with a P-code and a name per area): the plan
 * dashboards of that country's platforms draw their map with them. The file replaces what was kept.
 */
function Boundaries() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const client = useQueryClient();
  const { countries } = useSession();
  const [iso3, setIso3] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const upload = useUpload(
    (f, onProgress) => uploadFile('/api/v1/countries/{iso3}/boundaries', { path: { iso3 }, query: { filename: f.name } }, f, onProgress),
    () => changed.boundaries(client, iso3),
  );
  const options = [...countries.values()].filter((c) => !c.pseudo).sort((a, b) => localName(a.names, lng).localeCompare(localName(b.names, lng), lng));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(file.current?.files?.[0]);
  };
  return (
    <section aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">{t('admin.boundaries')}</h2>
      <p className="muted small">{t('admin.boundariesHelp')}</p>
      <form className="panel" onSubmit={submit} aria-labelledby="boundaries-heading">
        <div className="field">
          <label htmlFor="b-country">{t('admin.country')}</label>
          <select id="b-country" value={iso3} onChange={(e) => setIso3(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            {options.map((c) => <option key={c.iso3} value={c.iso3}>{localName(c.names, lng)} ({c.iso3})</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="b-file">{t('admin.boundariesFile')}</label>
          <input id="b-file" type="file" ref={file} accept=".geojson,.json" />
        </div>
        <button type="submit" className="primary" disabled={upload.isPending || !iso3}>{t('admin.uploadBoundaries')}</button>
        <UploadProgress pending={upload.isPending} sent={upload.sent} />
      </form>
      {upload.isError && <RefusedFile error={upload.error} title={t('admin.boundariesRefused')} />}
      {upload.data && (
        <p role="status" className="alert success" data-testid="boundaries-summary">{t('admin.boundariesKept', {
          features: formatNumber(upload.data.features, lng), matched: formatNumber(upload.data.matched, lng), country: iso3,
        })}{upload.data.unmatched.length > 0 && <> {t('admin.unmatched', { list: upload.data.unmatched.join(', ') })}</>}</p>
      )}
    </section>
  );
}

function UsersTable({ users, orgs }: { users: User[]; orgs: Organisation[] }) {
  const { t, i18n } = useTranslation();
  const removeRole = useAccountWrite((id: string) => unwrap(api.DELETE('/api/v1/memberships/{id}', { params: { path: { id } } })));
  const setStatus = useAccountWrite(({ id, status }: { id: string; status: 'active' | 'disabled' }) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { status } })));
  return (
    <>
      <ErrorMessage error={removeRole.error ?? setStatus.error} />
      <TableWrap label={t('admin.users')}>
        <table data-testid="users">
          <thead><tr><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.email')}</th><th scope="col">{t('admin.status')}</th><th scope="col">{t('admin.roles')}</th><th scope="col">{t('admin.actions')}</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>{t(`admin.statuses.${u.status}`, { defaultValue: u.status })}<br /><span className="small muted">{formatDate(u.createdAt, i18n.language)}</span></td>
                <td>
                  <ul className="plain">
                    {u.memberships.map((m) => (
                      <li key={m.id}>
                        {orgs.find((o) => o.slug === m.orgSlug)?.name ?? m.orgSlug} (<bdi>{m.orgSlug}</bdi>): {t(`roles.${m.role}`, { defaultValue: m.role })}{' '}
                        <button type="button" className="link" onClick={() => removeRole.mutate(m.id)}
                          aria-label={t('admin.removeRoleOf', { role: t(`roles.${m.role}`), org: m.orgSlug, name: u.displayName })}>{t('admin.remove')}</button>
                      </li>
                    ))}
                  </ul>
                  <AddRole user={u} orgs={orgs} />
                </td>
                <td>
                  <button type="button" onClick={() => setStatus.mutate({ id: u.id, status: u.status === 'active' ? 'disabled' : 'active' })}>
                    {u.status === 'active' ? t('admin.disable') : t('admin.enable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function AddRole({ user, orgs }: { user: User; orgs: Organisation[] }) {
  const { t } = useTranslation();
  const [org, setOrg] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const add = useAccountWrite(() => unwrap(api.POST('/api/v1/users/{id}/memberships', { params: { path: { id: user.id } }, body: { organisation: org, role } })));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const id = `add-${user.id}`;
  return (
    <form onSubmit={submit} className="inline" aria-label={t('admin.addRoleFor', { name: user.displayName })}>
      <label htmlFor={`${id}-org`} className="visually-hidden">{t('admin.organisation')}</label>
      <select id={`${id}-org`} value={org} onChange={(e) => setOrg(e.target.value)}>
        <option value="">{t('admin.organisation')}</option>
        {orgs.map((o) => <option key={o.slug} value={o.slug}>{o.name} ({o.slug})</option>)}
      </select>
      <label htmlFor={`${id}-role`} className="visually-hidden">{t('admin.role')}</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? role)}>
        {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
      <button type="submit" disabled={add.isPending}>{t('admin.addRole')}</button>
      <ErrorMessage error={add.error} />
    </form>
  );
}

const NO_USER = { email: '', displayName: '', password: '' };

function NewUser() {
  const { t } = useTranslation();
  const [form, setForm] = useState(NO_USER);
  const create = useAccountWrite(() => unwrap(api.POST('/api/v1/users', { body: form })));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: () => setForm(NO_USER) });
  };
  const error = create.error;
  const fieldError = (f: string) => (error instanceof ApiError ? error.forField(f) : undefined);
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-user-heading" noValidate>
      <h3 id="new-user-heading">{t('admin.newUser')}</h3>
      {(['email', 'displayName', 'password'] as const).map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`nu-${f}`}>{t(`admin.${f}`)}</label>
          <input id={`nu-${f}`} type={f === 'password' ? 'password' : f === 'email' ? 'email' : 'text'} autoComplete={f === 'password' ? 'new-password' : 'off'}
            value={form[f]} onChange={(e) => setForm({ ...form, [f]: e.target.value })} aria-invalid={!!fieldError(f)} />
          {f === 'password' && <p className="small muted">{t('admin.passwordHelp')}</p>}
          {fieldError(f) && <p className="field-error">{fieldError(f)}</p>}
        </div>
      ))}
      {error && !['email', 'displayName', 'password'].some(fieldError) ? <ErrorMessage error={error} /> : null}
      {create.isSuccess && <p role="status" className="alert success">{t('admin.userCreated')}</p>}
      <button type="submit" className="primary" disabled={create.isPending}>{t('admin.create')}</button>
    </form>
  );
}

const NO_ORGANISATION: { slug: string; name: string; kind: OrganisationKind } = { slug: '', name: '', kind: 'ngo' };

function NewOrganisation() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState(NO_ORGANISATION);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/organisations', { body: form })),
    onSuccess: () => changed.organisations(client),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(undefined, { onSuccess: () => setForm(NO_ORGANISATION) });
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-org-heading" noValidate>
      <h3 id="new-org-heading">{t('admin.newOrganisation')}</h3>
      <div className="field"><label htmlFor="no-slug">{t('admin.slug')}</label><input id="no-slug" value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} /></div>
      <div className="field"><label htmlFor="no-name">{t('admin.name')}</label><input id="no-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></div>
      <div className="field">
        <label htmlFor="no-kind">{t('admin.kind')}</label>
        <select id="no-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: ORGANISATION_KINDS.find((k) => k === e.target.value) ?? form.kind })}>
          {ORGANISATION_KINDS.map((k) => <option key={k} value={k}>{t(`orgKind.${k}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>{t('admin.create')}</button>
    </form>
  );
}
