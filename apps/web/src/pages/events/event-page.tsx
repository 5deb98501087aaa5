import { useState } from 'react';
import { CodeBlock, ErrorNote, Loading, PageHeader, Badge, Time } from '../../components/ui';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link, navigate } from '../../router';
import { ApiError } from '../../api/client';
import { fetchEvent } from '../search/search-api';
import { outcomeOf } from '../search/event-summary';
import { EventFieldList } from './event-field-list';
import { EventLinks } from './event-links';

const DAY = 86_400_000;

/** Pivots from one event search a day either side of it, wide enough for its session and its actor's day. */
function aroundEvent(time: string): { from: string; to: string } {
  const t = Date.parse(time);
  return { from: new Date(t - DAY).toISOString(), to: new Date(t + DAY).toISOString() };
}

export function EventPage({ id }: Record<string, string>) {
  const eventId = id ?? '';
  const { data, error, loading } = useLoad((signal) => fetchEvent(eventId, signal), [eventId]);
  const [showEmpty, setShowEmpty] = useState(false);
  const type = typeof data?.fields.type === 'string' ? data.fields.type : 'Event';
  useDocumentTitle(data ? `${type} event` : 'Event');

  if (loading && !data) return <><PageHeader title="Event" /><Loading label="Loading the event" /></>;
  if (error) {
    return (
      <>
        <PageHeader title="Event" />
        <ErrorNote error={error} />
        {error instanceof ApiError && error.status === 404 && <p>The event may belong to another tenant or the link may be cut short. <Link href="/search">Back to search</Link>.</p>}
      </>
    );
  }
  if (!data) return null;
  const f = data.fields;
  const outcome = outcomeOf({ success: (f.success as boolean | null) ?? null, exitCode: (f.exitCode as number | null) ?? null, code: (f.code as string | null) ?? null });
  const range = aroundEvent(data.event.time);

  return (
    <div className="event-page">
      <PageHeader title={<>{type} <span className="muted small mono">{eventId}</span></>}>
        <button type="button" className="btn" onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/search'))}>Back</button>
      </PageHeader>
      <div className="event-meta">
        <Time value={data.event.time} />
        {typeof f.code === 'string' && <Badge>{f.code}</Badge>}
        {outcome.tone !== 'neutral' && <Badge tone={outcome.tone}>{outcome.label}</Badge>}
        {Array.isArray(f.parseWarnings) && f.parseWarnings.map((w) => <Badge key={String(w)} tone="warn">{String(w)}</Badge>)}
      </div>
      <EventLinks id={eventId} fields={f} range={range} />
      <div className="event-page-grid">
        <section className="card" aria-labelledby="fields-heading">
          <h2 id="fields-heading">
            Normalized fields
            <label><input type="checkbox" checked={showEmpty} onChange={(e) => setShowEmpty(e.target.checked)} /> Show empty fields</label>
          </h2>
          <EventFieldList fields={f} includeEmpty={showEmpty} range={range} />
        </section>
        <section aria-label="Raw event">
          <CodeBlock label="Raw event (exactly as received)" code={JSON.stringify(data.raw, null, 2)} />
        </section>
      </div>
    </div>
  );
}
