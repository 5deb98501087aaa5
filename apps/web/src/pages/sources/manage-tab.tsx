import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { useAction } from '../../components/settings-use-action';
import { Button, ErrorNote } from '../../components/ui';
import { navigate } from '../../router';
import { Field } from './field';
import { RotateToken } from './rotate-token';
import { sourcesApi, type SourceDetail } from './sources-api';

type Props = { source: SourceDetail; isAdmin: boolean; onChanged: () => void };

export function ManageTab({ source, isAdmin, onChanged }: Props) {
  if (!isAdmin) {
    return <p className="note note-info">Only admins can rename a source, rotate its token or delete it.</p>;
  }
  return (
    <div className="manage-sections">
      <RenameSource source={source} onChanged={onChanged} />
      {source.type === 'teleport_webhook' && <WebhookDefaults source={source} onChanged={onChanged} />}
      {source.type === 'teleport_webhook' && <RotateToken source={source} onChanged={onChanged} />}
      <DeleteSource source={source} />
    </div>
  );
}

function RenameSource({ source, onChanged }: { source: SourceDetail; onChanged: () => void }) {
  const [name, setName] = useState(source.name);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await sourcesApi.update(source.id, { name: name.trim() });
    setSaved(true);
    onChanged();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void save.run();
  };
  return (
    <section className="card" aria-labelledby="rename-title">
      <h3 id="rename-title" className="card-title">Rename</h3>
      <form className="form-row fields-row" onSubmit={submit}>
        <Field label="Name" value={name} onChange={(v) => { setName(v); setSaved(false); }} required maxLength={200}
          hint="How the source is shown here and in searches (source:<name>)." />
        <div className="form-submit">
          <button type="submit" className="btn" disabled={save.busy || !name.trim() || name.trim() === source.name}>{save.busy ? 'Saving…' : 'Save name'}</button>
        </div>
      </form>
      {saved && <p className="note note-info" role="status">Renamed.</p>}
      <ErrorNote error={save.error} title="Not renamed" />
    </section>
  );
}

function WebhookDefaults({ source, onChanged }: { source: SourceDetail; onChanged: () => void }) {
  const initial = typeof source.config.clusterName === 'string' ? source.config.clusterName : '';
  const [clusterName, setClusterName] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    // PATCH replaces the whole config; a webhook config holds only clusterName.
    await sourcesApi.update(source.id, { config: clusterName.trim() ? { clusterName: clusterName.trim() } : {} });
    setSaved(true);
    onChanged();
  });
  return (
    <section className="card" aria-labelledby="defaults-title">
      <h3 id="defaults-title" className="card-title">Events without a cluster</h3>
      <form className="form-row fields-row" onSubmit={(e) => { e.preventDefault(); setSaved(false); void save.run(); }}>
        <Field label="Default cluster" value={clusterName} onChange={(v) => { setClusterName(v); setSaved(false); }} maxLength={200}
          hint="Given to events that carry no cluster_name; leave empty for none." />
        <div className="form-submit">
          <button type="submit" className="btn" disabled={save.busy || clusterName.trim() === initial}>{save.busy ? 'Saving…' : 'Save default cluster'}</button>
        </div>
      </form>
      {saved && <p className="note note-info" role="status">Saved.</p>}
      <ErrorNote error={save.error} title="Not saved" />
    </section>
  );
}

function DeleteSource({ source }: { source: SourceDetail }) {
  const [open, setOpen] = useState(false);
  const remove = useAction(async () => {
    await sourcesApi.remove(source.id);
    navigate('/sources');
  });
  return (
    <section className="card danger-zone" aria-labelledby="delete-title">
      <h3 id="delete-title" className="card-title">Delete this source</h3>
      <p className="muted">
        {source.type === 'teleport_webhook' ? 'Its token stops working at once, so senders still using it get errors. ' : 'Its bucket is no longer read. '}
        The events it stored are kept and stay searchable.
      </p>
      <Button variant="danger" onClick={() => { remove.reset(); setOpen(true); }}>Delete source</Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${source.name}?`}
        confirmLabel="Delete source"
        busy={remove.busy}
        error={remove.error}
        onCancel={() => setOpen(false)}
        onConfirm={() => void remove.run()}
      >
        <p>
          {source.type === 'teleport_webhook'
            ? 'Senders pointed at this source start failing immediately.'
            : 'New objects in the bucket are no longer read.'}{' '}
          Its events stay. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
