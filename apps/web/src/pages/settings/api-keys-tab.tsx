import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { SecretOnce } from '../../components/settings-secret-once';
import { useAction } from '../../components/settings-use-action';
import { Badge, Button, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Field } from '../sources/field';
import { settingsApi, type ApiKey, type CreatedApiKey } from './settings-api';

export function ApiKeysTab({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <p className="note note-info">Only admins can see and manage API keys.</p>;
  return <ApiKeys />;
}

function ApiKeys() {
  const keys = useLoad((signal) => settingsApi.apiKeys(signal), []);
  // The secret lives only here, until the user dismisses it or leaves the page.
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useAction(async (key: ApiKey) => {
    await settingsApi.revokeApiKey(key.id);
    setRevoking(null);
    keys.reload();
  });

  const list = keys.data?.data ?? [];
  const active = list.filter((k) => !k.revokedAt);
  const revoked = list.filter((k) => k.revokedAt);
  return (
    <section aria-labelledby="api-keys-title" className="settings-section">
      <h2 id="api-keys-title" className="visually-hidden">API keys</h2>
      <p className="muted">
        Keys for scripts and automation, sent as <code>Authorization: Bearer &lt;key&gt;</code> to the REST API (reference at <a href="/docs">/docs</a>).
        Reader keys may only read; admin keys may do everything.
      </p>
      <CreateApiKey onCreated={(result) => { setCreated(result); keys.reload(); }} />
      {created && (
        <div className="created-secret">
          <SecretOnce label="API key" value={created.secret}>
            Key <strong>{created.apiKey.name}</strong> ({created.apiKey.role}).
          </SecretOnce>
          <Button onClick={() => setCreated(null)}>I have copied it, hide the key</Button>
        </div>
      )}
      <ErrorNote error={keys.error} title="Could not load the API keys" />
      {!keys.data && keys.loading && <Loading label="Loading API keys" />}
      {keys.data && list.length === 0 && <Empty>No API keys.</Empty>}
      {active.length > 0 && <KeyTable keys={active} caption="Active API keys" onRevoke={(key) => { revoke.reset(); setRevoking(key); }} />}
      {revoked.length > 0 && (
        <details className="revoked-keys">
          <summary>{revoked.length} revoked {revoked.length === 1 ? 'key' : 'keys'}</summary>
          <KeyTable keys={revoked} caption="Revoked API keys" />
        </details>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'this key'}?`}
        confirmLabel="Revoke key"
        busy={revoke.busy}
        error={revoke.error}
        onCancel={() => setRevoking(null)}
        onConfirm={() => { if (revoking) void revoke.run(revoking); }}
      >
        <p>It stops working at once: every script or integration using <code>{revoking?.prefix}…</code> gets 401 from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}

function CreateApiKey({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<'reader' | 'admin'>('reader');
  const create = useAction(async () => {
    onCreated(await settingsApi.createApiKey({ name: name.trim(), role }));
    setName('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <form className="card settings-form" onSubmit={submit} aria-labelledby="create-key-title">
      <h3 id="create-key-title" className="card-title">New API key</h3>
      <div className="form-row">
        <Field label="Key name" value={name} onChange={setName} required maxLength={200} placeholder="siem-export" hint="What uses it, so you know what breaks if you revoke it." />
        <div className="field field-narrow">
          <label htmlFor="api-key-role">Role</label>
          <select id="api-key-role" value={role} onChange={(e) => setRole(e.target.value as 'reader' | 'admin')}>
            <option value="reader">Reader (read only)</option>
            <option value="admin">Admin</option>
          </select>
          <span className="hint">&nbsp;</span>
        </div>
        <div className="form-submit">
          <button type="submit" className="btn btn-primary" disabled={create.busy || !name.trim()}>{create.busy ? 'Creating…' : 'Create API key'}</button>
          <span className="hint">&nbsp;</span>
        </div>
      </div>
      <ErrorNote error={create.error} title="The key was not created" />
    </form>
  );
}

function KeyTable({ keys, caption, onRevoke }: { keys: ApiKey[]; caption: string; onRevoke?: (key: ApiKey) => void }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Key</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">{onRevoke ? <span className="visually-hidden">Actions</span> : 'Revoked'}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row" className="row-name">{key.name}</th>
              <td><Badge tone={key.role === 'admin' ? 'warn' : 'neutral'}>{key.role}</Badge></td>
              <td><code>{key.prefix}…</code></td>
              <td><Time value={key.createdAt} /></td>
              <td>{key.lastUsedAt ? <Time value={key.lastUsedAt} /> : <span className="muted">never</span>}</td>
              <td className="actions">
                {onRevoke
                  ? <Button variant="danger" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name} (${key.prefix}…)`}>Revoke</Button>
                  : <Time value={key.revokedAt} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
