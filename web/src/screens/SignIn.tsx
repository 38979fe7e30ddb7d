import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n';
import { ApiError } from '../api/client';
import { useTitle } from '../hooks';
import { navigate } from '../router';
import { useSession } from '../session';

export function SignIn() {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      navigate(new URLSearchParams(window.location.search).get('next') ?? '/');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t('signIn.throttled') : t('signIn.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.help')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error && <p role="alert" className="alert error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('signIn.submit')}</button>
      </form>
    </section>
  );
}
