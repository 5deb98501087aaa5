import type { Attempt, Delivery } from '../../api/detections-types';
import { Badge, Time } from '../../components/ui';
import { formatDuration } from '../../format';

const TONE: Record<string, 'good' | 'bad' | 'warn'> = { delivered: 'good', failed: 'bad', pending: 'warn' };

export const DeliveryStatus = ({ status }: { status: string }) => <Badge tone={TONE[status] ?? 'neutral'}>{status}</Badge>;

/** Where the alert was sent, and every attempt's answer. */
export function AlertDeliveries({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <section className="alert-section" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Deliveries <span className="muted small">{deliveries.length}</span></h2>
      {deliveries.length === 0 ? <p className="muted">Not sent anywhere: no enabled destination takes this severity. Destinations are set up in Settings → Destinations.</p> : (
        <ul className="delivery-list">
          {deliveries.map((d) => (
            <li key={d.id} className="card delivery">
              <div className="delivery-head">
                <strong>{d.destination.name}</strong> <span className="muted">{d.destination.kind}</span> <DeliveryStatus status={d.status} />
                <span className="muted small">
                  {d.deliveredAt ? <>delivered <Time value={d.deliveredAt} /></> : d.nextAttemptAt ? <>next attempt <Time value={d.nextAttemptAt} /></> : null}
                </span>
              </div>
              <AttemptTable attempts={d.attemptLog ?? []} caption={`Attempts to deliver to ${d.destination.name}`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AttemptTable({ attempts, caption }: { attempts: Attempt[]; caption: string }) {
  if (attempts.length === 0) return <p className="muted small">No attempt yet.</p>;
  return (
    <div className="table-wrap dense">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col" className="num">#</th><th scope="col">Time</th><th scope="col">Outcome</th><th scope="col" className="num">HTTP</th><th scope="col">Error</th><th scope="col" className="num">Took</th></tr></thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.attempt}>
              <td className="num">{a.attempt}</td>
              <td className="nowrap"><Time value={a.at} /></td>
              <td><Badge tone={a.outcome === 'delivered' ? 'good' : a.outcome === 'failed' ? 'bad' : 'warn'}>{a.outcome}</Badge></td>
              <td className="num">{a.status ?? '—'}</td>
              <td className="cmd">{a.error ?? <span className="muted">—</span>}</td>
              <td className="num nowrap">{a.durationMs < 1000 ? `${a.durationMs} ms` : formatDuration(a.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
