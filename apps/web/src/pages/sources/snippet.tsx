import type { ReactNode } from 'react';
import { CopyText } from '../../components/settings-copy';

/** A file to paste, with its name and a copy button; `hint` says where it goes. */
export function Snippet({ title, code, hint }: { title: string; code: string; hint?: ReactNode }) {
  return (
    <figure className="snippet">
      <figcaption>
        <span className="snippet-title">{title}</span>
        {hint ? <span className="snippet-hint">{hint}</span> : null}
        <CopyText text={code} what={title} />
      </figcaption>
      <pre tabIndex={0} aria-label={title}><code>{code}</code></pre>
    </figure>
  );
}
