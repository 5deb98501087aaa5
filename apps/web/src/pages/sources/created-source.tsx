import { useState } from 'react';
import { ErrorNote, Loading } from '../../components/ui';
import { useLoad } from '../../hooks';
import { Link } from '../../router';
import { FirstEventWatch } from './first-event-watch';
import { S3SetupView } from './s3-setup';
import { isWebhookSetup, sourcesApi, type Source, type WebhookSecret } from './sources-api';
import { WebhookSecretBox, WebhookSnippets } from './webhook-setup';
import { WizardSteps } from './wizard-steps';

/** Step 2 and 3 of the wizard: connect the sender, then watch for the first event. */
export function CreatedSource({ source, secret }: { source: Source; secret: WebhookSecret | null }) {
  const isS3 = source.type === 'teleport_s3';
  const [arrived, setArrived] = useState(false);
  return (
    <div className="created-source">
      <WizardSteps current={arrived ? 4 : 2} connectLabel={isS3 ? 'Connect the bucket' : 'Connect the sender'} />
      <p className="note note-info created-lead">
        Source <strong>{source.name}</strong> is created. {isS3 ? 'Now let the service read your bucket:' : 'Now point your sender at it:'}
      </p>
      <FirstEventWatch sourceId={source.id} kind={isS3 ? 's3' : 'webhook'} onArrived={setArrived} />
      <h2>{isS3 ? 'Connect your bucket' : 'Connect your sender'}</h2>
      {isS3 ? <S3Connect source={source} /> : <WebhookConnect source={source} secret={secret} />}
      <p className="created-footer">
        <Link href={`/sources/${source.id}`}>Go to the source page</Link>
        <span aria-hidden="true"> · </span>
        <Link href="/sources">All sources</Link>
      </p>
    </div>
  );
}

function WebhookConnect({ source, secret }: { source: Source; secret: WebhookSecret | null }) {
  if (secret) {
    return (
      <>
        <WebhookSecretBox secret={secret} />
        <h3>Configuration to paste</h3>
        <p className="muted">With the token filled in. Pick how the events leave your cluster:</p>
        <WebhookSnippets setup={secret.setup} tokenKnown />
      </>
    );
  }
  return <WebhookSetupAfterReload source={source} />;
}

/** After a reload the token is gone for good (it was only in the page's memory); say so and show the rest. */
function WebhookSetupAfterReload({ source }: { source: Source }) {
  const setup = useLoad((signal) => sourcesApi.setup(source.id, signal), [source.id]);
  return (
    <>
      <p className="note note-warn">
        The token was shown once, when the source was created, and this page has been reloaded since. If you did not copy
        it, <Link href={`/sources/${source.id}?tab=manage`}>rotate the token</Link> to get a new one.
      </p>
      <ErrorNote error={setup.error} title="Could not load the setup" />
      {!setup.data && setup.loading && <Loading label="Loading the setup" />}
      {setup.data && isWebhookSetup(setup.data) && <WebhookSnippets setup={setup.data} tokenKnown={false} tokenPrefix={source.webhook?.tokenPrefix ?? null} rotateHref={`/sources/${source.id}?tab=manage`} />}
    </>
  );
}

function S3Connect({ source }: { source: Source }) {
  const setup = useLoad((signal) => sourcesApi.setup(source.id, signal), [source.id]);
  return (
    <>
      <ErrorNote error={setup.error} title="Could not load the setup" />
      {!setup.data && setup.loading && <Loading label="Loading the setup" />}
      {setup.data && !isWebhookSetup(setup.data) && <S3SetupView setup={setup.data} source={source} />}
      <p>
        Events already in the bucket are not announced by S3: <Link href={`/sources/${source.id}?tab=backfill`}>start a backfill</Link> for the
        history you want.
      </p>
    </>
  );
}
