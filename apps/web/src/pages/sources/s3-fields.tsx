import { Field } from './field';
import type { FieldErrors, S3Access, S3Form, S3Notify } from './source-config';

type Props = { form: S3Form; errors: FieldErrors; onChange: (form: S3Form) => void };

const ACCESS: { value: S3Access; label: string; hint: string }[] = [
  { value: 'role', label: 'Assume a role in my AWS account', hint: 'Recommended. The service assumes it with an ExternalId of its own choosing.' },
  { value: 'keys', label: 'A static access key', hint: 'For self-hosted setups and S3-compatible stores. The secret is sealed and never shown again.' },
  { value: 'worker', label: 'The worker\'s own credentials', hint: 'When this service runs in your account and its role can read the bucket.' },
];

const NOTIFY: { value: S3Notify; label: string; hint: string }[] = [
  { value: 'service', label: 'The service\'s SNS topic', hint: 'The bucket notifies the topic the operator of this service set up.' },
  { value: 'queue', label: 'My own SQS queue', hint: 'The worker polls a queue in your account that the bucket notifies.' },
];

export function S3Fields({ form, errors, onChange }: Props) {
  const set = <K extends keyof S3Form>(key: K) => (value: S3Form[K]) => onChange({ ...form, [key]: value });
  return (
    <>
      <Field label="Bucket" value={form.bucket} onChange={set('bucket')} required error={errors.bucket}
        placeholder="acme-teleport-audit" autoComplete="off" spellCheck={false}
        hint={<>The External Audit Storage bucket: a name, <code>arn:aws:s3:::bucket/prefix</code> or <code>s3://bucket/prefix</code>.</>} />
      <div className="form-row">
        <Field label="Prefix" value={form.prefix} onChange={set('prefix')} error={errors.prefix} spellCheck={false}
          hint={<>Where the events are; Teleport writes <code>&lt;prefix&gt;/YYYY-MM-DD/*.parquet</code>.</>} />
        <Field label="Region" value={form.region} onChange={set('region')} error={errors.region} placeholder="us-east-1" spellCheck={false}
          hint="The bucket's region; saves a redirect on every read." />
      </div>
      <fieldset className="choice-group">
        <legend>Access to the bucket</legend>
        {ACCESS.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" name="s3-access" value={option.value} checked={form.access === option.value} onChange={() => set('access')(option.value)} />
            <span><span className="choice-label">{option.label}</span><span className="hint">{option.hint}</span></span>
          </label>
        ))}
        {form.access === 'role' && (
          <Field label="Role ARN" value={form.roleArn} onChange={set('roleArn')} required error={errors.roleArn} spellCheck={false}
            placeholder="arn:aws:iam::111122223333:role/teleport-audit-ingest" hint="You create this role from the trust policy shown after the source is created." />
        )}
        {form.access === 'keys' && (
          <div className="form-row">
            <Field label="Access key ID" value={form.accessKeyId} onChange={set('accessKeyId')} required error={errors.accessKeyId} autoComplete="off" spellCheck={false} />
            <Field label="Secret access key" type="password" value={form.secretAccessKey} onChange={set('secretAccessKey')} required error={errors.secretAccessKey} autoComplete="new-password" />
          </div>
        )}
      </fieldset>
      <fieldset className="choice-group">
        <legend>How new objects are announced</legend>
        {NOTIFY.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" name="s3-notify" value={option.value} checked={form.notify === option.value} onChange={() => set('notify')(option.value)} />
            <span><span className="choice-label">{option.label}</span><span className="hint">{option.hint}</span></span>
          </label>
        ))}
        {form.notify === 'queue' && (
          <Field label="Queue URL" value={form.queueUrl} onChange={set('queueUrl')} required error={errors.queueUrl} spellCheck={false}
            placeholder="https://sqs.us-east-1.amazonaws.com/111122223333/teleport-audit" />
        )}
      </fieldset>
      <details className="more-options">
        <summary>More options</summary>
        <div className="form-stack">
          <Field label="KMS key ARN" value={form.kmsKeyArn} onChange={set('kmsKeyArn')} error={errors.kmsKeyArn} spellCheck={false}
            hint="Only if the bucket uses SSE-KMS: the permissions policy then includes kms:Decrypt on it." />
          <Field label="Default cluster" value={form.clusterName} onChange={set('clusterName')} error={errors.clusterName}
            hint="Used for events that carry no cluster_name." />
        </div>
      </details>
    </>
  );
}
