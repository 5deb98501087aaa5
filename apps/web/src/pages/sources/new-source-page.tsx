import { useState } from 'react';
import { useAuth } from '../../auth';
import { ErrorNote, Loading, PageHeader } from '../../components/ui';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { CreatedSource } from './created-source';
import { NewSourceForm } from './new-source-form';
import { sourcesApi, type SourceWithSecret } from './sources-api';
import { WizardSteps } from './wizard-steps';
import './sources.css';

export function NewSourcePage(_props: Record<string, string>) {
  useDocumentTitle('New source');
  const { isAdmin } = useAuth();
  const { params } = useLocation();
  const createdId = params.get('created');
  // The create response is the only place the token ever appears; it is kept here and nowhere else.
  const [created, setCreated] = useState<SourceWithSecret | null>(null);

  const onCreated = (result: SourceWithSecret) => {
    setCreated(result);
    // The address names the new source so a reload shows its setup, not an empty form that would create another.
    navigate(`/sources/new?created=${encodeURIComponent(result.source.id)}`, { replace: true });
  };

  return (
    <>
      <PageHeader title="New source">
        <Link href="/sources">Back to sources</Link>
      </PageHeader>
      {!createdId && <WizardSteps current={1} />}
      {!isAdmin ? (
        <p className="note note-info">Only admins can create sources. Ask one of your admins, or browse the <Link href="/sources">existing sources</Link>.</p>
      ) : createdId ? (
        created && created.source.id === createdId
          ? <CreatedSource source={created.source} secret={created.webhook} />
          : <CreatedAfterReload id={createdId} />
      ) : (
        <NewSourceForm initialType={params.get('type') === 's3' ? 'teleport_s3' : 'teleport_webhook'} onCreated={onCreated} />
      )}
    </>
  );
}

function CreatedAfterReload({ id }: { id: string }) {
  const source = useLoad((signal) => sourcesApi.get(id, signal), [id]);
  if (source.error) return <ErrorNote error={source.error} title="Could not load the new source" />;
  if (!source.data) return <Loading label="Loading the source" />;
  return <CreatedSource source={source.data} secret={null} />;
}
