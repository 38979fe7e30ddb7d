import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap, type User } from '../api/client';
import { ErrorMessage, Loading } from '../components/feedback';
import { useLoad, useTitle } from '../hooks';
import { formatDate } from '../i18n';
import { useSession } from '../session';

const ROLES = ['platform_admin', 'agency_representative', 'coordinator', 'im_officer', 'partner_reporter', 'case_worker', 'protection_focal_point', 'viewer'] as const;
const ORG_KINDS = ['un_agency', 'government', 'asylum_authority', 'statistics_office', 'coordination_platform', 'ngo', 'academic', 'other'] as const;

/** Accounts, organisations and roles, for the platform administrator (the API refuses anyone else). */
export function Admin() {
  const { t } = useTranslation();
  useTitle(t('admin.title'));
  const { hasRole, user } = useSession();
  const users = useLoad(() => unwrap(api.GET('/api/v1/users')), [user?.id]);
  const orgs = useLoad(() => unwrap(api.GET('/api/v1/organisations', { params: { query: { format: 'json' } } })), []);
  if (user === undefined) return <Loading />;
  if (!hasRole('platform_admin')) return <><h1>{t('admin.title')}</h1><p role="alert" className="alert error">{t('admin.forbidden')}</p></>;
  const orgList = (orgs.data ?? []) as Array<{ id: string; slug: string; name: string; kind: string }>;
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{t('admin.users')}</h2>
        <ErrorMessage error={users.error} />
        {users.data ? <UsersTable users={users.data} orgs={orgList} onChange={users.reload} /> : <Loading />}
        <NewUser onCreated={users.reload} />
      </section>
      <section aria-labelledby="orgs-heading">
        <h2 id="orgs-heading">{t('admin.organisations')}</h2>
        <ErrorMessage error={orgs.error} />
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('admin.slug')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.kind')}</th></tr></thead>
            <tbody>{orgList.map((o) => <tr key={o.id}><td>{o.slug}</td><td>{o.name}</td><td>{t(`orgKind.${o.kind}`, { defaultValue: o.kind })}</td></tr>)}</tbody>
          </table>
        </div>
        <NewOrganisation onCreated={orgs.reload} />
      </section>
    </>
  );
}

function UsersTable({ users, orgs, onChange }: { users: User[]; orgs: Array<{ slug: string; name: string }>; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const act = async (p: Promise<unknown>) => { setError(null); try { await p; onChange(); } catch (e) { setError(e); } };
  return (
    <>
      <ErrorMessage error={error} />
      <div className="table-wrap">
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
                        {m.orgSlug}: {t(`roles.${m.role}`, { defaultValue: m.role })}{' '}
                        <button type="button" className="link" onClick={() => void act(unwrap(api.DELETE('/api/v1/memberships/{id}', { params: { path: { id: m.id } } })))}
                          aria-label={t('admin.removeRoleOf', { role: t(`roles.${m.role}`), org: m.orgSlug, name: u.displayName })}>{t('admin.remove')}</button>
                      </li>
                    ))}
                  </ul>
                  <AddRole user={u} orgs={orgs} onAdded={onChange} />
                </td>
                <td>
                  <button type="button" onClick={() => void act(unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: u.id } }, body: { status: u.status === 'active' ? 'disabled' : 'active' } })))}>
                    {u.status === 'active' ? t('admin.disable') : t('admin.enable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AddRole({ user, orgs, onAdded }: { user: User; orgs: Array<{ slug: string; name: string }>; onAdded: () => void }) {
  const { t } = useTranslation();
  const [org, setOrg] = useState('');
  const [role, setRole] = useState<string>('viewer');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/users/{id}/memberships', { params: { path: { id: user.id } }, body: { organisation: org, role: role as (typeof ROLES)[number] } }));
      onAdded();
    } catch (err) { setError(err); }
  };
  const id = `add-${user.id}`;
  return (
    <form onSubmit={submit} className="inline" aria-label={t('admin.addRoleFor', { name: user.displayName })}>
      <label htmlFor={`${id}-org`} className="visually-hidden">{t('admin.organisation')}</label>
      <select id={`${id}-org`} value={org} onChange={(e) => setOrg(e.target.value)}>
        <option value="">{t('admin.organisation')}</option>
        {orgs.map((o) => <option key={o.slug} value={o.slug}>{o.slug}</option>)}
      </select>
      <label htmlFor={`${id}-role`} className="visually-hidden">{t('admin.role')}</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
        {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
      <button type="submit">{t('admin.addRole')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ email: '', displayName: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null); setDone(false);
    try {
      await unwrap(api.POST('/api/v1/users', { body: form }));
      setForm({ email: '', displayName: '', password: '' });
      setDone(true);
      onCreated();
    } catch (err) { setError(err); }
  };
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
      {done && <p role="status" className="alert success">{t('admin.userCreated')}</p>}
      <button type="submit" className="primary">{t('admin.create')}</button>
    </form>
  );
}

function NewOrganisation({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<{ slug: string; name: string; kind: (typeof ORG_KINDS)[number] }>({ slug: '', name: '', kind: 'ngo' });
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/organisations', { body: form }));
      setForm({ slug: '', name: '', kind: 'ngo' });
      onCreated();
    } catch (err) { setError(err); }
  };
  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-org-heading" noValidate>
      <h3 id="new-org-heading">{t('admin.newOrganisation')}</h3>
      <div className="field"><label htmlFor="no-slug">{t('admin.slug')}</label><input id="no-slug" value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} /></div>
      <div className="field"><label htmlFor="no-name">{t('admin.name')}</label><input id="no-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></div>
      <div className="field">
        <label htmlFor="no-kind">{t('admin.kind')}</label>
        <select id="no-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: ORG_KINDS.find((k) => k === e.target.value) ?? 'other' })}>
          {ORG_KINDS.map((k) => <option key={k} value={k}>{t(`orgKind.${k}`)}</option>)}
        </select>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="primary">{t('admin.create')}</button>
    </form>
  );
}
