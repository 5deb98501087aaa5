import { Fragment, useCallback, useState } from 'react';
import type { Destination } from '../../api/detections-types';
import { destinationsApi } from '../../api/destinations-api';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { SecretOnce } from '../../components/settings-secret-once';
import { useAction } from '../../components/settings-use-action';
import { Badge, Button, Empty, ErrorNote, Loading } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { SeverityBadge } from '../alerts/alert-badges';
import { LastDelivery, RecentDeliveries, TestDelivery } from './destination-activity';
import { createBody, KIND_LABEL, updateBody, type DestinationDraft } from './destination-draft';
import { DestinationForm } from './destination-form';
import '../../components/search-tables.css';
import '../alerts/alerts.css';
import './destinations.css';

type Created = { name: string; signingSecret: string };
type Panel = { id: string; test: string | null; history: boolean };

/** Where alerts are sent: webhooks, Slack, PagerDuty, e-mail. Secrets are written here and never shown again. */
export function DestinationsTab({ isAdmin }: { isAdmin: boolean }) {
  const list = useLoad((signal) => destinationsApi.list(signal), []);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Destination | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [deleting, setDeleting] = useState<Destination | null>(null);
  const [panels, setPanels] = useState<Record<string, Panel>>({});
  const [refresh, setRefresh] = useState(0);
  const bumpRefresh = useCallback(() => setRefresh((r) => r + 1), []);

  const create = useAction(async (draft: DestinationDraft) => {
    const result = await destinationsApi.create(createBody(draft));
    setAdding(false);
    if (result.signingSecret) setCreated({ name: result.destination.name, signingSecret: result.signingSecret });
    list.reload();
  });
  const update = useAction(async (draft: DestinationDraft) => {
    if (!editing) return;
    await destinationsApi.update(editing.id, updateBody(draft));
    setEditing(null);
    list.reload();
  });
  const remove = useAction(async (d: Destination) => {
    await destinationsApi.remove(d.id);
    setDeleting(null);
    list.reload();
  });
  const setEnabled = useAction(async (d: Destination) => {
    try {
      await destinationsApi.update(d.id, { enabled: !d.enabled });
    } finally {
      list.reload();
    }
  });
  const sendTest = useAction(async (d: Destination) => {
    const { delivery } = await destinationsApi.sendTest(d.id);
    setPanels((p) => ({ ...p, [d.id]: { id: d.id, history: p[d.id]?.history ?? false, test: delivery.id } }));
    // The list's "last delivery" catches up once the test has had time to go out.
    window.setTimeout(() => setRefresh((r) => r + 1), 3_000);
  });
  const toggleHistory = (d: Destination) => setPanels((p) => ({ ...p, [d.id]: { id: d.id, test: p[d.id]?.test ?? null, history: !(p[d.id]?.history ?? false) } }));

  const rows = list.data?.data ?? [];
  return (
    <section aria-labelledby="destinations-title" className="settings-section">
      <h2 id="destinations-title" className="visually-hidden">Destinations</h2>
      <p className="muted">
        Where <Link href="/alerts">alerts</Link> are sent as they are raised: a signed webhook, a Slack channel, PagerDuty or e-mail.
        Each takes alerts from a minimum severity up; failed sends are retried with backoff, and every attempt is kept.
      </p>
      {!isAdmin && <p className="note note-info">Only admins can add, change, test or delete destinations.</p>}
      {isAdmin && !adding && !editing && <div><Button variant="primary" onClick={() => { create.reset(); setCreated(null); setAdding(true); }}>Add destination</Button></div>}
      {adding && <DestinationForm editing={null} busy={create.busy} error={create.error} onSubmit={(d) => void create.run(d)} onCancel={() => setAdding(false)} />}
      {editing && <DestinationForm key={editing.id} editing={editing} busy={update.busy} error={update.error} onSubmit={(d) => void update.run(d)} onCancel={() => setEditing(null)} />}
      {created && (
        <div className="created-secret">
          <SecretOnce label="Signing secret" value={created.signingSecret}>
            Webhook <strong>{created.name}</strong> signs every request with it (HMAC-SHA256 in <code>X-TAI-Signature</code>); give it to the receiver so it can verify them.
          </SecretOnce>
          <Button onClick={() => setCreated(null)}>I have copied it, hide the secret</Button>
        </div>
      )}
      <ErrorNote error={list.error} title="Could not load the destinations" />
      <ErrorNote error={setEnabled.error} title="The destination was not changed" />
      <ErrorNote error={sendTest.error} title="The test was not sent" />
      {!list.data && list.loading && <Loading label="Loading destinations" />}
      {list.data && rows.length === 0 && (
        <Empty>
          <p><strong>No destinations.</strong> Alerts are raised and listed on the <Link href="/alerts">alerts</Link> page, but sent nowhere.</p>
          {isAdmin && <p>Add a webhook, Slack, PagerDuty or e-mail destination, then send it a test.</p>}
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap destinations-table">
          <table>
            <caption className="visually-hidden">Alert destinations</caption>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Sends to</th><th scope="col">Minimum severity</th>
                <th scope="col">Enabled</th><th scope="col">Last delivery</th><th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => {
                const panel = panels[d.id];
                return (
                  <Fragment key={d.id}>
                    <tr>
                      <th scope="row" className="row-name">{d.name}</th>
                      <td>{KIND_LABEL[d.kind as keyof typeof KIND_LABEL] ?? d.kind}</td>
                      <td className="target">{targetOf(d)}</td>
                      <td className="severity-cell"><SeverityBadge severity={d.minSeverity} /> <span className="muted small">and above</span></td>
                      <td>{d.enabled ? <Badge tone="good">enabled</Badge> : <Badge tone="neutral">disabled</Badge>}</td>
                      <td className="nowrap"><LastDelivery destinationId={d.id} refreshKey={refresh} /></td>
                      <td className="actions">
                        <div className="row-actions">
                        {isAdmin && (
                          <>
                            <Button className="btn-xs" onClick={() => void sendTest.run(d)} disabled={sendTest.busy} aria-label={`Send test to ${d.name}`}>Send test</Button>
                            <Button className="btn-xs" onClick={() => { update.reset(); setAdding(false); setEditing(d); }} aria-label={`Edit ${d.name}`}>Edit</Button>
                            <Button className="btn-xs" onClick={() => void setEnabled.run(d)} disabled={setEnabled.busy} aria-label={`${d.enabled ? 'Disable' : 'Enable'} ${d.name}`}>{d.enabled ? 'Disable' : 'Enable'}</Button>
                            <Button className="btn-xs" variant="danger" onClick={() => { remove.reset(); setDeleting(d); }} aria-label={`Delete ${d.name}`}>Delete</Button>
                          </>
                        )}
                        <Button className="btn-xs" variant="ghost" aria-expanded={panel?.history ?? false} onClick={() => toggleHistory(d)} aria-label={`Recent deliveries to ${d.name}`}>Deliveries</Button>
                        </div>
                      </td>
                    </tr>
                    {panel && (panel.test || panel.history) && (
                      <tr className="destination-panel">
                        <td colSpan={7}>
                          {panel.test && <TestDelivery key={panel.test} deliveryId={panel.test} name={d.name} />}
                          {panel.history && <RecentDeliveries destinationId={d.id} refreshKey={refresh} onSettled={bumpRefresh} />}
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog open={deleting !== null} title={`Delete ${deleting?.name ?? 'this destination'}?`} confirmLabel="Delete destination" busy={remove.busy} error={remove.error}
        onCancel={() => setDeleting(null)} onConfirm={() => { if (deleting) void remove.run(deleting); }}>
        <p>Alerts are no longer sent there, and its deliveries, pending ones included, are deleted with it.</p>
      </ConfirmDialog>
    </section>
  );
}

/** Where it sends, without anything secret: a webhook's URL, a Slack label, an e-mail's recipients. */
function targetOf(d: Destination): string {
  const c = d.config;
  if (d.kind === 'webhook') return typeof c.url === 'string' ? c.url : '—';
  if (d.kind === 'slack') return typeof c.channelLabel === 'string' ? c.channelLabel : 'Slack incoming webhook';
  if (d.kind === 'pagerduty') return 'PagerDuty Events API v2';
  if (d.kind === 'email') return Array.isArray(c.to) ? c.to.join(', ') : '—';
  return '—';
}
