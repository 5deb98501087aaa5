import { describeRange } from '../../components/time-range';
import { Empty } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { searchHref } from '../../components/search-link';
import { ALL_TIME, countSources } from './search-api';

const lowerFirst = (s: string) => (/^(Last|All|Since|Until) /.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** An empty result says why and what to do: connect a source first, or widen the search. */
export function NoResults({ q, from, to }: { q: string; from: string; to: string }) {
  const sources = useLoad((signal) => countSources(signal), []);
  if (sources.data === 0) {
    return (
      <Empty>
        <p><strong>No events yet.</strong> Nothing has been sent to this tenant.</p>
        <p><Link href="/sources/new">Connect a source</Link> (a webhook for the Teleport Event Handler, or an S3 bucket of External Audit Storage), then come back here.</p>
      </Empty>
    );
  }
  const described = from === ALL_TIME ? 'all time' : lowerFirst(describeRange({ from, to }));
  const rangeText = described.startsWith('last ') ? `the ${described}` : described;
  return (
    <Empty>
      <p><strong>No events match</strong> {q ? <code>{q}</code> : 'anything'} in {rangeText}.</p>
      <p>
        {from === ALL_TIME ? 'Remove a condition' : <>Widen the time range (<Link href={searchHref({ q: q || undefined, from: ALL_TIME })}>search all time</Link>: history imported by a backfill is older than a day), remove a condition</>},
        or check the field names in the query. Events arrive through your <Link href="/sources">sources</Link>.
      </p>
    </Empty>
  );
}
