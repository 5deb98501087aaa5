import { useEffect, useRef, useState } from 'react';
import type { Delivery } from '../../api/detections-types';
import { destinationsApi } from '../../api/destinations-api';
import { useAuth } from '../../auth';
import { useAction } from '../../components/settings-use-action';
import { ErrorNote, Loading, Time } from '../../components/ui';
import { useInterval, useLoad } from '../../hooks';
import { Link } from '../../router';
import { AttemptTable, DeliveryStatus } from '../alerts/alert-deliveries';
import { RelativeTime } from '../alerts/relative-time';
import { useDeliveryWatch } from './use-delivery-watch';

/** A test notice on its way: pending while the worker sends it, then its answer. */
export function TestDelivery({ deliveryId, name }: { deliveryId: string; name: string }) {
  const { delivery, error, gaveUp } = useDeliveryWatch(deliveryId);
  return (
    <div className="test-delivery">
      <ErrorNote error={error} title="Could not follow the test delivery" />
      {!delivery && !error && <Loading label={`Sending a test notice to ${name}`} />}
      {delivery && (
        <>
          <p className="test-delivery-head" role="status">
            Test notice to <strong>{name}</strong>: <DeliveryStatus status={delivery.status} />
            {delivery.status === 'delivered' && <> {delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : ''} at <Time value={delivery.deliveredAt} /></>}
            {delivery.status === 'failed' && delivery.lastError && <> <span className="bad-text">{delivery.lastError}</span></>}
            {delivery.status === 'pending' && (gaveUp
              ? <> still pending after a minute: is the worker running, with the same SECRETS_ENCRYPTION_KEY as the API?</>
              : <> waiting for the worker{delivery.attempts > 0 ? `, attempt ${delivery.attempts + 1} next` : ''}…</>)}
          </p>
          <AttemptTable attempts={delivery.attemptLog ?? []} caption={`Attempts of the test notice to ${name}`} />
        </>
      )}
    </div>
  );
}

// While a delivery is pending (a retry on its way) the list is read again this often, to show its answer.
const PENDING_POLL_MS = 2_000;

/** The destination's latest deliveries, alerts and tests; an admin retries a failed one from here. */
export function RecentDeliveries({ destinationId, refreshKey, onSettled }: { destinationId: string; refreshKey: number; onSettled?: () => void }) {
  const { isAdmin } = useAuth();
  const list = useLoad((signal) => destinationsApi.deliveries(destinationId, 10, signal), [destinationId, refreshKey]);
  const rows = list.data?.data ?? [];
  const [retried, setRetried] = useState<string | null>(null);
  // The retried delivery, and the list as it was read before the retry: only a later read tells its outcome.
  const watch = useRef<{ id: string; before: unknown } | null>(null);
  const retry = useAction(async (deliveryId: string) => {
    const before = list.data;
    await destinationsApi.retry(deliveryId);
    watch.current = { id: deliveryId, before };
    setRetried(deliveryId);
    list.reload();
  });
  useInterval(list.reload, rows.some((d) => d.status === 'pending') ? PENDING_POLL_MS : null);
  // Once the retried delivery has its answer, the destination's "last delivery" elsewhere on the page is out of date.
  useEffect(() => {
    const w = watch.current;
    if (!w || list.data === w.before) return;
    const row = list.data?.data.find((d) => d.id === w.id);
    if (row && row.status === 'pending') return;
    watch.current = null;
    onSettled?.();
  }, [list.data, onSettled]);
  return (
    <div className="recent-deliveries">
      <ErrorNote error={list.error} title="Could not list the deliveries" />
      {!list.data && list.loading && <Loading label="Loading deliveries" />}
      {list.data && rows.length === 0 && <p className="muted small">Nothing sent here yet.</p>}
      {rows.length > 0 && (
        <div className="table-wrap dense">
          <table>
            <caption className="visually-hidden">Recent deliveries</caption>
            <thead><tr><th scope="col">Queued</th><th scope="col">What</th><th scope="col">Status</th><th scope="col" className="num">Attempts</th><th scope="col" className="num">Last HTTP</th><th scope="col">Last error</th>{isAdmin && <th scope="col"><span className="visually-hidden">Actions</span></th>}</tr></thead>
            <tbody>
              {rows.map((d: Delivery) => (
                <tr key={d.id}>
                  <td className="nowrap"><Time value={d.createdAt} /></td>
                  <td>{d.test ? 'test notice' : d.alertId ? <Link href={`/alerts/${encodeURIComponent(d.alertId)}`}>alert</Link> : '—'}</td>
                  <td><DeliveryStatus status={d.status} /></td>
                  <td className="num">{d.attempts}</td>
                  <td className="num">{d.lastStatus ?? '—'}</td>
                  <td className="cmd">{d.lastError ?? <span className="muted">—</span>}</td>
                  {isAdmin && (
                    <td>
                      {d.status === 'failed' && (
                        <button type="button" className="btn btn-xs" disabled={retry.busy} aria-label={`Retry the delivery queued ${new Date(d.createdAt).toLocaleString()}`}
                          onClick={() => { setRetried(null); void retry.run(d.id); }}>Retry</button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="visually-hidden" role="status">{retried ? 'Retry queued' : ''}</p>
      <ErrorNote error={retry.error} title="The delivery was not retried" />
    </div>
  );
}

/** The latest delivery's status, for the list. */
export function LastDelivery({ destinationId, refreshKey }: { destinationId: string; refreshKey: number }) {
  const last = useLoad((signal) => destinationsApi.deliveries(destinationId, 1, signal), [destinationId, refreshKey]);
  const d = last.data?.data[0];
  if (last.error) return <span className="muted">unknown</span>;
  if (!last.data) return <span className="muted">…</span>;
  if (!d) return <span className="muted">never</span>;
  return <><DeliveryStatus status={d.status} /> <span className="small muted"><RelativeTime value={d.deliveredAt ?? d.createdAt} />{d.test ? ', a test' : ''}</span></>;
}
