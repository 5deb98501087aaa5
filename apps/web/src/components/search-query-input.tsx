import { useId, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { fieldPrefixAt } from './search-query';
import './search-query-input.css';

export type QueryField = { name: string; aliases: string[]; type: string; description: string };

type Props = {
  value: string;
  onChange: (value: string) => void;
  /** the fields completion offers (GET /v1/search/fields on the search page) */
  fields: readonly QueryField[];
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Esc with no suggestions open: move focus on (to the results) */
  onLeave?: () => void;
};

type Suggestion = { field: QueryField; matched: string };

const MAX_SUGGESTIONS = 8;

function suggest(fields: readonly QueryField[], prefix: string, all: boolean): Suggestion[] {
  const p = prefix.toLowerCase();
  if (!p && !all) return [];
  const out: Suggestion[] = [];
  for (const field of fields) {
    const name = [field.name, ...field.aliases].find((n) => n.toLowerCase().startsWith(p));
    if (name && !(name === prefix && field.name === prefix)) out.push({ field, matched: name });
  }
  // Exact-prefix matches on the canonical name first, so "us" offers user before user_agent's aliases.
  return out.sort((a, b) => Number(b.matched === b.field.name) - Number(a.matched === a.field.name) || a.matched.length - b.matched.length).slice(0, all ? fields.length : MAX_SUGGESTIONS);
}

/**
 * The query text box, with field-name completion: typing a word offers the fields it can begin (names and
 * aliases, with what each means); ↓/↑ choose, Tab or Enter insert `name:`, Esc closes, Ctrl+Space lists all.
 * It stays a textbox (not a combobox) so it is found by its label like any other field.
 */
export function SearchQueryInput({ value, onChange, fields, placeholder, invalid, describedBy, inputRef, onLeave }: Props) {
  const id = useId();
  const listId = `${id}-fields`;
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const local = useRef<HTMLInputElement | null>(null);

  const word = caret === null ? null : fieldPrefixAt(value, caret);
  const suggestions = useMemo(() => (word && !dismissed ? suggest(fields, word.prefix, showAll) : []), [fields, word?.prefix, word?.start, dismissed, showAll]);
  const open = suggestions.length > 0;
  const current = open ? suggestions[Math.min(active, suggestions.length - 1)] : undefined;

  const accept = (s: Suggestion) => {
    if (!word) return;
    const next = `${value.slice(0, word.start)}${s.field.name}:${value.slice(word.end)}`;
    const at = word.start + s.field.name.length + 1;
    onChange(next);
    setShowAll(false);
    setDismissed(true);
    requestAnimationFrame(() => {
      local.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      setDismissed(false);
      setShowAll(true);
      return;
    }
    if (!open) {
      // With no suggestions open, Esc hands the keyboard to the results (j/k), as the hint under the box says.
      if (event.key === 'Escape' && onLeave) {
        event.preventDefault();
        onLeave();
      }
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + suggestions.length) % suggestions.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && current) {
      event.preventDefault();
      accept(current);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDismissed(true);
      setShowAll(false);
    }
  };

  const track = (el: HTMLInputElement) => setCaret(el.selectionStart);

  return (
    <div className="query-input">
      <input
        ref={(el) => {
          local.current = el;
          if (typeof inputRef === 'function') inputRef(el);
          else if (inputRef) (inputRef as { current: HTMLInputElement | null }).current = el;
        }}
        id={id}
        type="text"
        className="mono"
        aria-label="Query"
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={current ? `${listId}-${current.field.name}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => { onChange(e.target.value); track(e.target); setDismissed(false); setActive(0); setShowAll(false); }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => { if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) track(e.currentTarget); }}
        onClick={(e) => track(e.currentTarget)}
        onBlur={() => { setCaret(null); setShowAll(false); }}
        onFocus={(e) => track(e.currentTarget)}
      />
      {open && (
        <div className="query-suggestions">
        <ul id={listId} role="listbox" aria-label="Fields">
          {suggestions.map((s) => (
            <li key={s.field.name} id={`${listId}-${s.field.name}`} role="option" aria-selected={s === current}
              onMouseDown={(e) => { e.preventDefault(); accept(s); }}>
              <code className="suggestion-name">{s.field.name}:</code>
              {s.matched !== s.field.name && <span className="muted small">({s.matched})</span>}
              <span className="suggestion-type">{s.field.type}</span>
              <span className="suggestion-desc">{s.field.description}</span>
            </li>
          ))}
        </ul>
        <div className="suggestion-help" aria-hidden="true">↑↓ choose · Tab insert · Esc close · Ctrl+Space all fields</div>
        </div>
      )}
    </div>
  );
}
