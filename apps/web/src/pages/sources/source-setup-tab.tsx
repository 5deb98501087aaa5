import { ErrorNote, Loading } from '../../components/ui';
import { useLoad } from '../../hooks';
import { S3SetupView } from './s3-setup';
import { isWebhookSetup, sourcesApi, type SourceDetail } from './sources-api';
import { WebhookSnippets } from './webhook-setup';

export function SourceSetupTab({ source }: { source: SourceDetail }) {
  const setup = useLoad((signal) => sourcesApi.setup(source.id, signal), [source.id]);
  if (setup.error) return <ErrorNote error={setup.error} title="Could not load the setup" />;
  if (!setup.data) return <Loading label="Loading the setup" />;
  return isWebhookSetup(setup.data)
    ? <WebhookSnippets setup={setup.data} tokenKnown={false} tokenPrefix={source.webhook?.tokenPrefix ?? null} rotateHref={`/sources/${source.id}?tab=manage`} />
    : <S3SetupView setup={setup.data} source={source} />;
}
