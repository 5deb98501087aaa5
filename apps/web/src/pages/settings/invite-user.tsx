import { useState, type FormEvent } from 'react';
import type { Role } from '../../api/types';
import { SecretOnce } from '../../components/settings-secret-once';
import { useAction } from '../../components/settings-use-action';
import { Button, ErrorNote, Time } from '../../components/ui';
import { Field } from '../sources/field';
import { settingsApi, type Invite } from './settings-api';

/** There is no mail: the admin hands the invite link over themselves, so it is shown once, to copy. */
export function InviteUser({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [invite, setInvite] = useState<Invite | null>(null);
  const send = useAction(async () => {
    setInvite(await settingsApi.invite({ email: email.trim(), role }));
    setEmail('');
    onInvited();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="invite-title">
      <h3 id="invite-title" className="card-title">Invite a user</h3>
      <div className="form-row">
        <Field label="Email" type="email" value={email} onChange={setEmail} required autoComplete="off" placeholder="alice@example.com" hint="No mail is sent: you get a link to hand over." />
        <div className="field field-narrow">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="analyst">Analyst (read only)</option>
            <option value="admin">Admin</option>
          </select>
          <span className="hint">&nbsp;</span>
        </div>
        <div className="form-submit">
          <button type="submit" className="btn btn-primary" disabled={send.busy || !email.trim()}>{send.busy ? 'Inviting…' : 'Invite user'}</button>
          <span className="hint">&nbsp;</span>
        </div>
      </div>
      <ErrorNote error={send.error} title="Not invited" />
      {invite && (
        <div className="created-secret">
          <SecretOnce label="Invite link" value={invite.invite.url}>
            Send it to <strong>{invite.user.email}</strong> yourself; it works once, until <Time value={invite.invite.expiresAt} />.
          </SecretOnce>
          <Button onClick={() => setInvite(null)}>Done, hide the link</Button>
        </div>
      )}
    </form>
  );
}
