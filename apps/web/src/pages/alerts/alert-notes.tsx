import { useState, type FormEvent } from 'react';
import { alertsApi } from '../../api/alerts-api';
import type { AlertNote } from '../../api/detections-types';
import { useAuth } from '../../auth';
import { useAction } from '../../components/settings-use-action';
import { ErrorNote, Time } from '../../components/ui';

const MAX_NOTE = 2000;

/** What people wrote on the alert while triaging it, oldest first, and a box for admins to add one. */
export function AlertNotes({ alertId, notes, onChanged }: { alertId: string; notes: AlertNote[]; onChanged: () => void }) {
  const { isAdmin } = useAuth();
  const [text, setText] = useState('');
  const [added, setAdded] = useState(false);
  const add = useAction(async () => {
    await alertsApi.addNote(alertId, text.trim());
    setText('');
    setAdded(true);
    onChanged();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(false);
    if (text.trim()) void add.run();
  };
  return (
    <section className="alert-section card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {notes.length === 0 ? <p className="muted">No notes yet.</p> : (
        <ol className="alert-notes">
          {notes.map((n) => (
            <li key={n.id}>
              <p className="alert-note-meta"><strong>{n.author}</strong> <Time value={n.createdAt} /></p>
              <p className="alert-note-text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      {isAdmin ? (
        <form className="alert-note-form" onSubmit={submit}>
          <label htmlFor={`note-${alertId}`}>Add a note</label>
          <textarea id={`note-${alertId}`} value={text} maxLength={MAX_NOTE} rows={3} onChange={(e) => { setText(e.target.value); setAdded(false); }}
            placeholder="What you found, who you asked, what happens next" />
          <div className="form-row">
            <button type="submit" className="btn" disabled={add.busy || !text.trim()}>{add.busy ? 'Adding…' : 'Add note'}</button>
          </div>
        </form>
      ) : <p className="hint">Only admins can add notes.</p>}
      <p className="visually-hidden" role="status">{added ? 'Note added' : ''}</p>
      <ErrorNote error={add.error} title="The note was not added" />
    </section>
  );
}
