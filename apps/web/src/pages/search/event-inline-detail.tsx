import { CodeBlock, ErrorNote, Loading } from '../../components/ui';
import { useLoad } from '../../hooks';
import { EventFieldList } from '../events/event-field-list';
import { EventLinks } from '../events/event-links';
import { fetchEvent } from './search-api';

/** The expanded row: where to go next, the normalized fields, and the raw event as received. */
export function EventInlineDetail({ id, range }: { id: string; range: { from?: string; to?: string } }) {
  const { data, error, loading } = useLoad((signal) => fetchEvent(id, signal), [id]);
  if (loading && !data) return <Loading label="Loading the event" />;
  if (error) return <ErrorNote error={error} title="This event could not be loaded" />;
  if (!data) return null;
  return (
    <div className="inline-detail">
      <EventLinks id={id} fields={data.fields} showEventPage range={range} />
      <div className="inline-detail-body">
        <EventFieldList fields={data.fields} range={range} compact />
        <CodeBlock label="Raw event (as received)" code={JSON.stringify(data.raw, null, 2)} />
      </div>
    </div>
  );
}
