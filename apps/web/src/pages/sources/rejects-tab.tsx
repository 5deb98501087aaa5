import { useId, useState } from 'react';
import { CopyText } from '../../components/settings-copy';
import { Badge, Button, Empty, ErrorNote, Loading, Time } from '../../components/ui';
import { formatCount } from '../../format';
import type { Reject, SourceDetail } from './sources-api';
import { sourcesApi } from './sources-api';
import { usePages } from './use-pages';

export function RejectsTab({ source }: { source: SourceDetail }) {
  const pages = usePages((cursor, signal) => sourcesApi.rejects(source.id, cursor, signal), [source.id]);
  return (
    <section aria-labelledby="rejects-title">
      <h2 id="rejects-title" className="visually-hidden">Quarantine</h2>
      <p className="muted">
        What this source sent that could not be stored as events (bad JSON, records that are not objects, events
        without a type, oversize events), newest first, kept verbatim so nothing is lost silently.
      </p>
      <ErrorNote error={pages.error} title="Could not load the quarantine" />
      {pages.items.length === 0 && !pages.loading && !pages.error && <Empty>Nothing in quarantine: everything this source sent was stored.</Empty>}
      {pages.items.length > 0 && (
        <ul className="reject-list">
          {pages.items.map((reject) => <RejectItem key={reject.id} reject={reject} />)}
        </ul>
      )}
      {pages.loading && <Loading label="Loading rejects" />}
      {pages.nextCursor && !pages.loading && <Button onClick={pages.loadMore}>Load more rejects</Button>}
    </section>
  );
}

function RejectItem({ reject }: { reject: Reject }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const payload = reject.payloadText ?? reject.payloadBase64;
  const what = reject.payloadText !== null ? 'payload' : 'payload (base64, not UTF-8 text)';
  return (
    <li className="reject card">
      <div className="reject-head">
        <Badge tone="bad">{reject.reason}</Badge>
        <span className="reject-message">{reject.message}</span>
        <span className="muted small reject-meta">
          <Time value={reject.receivedAt} />
          {reject.context ? <> · {reject.context}</> : null}
          {' · '}{formatCount(reject.payloadSize)} bytes{reject.payloadTruncated ? ' (truncated)' : ''}
          {reject.contentType ? <> · {reject.contentType}</> : null}
        </span>
        <Button onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={panelId}>
          {open ? 'Hide payload' : 'Show payload'}
        </Button>
      </div>
      <div id={panelId} hidden={!open} className="reject-payload">
        {open && (
          <>
            <div className="reject-payload-bar">
              <span className="small muted">{reject.payloadText !== null ? 'Payload as received' : 'Payload (base64: it is not UTF-8 text)'}{reject.payloadTruncated ? ', truncated' : ''}</span>
              <CopyText text={payload} what={what} />
            </div>
            <pre tabIndex={0} aria-label={`Payload of the ${reject.reason} reject`}><code>{payload}</code></pre>
          </>
        )}
      </div>
    </li>
  );
}
