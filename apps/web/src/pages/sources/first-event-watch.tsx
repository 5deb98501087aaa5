import { useEffect, useState } from 'react';
import { ErrorNote } from '../../components/ui';
import { formatCount, formatRelative } from '../../format';
import { useInterval, useLoad } from '../../hooks';
import { Link } from '../../router';
import { sourcesApi } from './sources-api';

const POLL_MS = 3_000;

// A new source: every event it brought, whatever their times (a backfill or a replay brings old ones).
export const searchHref = (sourceId: string) => `/search?q=${encodeURIComponent(`source:${sourceId}`)}&from=all`;

/**
 * Watches a new source until its first event arrives, then turns green by itself: the moment a user sees
 * that the sender they just configured works. Stops polling once it has.
 */
export function FirstEventWatch({ sourceId, kind, onArrived, setupHref }: { sourceId: string; kind: 'webhook' | 's3'; onArrived?: (arrived: boolean) => void; setupHref?: string }) {
  const [tick, setTick] = useState(0);
  const detail = useLoad((signal) => sourcesApi.get(sourceId, signal), [sourceId, tick]);
  const health = detail.data?.health;
  const arrived = Boolean(health?.lastEventAt);
  useInterval(() => setTick((t) => t + 1), arrived ? null : POLL_MS);
  useEffect(() => onArrived?.(arrived), [arrived, onArrived]);

  return (
    <section className={`first-event ${arrived ? 'first-event-ok' : 'first-event-waiting'}`} aria-labelledby="first-event-title">
      <div aria-live="polite" aria-atomic="true">
        {arrived && health ? (
          <>
            <h2 id="first-event-title"><span className="status-dot" aria-hidden="true" /> Receiving events</h2>
            <p>
              The last event arrived {formatRelative(health.lastEventAt)}; {formatCount(health.eventsLast24h)} stored in the
              last 24 hours. Your audit trail is flowing.
            </p>
            <p className="first-event-actions">
              <Link className="btn btn-primary" href={searchHref(sourceId)}>View events</Link>
              <Link className="btn" href={`/sources/${sourceId}`}>Open the source</Link>
            </p>
          </>
        ) : (
          <>
            <h2 id="first-event-title"><span className="pulse" aria-hidden="true" /> Waiting for the first event</h2>
            <p>
              {kind === 'webhook' ? 'Configure your sender with ' : 'Apply the policies and the bucket notification '}
              {setupHref ? <Link href={setupHref}>{kind === 'webhook' ? 'a snippet from Setup' : 'from Setup'}</Link> : kind === 'webhook' ? 'a snippet below' : 'below'}
              {kind === 'webhook'
                ? ' and start it (or send a test with curl).'
                : '. New objects are announced within a minute of being written; run a backfill for the history already in the bucket.'}
              {' '}This turns green by itself when the first event is stored.
            </p>
            {health && health.rejectsTotal > 0 && (
              <p className="note note-error">
                Something arrived but could not be stored as events ({formatCount(health.rejectsTotal)} rejected).{' '}
                <Link href={`/sources/${sourceId}?tab=quarantine`}>See why in the quarantine</Link>.
              </p>
            )}
            <p className="muted small">Checking every {POLL_MS / 1000} seconds.</p>
          </>
        )}
      </div>
      {detail.error ? <ErrorNote error={detail.error} title="Could not check the source" /> : null}
    </section>
  );
}
