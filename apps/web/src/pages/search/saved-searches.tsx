import { useState, type FormEvent } from 'react';
import { useAuth } from '../../auth';
import { searchHref } from '../../components/search-link';
import { describeRange } from '../../components/time-range';
import { Button, ErrorNote } from '../../components/ui';
import { Link } from '../../router';
import { deleteSavedSearch } from './search-api';
import type { SavedSearch } from './search-types';

type Props = { items: SavedSearch[] | undefined; error: unknown; onChanged: () => void; current: { q: string; from: string; to: string } };

const hrefOf = (s: SavedSearch) => searchHref({ q: s.query || undefined, from: s.from ?? undefined, to: s.to ?? undefined });

/** Named queries of the tenant; anyone opens them, admins delete them (with a second click to confirm). */
export function SavedSearchList({ items, error, onChanged, current }: Props) {
  const { isAdmin } = useAuth();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const remove = async (s: SavedSearch) => {
    setFailure(null);
    try {
      await deleteSavedSearch(s.id);
      setConfirming(null);
      onChanged();
    } catch (err) {
      setFailure(err);
    }
  };
  if (error) return <ErrorNote error={error} title="Saved searches" />;
  if (!items) return null;
  return (
    <div className="saved-searches">
      {items.length === 0 && <p className="muted small">None yet.{isAdmin ? ' Use “Save search” to keep this query and range.' : ' An admin can save searches for the team.'}</p>}
      <ul>
        {items.map((s) => {
          const active = s.query === current.q && (s.from ?? '') === current.from && (s.to ?? '') === current.to;
          return (
            <li key={s.id} className={active ? 'is-active' : undefined}>
              <Link href={hrefOf(s)} title={`${s.query || '(everything)'} · ${describeRange({ from: s.from ?? '', to: s.to ?? '' })}`} aria-current={active ? 'true' : undefined}>
                {s.name}
              </Link>
              {isAdmin && (confirming === s.id ? (
                <span className="confirm">
                  <Button variant="danger" className="btn-xs" onClick={() => void remove(s)} aria-label={`Confirm deleting ${s.name}`}>Delete</Button>
                  <Button variant="ghost" className="btn-xs" onClick={() => setConfirming(null)}>Keep</Button>
                </span>
              ) : (
                <Button variant="ghost" className="btn-xs" onClick={() => setConfirming(s.id)} aria-label={`Delete saved search ${s.name}`} title="Delete">×</Button>
              ))}
            </li>
          );
        })}
      </ul>
      <ErrorNote error={failure} />
    </div>
  );
}

/** The admin's "save this search" form: the current query and range under a name. */
export function SaveSearchForm({ onSave, onCancel }: { onSave: (name: string) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) { setError(new Error('Give the search a name.')); return; }
    setBusy(true);
    setError(null);
    try {
      await onSave(name.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="save-search card" onSubmit={(e) => void submit(e)} aria-label="Save search">
      <label>
        Saved search name
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={200} placeholder="Root logins on prod" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }} />
      </label>
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>Save</button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
