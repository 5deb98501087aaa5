import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeRange, instantMs, isValidInstant, presetOf, TIME_PRESETS, type TimeRangeValue } from './time-range';
import './time-range-picker.css';

type Props = {
  value: TimeRangeValue;
  onChange: (range: TimeRangeValue) => void;
  /** lists whose API default is unbounded offer "All" */
  allowAll?: boolean;
};

/** A bound as editable text: relative bounds become the instant they stand for now, in UTC. */
function editable(text: string): string {
  if (!text) return '';
  const ms = instantMs(text);
  return ms === null ? text : new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function TimeRangePicker({ value, onChange, allowAll = false }: Props) {
  const preset = presetOf(value);
  const all = !value.from && !value.to;
  const custom = !preset && !(allowAll && all);
  const [open, setOpen] = useState(false);
  const customButton = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  return (
    <div className="time-range" ref={root}>
      <div className="segmented" role="group" aria-label="Time range">
        {TIME_PRESETS.map((p) => (
          <button key={p.value} type="button" className="seg" aria-pressed={preset?.value === p.value} title={p.long}
            onClick={() => { setOpen(false); onChange({ from: p.value, to: '' }); }}>
            {p.short}
          </button>
        ))}
        {allowAll && (
          <button type="button" className="seg" aria-pressed={all} aria-label="All time" onClick={() => { setOpen(false); onChange({ from: '', to: '' }); }}>All</button>
        )}
        <button ref={customButton} type="button" className="seg seg-custom" aria-pressed={custom} aria-expanded={open} aria-haspopup="dialog"
          aria-label={custom ? `Custom range: ${describeRange(value)}` : 'Custom range'} onClick={() => setOpen((o) => !o)}>
          {custom ? describeRange(value) : 'Custom…'}
        </button>
      </div>
      {open && (
        <CustomRange value={value} onApply={(range) => { setOpen(false); onChange(range); customButton.current?.focus(); }}
          onCancel={() => { setOpen(false); customButton.current?.focus(); }} />
      )}
    </div>
  );
}

function CustomRange({ value, onApply, onCancel }: { value: TimeRangeValue; onApply: (range: TimeRangeValue) => void; onCancel: () => void }) {
  const [from, setFrom] = useState(() => editable(value.from));
  const [to, setTo] = useState(() => editable(value.to || 'now'));
  const [error, setError] = useState<string | null>(null);
  const fromRef = useRef<HTMLInputElement>(null);
  const id = useId();
  useEffect(() => fromRef.current?.focus(), []);

  const submit = () => {
    const f = from.trim();
    const t = to.trim() === 'now' ? '' : to.trim();
    if (!isValidInstant(f) || !isValidInstant(t)) {
      setError('Use a UTC date and time (2026-05-31 18:00), an RFC 3339 time with an offset (2026-05-31T18:00:00+02:00), a date (2026-05-31), now, or a relative time (-24h, now-7d).');
      return;
    }
    const fromMs = instantMs(f);
    const toMs = t ? instantMs(t) : Date.now();
    if (fromMs !== null && toMs !== null && fromMs >= toMs) {
      setError('From must be earlier than To.');
      return;
    }
    onApply({ from: f, to: t });
  };
  // Not a <form>: the picker sits inside the query bar's form, and forms cannot nest. Enter applies here.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') { event.stopPropagation(); onCancel(); }
    if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') { event.preventDefault(); submit(); }
  };

  return (
    <div className="time-range-popover card" role="dialog" aria-label="Custom time range" onKeyDown={onKeyDown}>
      <div className="form-row">
        <label>
          From
          <input ref={fromRef} className="mono" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="2026-05-31T18:00:00Z or -24h"
            aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint`} spellCheck={false} />
        </label>
        <label>
          To
          <input className="mono" value={to} onChange={(e) => setTo(e.target.value)} placeholder="now" aria-describedby={`${id}-hint`} spellCheck={false} />
        </label>
      </div>
      <p id={`${id}-hint`} className="hint">A UTC date and time as shown on these pages (<code>2026-05-31 18:00</code>), RFC 3339 with an offset, a date, <code>now</code>, or relative: <code>-15m</code>, <code>-24h</code>, <code>now-7d</code>. From is inclusive, To exclusive.</p>
      {error && <p className="note note-error" role="alert">{error}</p>}
      <div className="form-row">
        <button type="button" className="btn btn-primary" onClick={submit}>Apply range</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
