import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { useAction } from '../../components/settings-use-action';
import { Badge, Button, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { useLoad } from '../../hooks';
import { InviteUser } from './invite-user';
import { settingsApi, type User } from './settings-api';

const STATUS_TONE = { active: 'good', invited: 'info', disabled: 'neutral' } as const;

export function UsersTab({ isAdmin, currentUserId }: { isAdmin: boolean; currentUserId: string | null }) {
  // GET /v1/users is admin-only; asking anyway would only log a 403 in the console.
  if (!isAdmin) return <p className="note note-info">Only admins can see and manage the users of this tenant.</p>;
  return <Users currentUserId={currentUserId} />;
}

function Users({ currentUserId }: { currentUserId: string | null }) {
  const users = useLoad((signal) => settingsApi.users(signal), []);
  const forbidden = users.error instanceof ApiError && users.error.status === 403;
  return (
    <section aria-labelledby="users-title" className="settings-section">
      <h2 id="users-title" className="visually-hidden">Users</h2>
      <p className="muted">People who sign in to this dashboard. Admins manage sources, keys and users; analysts search and read.</p>
      <InviteUser onInvited={users.reload} />
      {forbidden
        ? <p className="note note-info">Only admins can see the users of this tenant.</p>
        : <ErrorNote error={users.error} title="Could not load the users" />}
      {!users.data && users.loading && <Loading label="Loading users" />}
      {users.data && users.data.data.length === 0 && <Empty>No users yet.</Empty>}
      {users.data && users.data.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last sign-in</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((user) => (
                <UserRow key={user.id} user={user} isSelf={user.id === currentUserId} onChanged={users.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UserRow({ user: initial, isSelf, onChanged }: { user: User; isSelf: boolean; onChanged: () => void }) {
  const [user, setUser] = useState(initial);
  const [confirmDisable, setConfirmDisable] = useState(false);
  const update = useAction(async (changes: { disabled?: boolean; role?: Role }) => {
    setUser(await settingsApi.updateUser(user.id, changes));
    setConfirmDisable(false);
    onChanged();
  });
  // Changing your own role or disabling yourself could lock the tenant out of its last admin.
  const locked = isSelf;
  const reason = 'You cannot change your own role or disable yourself here';
  const disabled = user.status === 'disabled';

  return (
    <tr>
      <th scope="row" className="row-name">{user.email}{isSelf && <span className="muted"> (you)</span>}</th>
      <td>{user.name ?? <span className="muted">—</span>}</td>
      <td>
        {locked
          ? <span title={reason}><Badge tone={user.role === 'admin' ? 'warn' : 'neutral'}>{user.role}</Badge></span>
          : (
            <select aria-label={`Role of ${user.email}`} value={user.role} disabled={update.busy}
              onChange={(e) => void update.run({ role: e.target.value as Role })}>
              <option value="admin">admin</option>
              <option value="analyst">analyst</option>
            </select>
          )}
      </td>
      <td><Badge tone={STATUS_TONE[user.status] ?? 'neutral'}>{user.status}</Badge></td>
      <td><Time value={user.createdAt} /></td>
      <td>{user.lastSignInAt ? <Time value={user.lastSignInAt} /> : <span className="muted">never</span>}</td>
      <td className="actions">
        {locked
          ? <span className="muted small">{reason}</span>
          : disabled
            ? <Button onClick={() => void update.run({ disabled: false })} disabled={update.busy} aria-label={`Enable ${user.email}`}>Enable</Button>
            : <Button variant="danger" onClick={() => { update.reset(); setConfirmDisable(true); }} disabled={update.busy} aria-label={`Disable ${user.email}`}>Disable</Button>}
        {update.error && !confirmDisable ? <ErrorNote error={update.error} /> : null}
        <ConfirmDialog
          open={confirmDisable}
          title={`Disable ${user.email}?`}
          confirmLabel="Disable user"
          busy={update.busy}
          error={update.error}
          onCancel={() => setConfirmDisable(false)}
          onConfirm={() => void update.run({ disabled: true })}
        >
          <p>They are signed out and can no longer sign in. You can enable them again later.</p>
        </ConfirmDialog>
      </td>
    </tr>
  );
}
