import type { ReactNode } from 'react';
import { CopyText } from './settings-copy';
import './settings-secret-once.css';

/**
 * A credential the API returns once. It lives only in the state of the page that received it: never in
 * the URL, storage or a cache, so leaving the page forgets it.
 */
export function SecretOnce({ label, value, children }: { label: string; value: string; children?: ReactNode }) {
  return (
    <div className="secret-once" role="group" aria-label={label}>
      <p className="secret-once-warning">
        <strong>Shown once.</strong> Copy it now: it is not stored in readable form and cannot be shown again.
        {children ? <> {children}</> : null}
      </p>
      <div className="secret-once-row">
        <span className="secret-once-label">{label}</span>
        <code className="secret-once-value" tabIndex={0}>{value}</code>
        <CopyText text={value} what={label} />
      </div>
    </div>
  );
}

/** A value worth copying that is not secret (a URL with a placeholder, an ARN, an ExternalId). */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <div className="copy-field">
      <span className="copy-field-label">{label}</span>
      <code className="copy-field-value" tabIndex={0}>{value}</code>
      <CopyText text={value} what={label} />
    </div>
  );
}
