import { useCallback } from 'react';
import { useAuth } from '../../auth';
import { Empty, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { useDocumentTitle, useInterval, useLoad } from '../../hooks';
import { Link } from '../../router';
import { loadSourceStats } from './source-stats';
import { SourcesTable } from './sources-table';
import { sourcesApi } from './sources-api';
import './sources.css';

const REFRESH_MS = 30_000;

export function SourcesPage(_props: Record<string, string>) {
  useDocumentTitle('Sources');
  const { isAdmin } = useAuth();
  const list = useLoad((signal) => sourcesApi.list(signal), []);
  const sources = list.data?.data;
  const loadStats = useCallback((signal: AbortSignal) => (sources ? loadSourceStats(sources, signal) : Promise.resolve(new Map())), [sources]);
  const stats = useLoad(loadStats, [loadStats]);
  useInterval(list.reload, REFRESH_MS);

  return (
    <>
      <PageHeader title="Sources">
        {isAdmin && sources && sources.length > 0 && <Link className="btn btn-primary" href="/sources/new">New source</Link>}
      </PageHeader>
      <p className="page-intro muted">
        A source is one place your Teleport audit events come from: a webhook URL for the Event Handler (or Fluentd,
        Fluent Bit, Vector), or an External Audit Storage bucket.
      </p>
      <ErrorNote error={list.error} title="Could not load the sources" />
      {!sources && list.loading && <Loading label="Loading sources" />}
      {sources && sources.length === 0 && <NoSources isAdmin={isAdmin} />}
      {sources && sources.length > 0 && <SourcesTable sources={sources} stats={stats.data} statsLoading={stats.loading} />}
      {stats.error ? <ErrorNote error={stats.error} title="Could not load the health of the sources" /> : null}
    </>
  );
}

function NoSources({ isAdmin }: { isAdmin: boolean }) {
  return (
    <Empty>
      <div className="empty-sources">
        <h2>No sources yet</h2>
        <p>
          Create a source to start collecting audit events. A webhook source gives you a URL to paste into the
          Teleport Event Handler; an S3 source reads your External Audit Storage bucket. It takes about two minutes.
        </p>
        {isAdmin
          ? <Link className="btn btn-primary" href="/sources/new">New source</Link>
          : <p className="muted">Only an admin can create sources: ask one of your admins.</p>}
      </div>
    </Empty>
  );
}
