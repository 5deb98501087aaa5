import { useEffect, useState, type FormEvent } from 'react';
import { useAction } from '../../components/settings-use-action';
import { ErrorNote, Loading } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Field } from '../sources/field';
import { settingsApi } from './settings-api';

const MIN_DAYS = 1;
const MAX_DAYS = 3650;

/** How long this tenant's events are kept; admins change it, everyone sees it. */
export function RetentionTab({ isAdmin }: { isAdmin: boolean }) {
  const settings = useLoad((signal) => settingsApi.tenantSettings(signal), []);
  const [days, setDays] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.retentionDays));
  }, [settings.data]);
  const save = useAction(async (retentionDays: number) => {
    await settingsApi.updateTenantSettings({ retentionDays });
    setSaved(true);
    settings.reload();
  });

  const value = Number(days);
  const valid = Number.isInteger(value) && value >= MIN_DAYS && value <= MAX_DAYS;
  const current = settings.data?.retentionDays ?? null;
  const shorter = current !== null && valid && value < current;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) void save.run(value);
  };
  return (
    <section aria-labelledby="retention-title" className="settings-section">
      <h2 id="retention-title" className="visually-hidden">Retention</h2>
      <p className="muted">
        Events older than this are deleted, with their histogram counts, session summaries and access-request links.
        The worker applies it about once an hour.
      </p>
      <ErrorNote error={settings.error} title="Could not load the retention" />
      {!settings.data && settings.loading && <Loading label="Loading the retention" />}
      {settings.data && (
        <form className="card settings-form" onSubmit={submit} aria-labelledby="retention-form-title">
          <h3 id="retention-form-title" className="card-title">Keep events for</h3>
          <div className="form-row">
            <Field
              label="Days" className="field-narrow" type="number" inputMode="numeric" min={MIN_DAYS} max={MAX_DAYS} value={days} disabled={!isAdmin}
              onChange={(v) => { setDays(v); setSaved(false); save.reset(); }}
              error={days && !valid ? `A whole number of days, ${MIN_DAYS}-${MAX_DAYS}` : undefined}
              hint={isAdmin ? `${MIN_DAYS}-${MAX_DAYS} days; the default is 365.` : 'Only admins can change it.'}
            />
            {isAdmin && (
              <div className="form-submit">
                <button type="submit" className="btn btn-primary" disabled={save.busy || !valid || value === current}>{save.busy ? 'Saving…' : 'Save'}</button>
                <span className="hint">&nbsp;</span>
              </div>
            )}
          </div>
          {shorter && <p className="note note-warn">Events older than {value} days will be deleted at the next retention run. This cannot be undone.</p>}
          {saved && !save.error && <p className="note note-info" role="status">Saved: events are kept for {current} days.</p>}
          <ErrorNote error={save.error} title="The retention was not changed" />
        </form>
      )}
    </section>
  );
}
