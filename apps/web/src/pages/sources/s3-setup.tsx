import { CopyField } from '../../components/settings-secret-once';
import { Snippet } from './snippet';
import type { S3Setup, Source } from './sources-api';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Placeholders the service fills only when its operator configured the matching setting. */
const SERVICE_PLACEHOLDERS: { marker: string; setting: string; what: string }[] = [
  { marker: '<SERVICE_WORKER_ROLE_ARN>', setting: 'S3_WORKER_ROLE_ARN', what: 'the role the worker reads your bucket with' },
  { marker: '<SERVICE_TOPIC_ARN>', setting: 'S3_NOTIFICATION_TOPIC_ARN', what: 'the SNS topic your bucket notifies' },
];

const queueArnFromUrl = (url: string): string | null => {
  const match = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/([^/?]+)/.exec(url);
  return match ? `arn:aws:sqs:${match[1]}:${match[2]}:${match[3]}` : null;
};

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

/** What to apply in the customer's AWS account, in the order it is applied. */
export function S3SetupView({ setup, source }: { setup: S3Setup; source: Source }) {
  const config = source.config;
  const everything = json(setup.trustPolicy) + json(setup.bucketNotification);
  const noServiceQueue = setup.warnings.some((w) => w.code === 's3.no_service_queue');
  // Without a service queue the topic placeholder is not the problem to report: the warning says what to do instead.
  const missing = SERVICE_PLACEHOLDERS.filter((p) => everything.includes(p.marker) && !(noServiceQueue && p.marker === '<SERVICE_TOPIC_ARN>'));
  const target = setup.notificationTarget;
  const topicArn = target.kind === 'service-topic' ? target.topicArn : null;
  const queueUrl = target.kind === 'customer-queue' ? target.queueUrl : null;
  const queueArn = queueUrl ? queueArnFromUrl(queueUrl) : null;

  return (
    <div className="s3-setup">
      <div className="card">
        <h3 className="card-title">What this source reads</h3>
        <dl className="kv">
          <dt>Bucket</dt><dd><code>{str(config.bucket) ?? '—'}</code></dd>
          <dt>Prefix</dt><dd>{str(config.prefix) ? <code>{String(config.prefix)}/</code> : <span className="muted">the whole bucket</span>}</dd>
          <dt>Region</dt><dd>{str(config.region) ?? <span className="muted">not set</span>}</dd>
          <dt>Access</dt>
          <dd>
            {setup.access === 'role'
              ? <>assumes <code>{str(config.roleArn)}</code> with the ExternalId below</>
              : config.secretAccessKeySet ? <>static access key <code>{str(config.accessKeyId)}</code></> : 'the worker\'s own credentials'}
          </dd>
          <dt>Notifications</dt>
          <dd>
            {target.kind === 'customer-queue'
              ? <>your SQS queue <code>{queueUrl}</code></>
              : <>the service&apos;s SNS topic {topicArn ? <code>{topicArn}</code> : <span className="muted">(not configured on this service)</span>}</>}
          </dd>
        </dl>
        <div className="copy-fields">
          <CopyField label="ExternalId" value={setup.externalId} />
          {topicArn && <CopyField label="Topic ARN" value={topicArn} />}
          {queueArn && <CopyField label="Queue ARN" value={queueArn} />}
        </div>
      </div>

      {setup.warnings.map((warning) => <p key={warning.code} className="note note-warn" role="note">{warning.message}</p>)}

      {missing.length > 0 && (
        <div className="note note-warn" role="note">
          This service has no {missing.map((m) => m.what).join(' and no ')} configured yet, so the documents below show{' '}
          {missing.map((m, i) => <span key={m.marker}>{i > 0 ? ' and ' : ''}<code>{m.marker}</code></span>)}. The operator sets{' '}
          {missing.map((m, i) => <span key={m.setting}>{i > 0 ? ' and ' : ''}<code>{m.setting}</code></span>)} on the API to fill them in.
        </div>
      )}

      <ol className="setup-steps">
        {setup.access === 'role' && (
          <li>
            <h3>Let the service assume your role</h3>
            <p className="muted">The trust policy of <code>{str(config.roleArn)}</code>. It requires this source&apos;s ExternalId, chosen by the service, so no other customer can make it read your bucket.</p>
            <Snippet title="trust-policy.json" code={json(setup.trustPolicy)} />
          </li>
        )}
        <li>
          <h3>Allow it to read the audit events</h3>
          <p className="muted">Attach this permissions policy to the role{setup.access === 'role' ? '' : ' or user the worker runs as'}.</p>
          <Snippet title="permissions-policy.json" code={json(setup.permissionsPolicy)} />
        </li>
        <li>
          <h3>Announce new objects</h3>
          <p className="muted">The bucket notification: every new event object is announced within seconds.</p>
          <Snippet title="bucket-notification.json" code={json(setup.bucketNotification)} />
        </li>
        <li>
          <h3>Apply with the AWS CLI</h3>
          <Snippet title="AWS CLI commands" code={`${setup.commands.join('\n')}\n`} />
        </li>
      </ol>

      {setup.notes.length > 0 && (
        <ul className="setup-notes">
          {setup.notes.map((note) => <li key={note}>{note.replace('POST /v1/sources/{id}/backfill', 'a backfill (the Backfill tab)')}</li>)}
        </ul>
      )}
    </div>
  );
}
