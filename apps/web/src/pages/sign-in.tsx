import { useState, type FormEvent } from 'react';
import { useAuth } from '../auth';
import { useAction } from '../components/settings-use-action';
import { ErrorNote } from '../components/ui';
import { useDocumentTitle } from '../hooks';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { signIn } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction(() => signIn(email, password));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <main className="auth-page" id="main">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Teleport audit</h1>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorNote error={error} />
        <button className="btn btn-primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted small">
          The first admin&apos;s email and password were printed by <code>npm start</code> on its first start.
          Other users sign in with the invite link an admin gave them.
        </p>
      </form>
    </main>
  );
}
