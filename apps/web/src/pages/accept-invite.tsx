import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useAuth } from '../auth';
import { useAction } from '../components/settings-use-action';
import { ErrorNote, Loading } from '../components/ui';
import { useDocumentTitle, useLoad } from '../hooks';
import { navigate } from '../router';

type Invite = { email: string; role: string; expiresAt: string };

export function AcceptInvitePage({ token }: { token: string }) {
  useDocumentTitle('Accept invite');
  const { acceptInvite } = useAuth();
  const invite = useLoad((signal) => api.get<Invite>(`/v1/auth/invites/${encodeURIComponent(token)}`, undefined, signal), [token]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction(async () => {
    await acceptInvite(token, password, name);
    navigate('/search', { replace: true });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <main className="auth-page" id="main">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="invite-title">
        <h1 id="invite-title">Join Teleport audit</h1>
        {invite.loading && <Loading />}
        <ErrorNote error={invite.error} />
        {Boolean(invite.error) && <p><a href="/">Go to sign in</a> if you have set your password already.</p>}
        {invite.data && (
          <>
            <p>You were invited as <strong>{invite.data.email}</strong> ({invite.data.role}). Choose a password to finish.</p>
            <label>
              Your name
              <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Password (at least 12 characters)
              <input type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
            <ErrorNote error={error} />
            <button className="btn btn-primary" type="submit" disabled={busy}>{busy ? 'Creating account…' : 'Create account'}</button>
          </>
        )}
      </form>
    </main>
  );
}
