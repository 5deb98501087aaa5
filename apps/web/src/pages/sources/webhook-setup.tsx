import { CopyField } from '../../components/settings-secret-once';
import { Link } from '../../router';
import { Snippet } from './snippet';
import { SnippetTabs } from './snippet-tabs';
import type { WebhookSecret, WebhookSetup } from './sources-api';

const PLACEHOLDER = '<WEBHOOK_TOKEN>';

/** The URLs with the token in them, once, right after creation or rotation. */
export function WebhookSecretBox({ secret }: { secret: WebhookSecret }) {
  return (
    <div className="secret-once" role="group" aria-label="Webhook credentials">
      <p className="secret-once-warning">
        <strong>Shown once.</strong> The token is part of these URLs. Copy them now: the token is stored only as a
        hash and cannot be shown again. If you lose it, rotate the token on the source page.
      </p>
      <CopyField label="Webhook URL" value={secret.url} />
      <CopyField label="Session URL" value={secret.sessionUrl} />
      <CopyField label="Token" value={secret.token} />
    </div>
  );
}

/** Every way of sending to a webhook source; filled with the real token when it is known. */
export function WebhookSnippets({ setup, tokenKnown, tokenPrefix, rotateHref }: { setup: WebhookSetup; tokenKnown: boolean; tokenPrefix?: string | null; rotateHref?: string }) {
  return (
    <>
      {!tokenKnown && (
        <p className="note note-info">
          The token is never shown again after it is issued, so these files carry <code>{PLACEHOLDER}</code> where
          it goes: replace it with the token you saved{tokenPrefix ? <> (it starts with <code>{tokenPrefix}</code>)</> : null}, or{' '}
          {rotateHref ? <Link href={rotateHref}>rotate the token</Link> : 'rotate the token'} to get a new one.
        </p>
      )}
      {!tokenKnown && <CopyField label="Webhook URL" value={setup.webhookUrl} />}
      <SnippetTabs
        label="Sender configuration"
        tabs={[
          {
            id: 'event-handler',
            label: 'Event Handler (direct)',
            content: (
              <Snippet
                title="teleport-event-handler.toml"
                code={setup.eventHandlerToml}
                hint="Recommended: the Teleport Event Handler posts straight to this service, no Fluentd needed."
              />
            ),
          },
          {
            id: 'fluentd',
            label: 'Fluentd',
            content: <Snippet title="fluent.conf" code={setup.fluentdConf} hint="The Event Handler keeps its generated Fluentd settings; Fluentd forwards here." />,
          },
          {
            id: 'fluent-bit',
            label: 'Fluent Bit',
            content: <Snippet title="fluent-bit.conf" code={setup.fluentBitConf} hint="Fluent Bit receives from the Event Handler and forwards here." />,
          },
          {
            id: 'vector',
            label: 'Vector',
            content: <Snippet title="vector.toml" code={setup.vectorToml} hint="Vector receives from the Event Handler and forwards here." />,
          },
          {
            id: 'curl',
            label: 'curl (test)',
            content: <Snippet title="curl command" code={setup.curl} hint="Send a file of events (one JSON object per line) by hand." />,
          },
        ]}
      />
    </>
  );
}
