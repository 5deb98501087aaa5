import { useEffect, useRef, useState } from 'react';
import { Button } from './ui';

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Over plain http on another host the async clipboard API is missing; fall back to a hidden selection.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/**
 * Reads "Copy" on screen; its accessible name says what it copies ("Copy webhook URL"), since a page of
 * identical "Copy" buttons is a maze to a screen reader.
 */
export function CopyText({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = async () => {
    await writeClipboard(text);
    setCopied(true);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setCopied(false), 1500);
  };
  return (
    <>
      <Button className="copy-text" onClick={() => void copy()} aria-label={`Copy ${what}`}>{copied ? 'Copied' : 'Copy'}</Button>
      <span className="visually-hidden" role="status">{copied ? `${what} copied` : ''}</span>
    </>
  );
}
