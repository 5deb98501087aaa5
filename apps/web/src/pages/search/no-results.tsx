import { describeRange } from '../../components/time-range';
import { Empty } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { countSources } from './search-api';

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
  return (
    <Empty>
      <p><strong>No events match</strong> {q ? <code>{q}</code> : 'anything'} in {lowerFirst(describeRange({ from, to }))}.</p>
      <p>Widen the time range (try 7 d or 30 d), remove a condition, or check the field names in the query. Events arrive through your <Link href="/sources">sources</Link>.</p>
    </Empty>
  );
}
