import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { DESTINATION_KINDS, SEVERITIES, type Destination, type DestinationKind, type Severity } from '../../api/detections-types';
import { Button, ErrorNote } from '../../components/ui';
import { Field } from '../sources/field';
import { draftOf, draftProblems, emptyDraft, KIND_LABEL, type DestinationDraft } from './destination-draft';

type Props = {
  /** the destination edited, or null to add one */
  editing: Destination | null;
  busy: boolean;
  error: unknown;
  onSubmit: (draft: DestinationDraft) => void;
  onCancel: () => void;
};

const SEVERITY_HINT = 'Alerts of this severity and above are sent here.';

/** Add or edit a destination. Secret inputs are password fields, never prefilled: the API does not return secrets. */
export function DestinationForm({ editing, busy, error, onSubmit, onCancel }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<DestinationDraft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const [touched, setTouched] = useState(false);
  const problems = draftProblems(draft, editing);
  const shown = (field: keyof DestinationDraft) => (touched ? problems[field] : undefined);
  const set = <K extends keyof DestinationDraft>(key: K) => (value: DestinationDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const stored = (field: string) => editing?.secret.fields.includes(field) ?? false;
  const secretHint = (field: string, fallback: ReactNode) => (stored(field) ? 'A value is stored; leave empty to keep it, or type a new one to replace it.' : fallback);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length === 0) onSubmit(draft);
  };

  return (
    <form className="card settings-form destination-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`} className="card-title">{editing ? `Edit ${editing.name}` : 'Add a destination'}</h3>
      {!editing && (
        <fieldset className="kind-choice">
          <legend>Kind</legend>
          {DESTINATION_KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name={`${id}-kind`} value={k} checked={draft.kind === k} onChange={() => setDraft((d) => ({ ...d, kind: k as DestinationKind }))} />
              <span className="choice-label">{KIND_LABEL[k]}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="form-row fields-row">
        <Field label="Name" value={draft.name} onChange={set('name')} maxLength={200} placeholder="soc-webhook" error={shown('name')} hint="Shown on alerts' deliveries." />
        <div className="field field-narrow">
          <label htmlFor={`${id}-severity`}>Minimum severity</label>
          <select id={`${id}-severity`} value={draft.minSeverity} onChange={(e) => set('minSeverity')(e.target.value as Severity)} aria-describedby={`${id}-severity-hint`}>
            {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
          <span id={`${id}-severity-hint`} className="hint">{SEVERITY_HINT}</span>
        </div>
      </div>

      {draft.kind === 'webhook' && (
        <Field label="URL" type="url" value={draft.url} onChange={set('url')} placeholder="https://receiver.example.com/teleport-alerts" error={shown('url')}
          hint={editing ? 'Requests are signed with the secret shown when the destination was created.' : 'Each alert is POSTed as JSON, signed (X-TAI-Signature) with a secret generated now and shown once.'} />
      )}
      {draft.kind === 'slack' && (
        <div className="form-row fields-row">
          <Field label="Slack webhook URL" type="password" autoComplete="off" value={draft.slackWebhookUrl} onChange={set('slackWebhookUrl')} placeholder="https://hooks.slack.com/services/…"
            error={shown('slackWebhookUrl')} hint={secretHint('webhookUrl', 'An incoming webhook of the channel; the URL is the credential, so it is kept sealed.')} />
          <Field label="Channel label" value={draft.channelLabel} onChange={set('channelLabel')} maxLength={80} placeholder="#soc-alerts" className="field-narrow" hint="Optional, for your reference." />
        </div>
      )}
      {draft.kind === 'pagerduty' && (
        <Field label="Routing key" type="password" autoComplete="off" value={draft.routingKey} onChange={set('routingKey')} error={shown('routingKey')}
          hint={secretHint('routingKey', 'The integration key of an Events API v2 integration on the service (32 characters).')} />
      )}
      {draft.kind === 'email' && (
        <>
          <div className="form-row fields-row">
            <Field label="SMTP host" value={draft.host} onChange={set('host')} placeholder="smtp.example.com" error={shown('host')} />
            <Field label="Port" inputMode="numeric" value={draft.port} onChange={set('port')} className="field-narrow" error={shown('port')} hint="587 for STARTTLS, 465 for TLS" />
            <div className="field field-narrow">
              <label htmlFor={`${id}-tls`}>TLS</label>
              <select id={`${id}-tls`} value={draft.tls} onChange={(e) => set('tls')(e.target.value as DestinationDraft['tls'])}>
                <option value="starttls">STARTTLS (required)</option>
                <option value="tls">TLS from the start</option>
                <option value="none">None (plain text)</option>
              </select>
              <span className="hint">&nbsp;</span>
            </div>
          </div>
          <div className="form-row fields-row">
            <Field label="From" type="email" value={draft.from} onChange={set('from')} placeholder="teleport-audit@example.com" error={shown('from')} />
            <Field label="To" value={draft.to} onChange={set('to')} placeholder="soc@example.com, oncall@example.com" error={shown('to')} hint="Up to 20 addresses, separated by commas." />
          </div>
          <div className="form-row fields-row">
            <Field label="Username" autoComplete="off" value={draft.username} onChange={set('username')} error={shown('username')} hint="Optional: when the server wants a login." />
            <Field label="Password" type="password" autoComplete="new-password" value={draft.password} onChange={set('password')} hint={secretHint('password', 'Optional; kept sealed.')} />
          </div>
        </>
      )}
      <label className="choice checkbox-line">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
        <span>Enabled: send alerts here</span>
      </label>
      <ErrorNote error={error} title={editing ? 'The destination was not changed' : 'The destination was not created'} />
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : editing ? 'Save changes' : 'Add destination'}</button>
        <Button onClick={onCancel} disabled={busy}>Cancel</Button>
      </div>
    </form>
  );
}
