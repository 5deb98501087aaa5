import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useAction } from '../../components/settings-use-action';
import { ErrorNote } from '../../components/ui';
import { Field } from './field';
import { S3Fields } from './s3-fields';
import { checkS3Form, emptyS3Form, s3ConfigBody, type FieldErrors } from './source-config';
import { sourcesApi, type SourceType, type SourceWithSecret } from './sources-api';

const TYPES: { value: SourceType; title: string; text: string }[] = [
  {
    value: 'teleport_webhook',
    title: 'Webhook',
    text: 'A URL for the Teleport Event Handler, sending directly or through Fluentd, Fluent Bit or Vector. Events arrive within seconds.',
  },
  {
    value: 'teleport_s3',
    title: 'S3 bucket (External Audit Storage)',
    text: 'Reads the Parquet objects Teleport Cloud or Enterprise writes to your bucket, announced through SNS/SQS, with backfill of history.',
  },
];

/** The API names the offending field in details.field (config.bucket, name); put its message there too. */
function fieldOfError(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const field = error.details?.field;
  return typeof field === 'string' ? field.replace(/^config\./, '') : null;
}

export function NewSourceForm({ initialType, onCreated }: { initialType: SourceType; onCreated: (created: SourceWithSecret) => void }) {
  const [type, setType] = useState<SourceType>(initialType);
  const [name, setName] = useState('');
  const [clusterName, setClusterName] = useState('');
  const [s3, setS3] = useState(emptyS3Form);
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  const create = useAction(async () => {
    const created = type === 'teleport_webhook'
      ? await sourcesApi.create({ type, name: name.trim(), ...(clusterName.trim() ? { config: { clusterName: clusterName.trim() } } : {}) })
      : await sourcesApi.create({ type, name: name.trim(), config: s3ConfigBody(s3) });
    onCreated(created);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = type === 'teleport_s3' ? checkS3Form(s3) : {};
    if (!name.trim()) found.name = 'Give the source a name, e.g. the cluster it comes from.';
    setErrors(found);
    setAttempt((n) => n + 1);
    if (Object.keys(found).length === 0) void create.run();
  };

  const apiField = fieldOfError(create.error);
  // After a refused submit, focus goes to the first field in error, so keyboard and screen-reader users land on it.
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [attempt, create.error]);
  const shown: FieldErrors = apiField && create.error instanceof ApiError ? { ...errors, [apiField]: create.error.message } : errors;

  return (
    <form ref={formRef} className="new-source-form" onSubmit={submit} noValidate aria-label="New source">
      <fieldset className="type-choice">
        <legend>Where do the events come from?</legend>
        <div className="type-cards">
          {TYPES.map((option) => (
            <label key={option.value} className={`type-card${type === option.value ? ' selected' : ''}`}>
              <input type="radio" name="source-type" value={option.value} checked={type === option.value} onChange={() => setType(option.value)} />
              <span className="type-card-title">{option.title}</span>
              <span className="type-card-text">{option.text}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="form-stack">
        <Field label="Name" value={name} onChange={setName} required maxLength={200} error={shown.name} autoComplete="off"
          placeholder={type === 'teleport_webhook' ? 'prod-cluster' : 'prod-eas'} hint="How the source is shown here and in searches (source:<name>)." />
        {type === 'teleport_webhook'
          ? <Field label="Default cluster" value={clusterName} onChange={setClusterName} maxLength={200}
            hint="Optional: used for events that carry no cluster_name." />
          : <S3Fields form={s3} errors={shown} onChange={setS3} />}
        {create.error && !apiField ? <ErrorNote error={create.error} title="The source was not created" /> : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.busy}>{create.busy ? 'Creating…' : 'Create source'}</button>
        </div>
      </div>
    </form>
  );
}
