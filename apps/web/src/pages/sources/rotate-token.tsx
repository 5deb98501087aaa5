import { useState } from 'react';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { useAction } from '../../components/settings-use-action';
import { Button, Time } from '../../components/ui';
import { formatTime } from '../../format';
import { sourcesApi, type SourceDetail, type SourceWithSecret } from './sources-api';
import { WebhookSecretBox, WebhookSnippets } from './webhook-setup';

/**
 * Rotation keeps the old token working for the overlap window, so senders can be moved over without losing
 * events. A second rotation inside the window would cut the first old token off at once: the API refuses it
 * (409) unless forced, and so does this page, saying what forcing breaks.
 */
export function RotateToken({ source, onChanged }: { source: SourceDetail; onChanged: () => void }) {
  const [confirm, setConfirm] = useState<'normal' | 'force' | null>(null);
  // The new token exists only in this component's state; leaving the page forgets it.
  const [rotated, setRotated] = useState<SourceWithSecret | null>(null);
  const [conflictUntil, setConflictUntil] = useState<string | null>(null);
  const rotate = useAction(async (force: boolean) => {
    try {
      const result = await sourcesApi.rotateToken(source.id, force);
      setRotated(result);
      setConfirm(null);
      setConflictUntil(null);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'source.rotation_in_progress') {
        const until = err.details?.previousTokenValidUntil;
        setConflictUntil(typeof until === 'string' ? until : source.webhook?.previousTokenValidUntil ?? '');
        setConfirm('force');
        return;
      }
      throw err;
    }
  });

  const pendingUntil = source.webhook?.previousTokenValidUntil ?? null;
  const open = (kind: 'normal' | 'force') => { rotate.reset(); setConfirm(kind); };

  return (
    <section className="card" aria-labelledby="rotate-title">
      <h3 id="rotate-title" className="card-title">Webhook token</h3>
      <p className="muted">
        The current token starts with <code>{source.webhook?.tokenPrefix}</code>. Rotating issues a new one; the current
        token keeps working for the overlap window (24 hours by default) while you update your senders.
      </p>
      {pendingUntil && (
        <p className="note note-warn">
          A rotation is in progress: the previous token works until <Time value={pendingUntil} />. Rotating again now stops
          that previous token at once.
        </p>
      )}
      <Button onClick={() => open(pendingUntil ? 'force' : 'normal')}>Rotate token</Button>

      {rotated?.webhook && (
        <div className="rotated">
          <h4>New token</h4>
          <WebhookSecretBox secret={rotated.webhook} />
          <details className="more-options">
            <summary>Configuration with the new token</summary>
            <WebhookSnippets setup={rotated.webhook.setup} tokenKnown />
          </details>
          <Button onClick={() => setRotated(null)}>I have copied it, hide the token</Button>
        </div>
      )}

      <ConfirmDialog
        open={confirm === 'normal'}
        title="Rotate the webhook token?"
        confirmLabel="Rotate token"
        tone="primary"
        busy={rotate.busy}
        error={rotate.error}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void rotate.run(false)}
      >
        <p>A new token is issued and shown once. The current one keeps working for the overlap window, then stops.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'force'}
        title="Rotate again, ending the overlap now?"
        confirmLabel="Rotate anyway"
        busy={rotate.busy}
        error={rotate.error}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void rotate.run(true)}
      >
        <p>
          The token replaced by the last rotation is still valid{conflictUntil || pendingUntil ? ` until ${formatTime(conflictUntil || pendingUntil)}` : ''}.
          Rotating again stops it immediately: any sender still using it is refused (401) and stalls until it is updated.
        </p>
        <p>Use this if a token leaked. Otherwise wait for the overlap window to end.</p>
      </ConfirmDialog>
    </section>
  );
}
