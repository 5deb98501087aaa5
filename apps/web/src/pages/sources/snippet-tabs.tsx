import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type SnippetTab = { id: string; label: string; content: ReactNode };

/**
 * The WAI-ARIA tabs pattern (arrow keys move between tabs, one tab stop): several alternative configs for the
 * same job, of which a reader wants one. Each panel keeps its own Copy button.
 */
export function SnippetTabs({ label, tabs }: { label: string; tabs: SnippetTab[] }) {
  const [active, setActive] = useState(tabs[0]?.id ?? '');
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  const onKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const jump = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (!step && jump === null) return;
    event.preventDefault();
    const next = tabs[jump ?? (index + step + tabs.length) % tabs.length]!;
    setActive(next.id);
    refs.current[next.id]?.focus();
  };

  return (
    <div className="snippet-tabs">
      <div role="tablist" aria-label={label} className="snippet-tablist">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => { refs.current[tab.id] = el; }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`${base}-panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => setActive(tab.id)}
            onKeyDown={(e) => onKey(e, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${tab.id}`}
          aria-labelledby={`${base}-tab-${tab.id}`}
          hidden={tab.id !== active}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
