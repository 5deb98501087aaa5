import type { ReactNode } from 'react';
import { searchFor } from '../../components/search-link';
import { fieldTerm } from '../../components/search-query';
import { Time } from '../../components/ui';
import { Link } from '../../router';
import { EVENT_FIELD_INFO, orderedFields, TIME_FIELDS } from './event-fields';
import './events.css';

type Props = {
  fields: Record<string, unknown>;
  includeEmpty?: boolean;
  /** the range "search for" links keep, so a pivot stays in the same window */
  range?: { from?: string; to?: string };
  compact?: boolean;
};

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function SearchValue({ field, value, range }: { field: string; value: string; range?: Props['range'] }) {
  return <Link href={searchFor(field, value, range)} title={`Search ${fieldTerm(field, value)}`} aria-label={`Search ${fieldTerm(field, value)}`}>{value}</Link>;
}

function renderOne(key: string, value: unknown, range: Props['range']): ReactNode {
  const info = EVENT_FIELD_INFO[key];
  if (TIME_FIELDS.has(key) && typeof value === 'string') return <Time value={value} />;
  if (key === 'sessionId' && typeof value === 'string') {
    return <><Link href={`/sessions/${encodeURIComponent(value)}`}>{value}</Link> <span className="muted small">· <Link href={searchFor('sid', value, range)} aria-label={`Search the events of session ${value}`}>its events</Link></span></>;
  }
  if ((key === 'requestId' || key === 'accessRequests') && (typeof value === 'string' || Array.isArray(value))) {
    const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    return ids.map((id, i) => <span key={id}>{i > 0 && ', '}<Link href={`/access-requests/${encodeURIComponent(id)}`}>{id}</Link></span>);
  }
  if (typeof value === 'boolean') return info?.query ? <SearchValue field={info.query} value={String(value)} range={range} /> : String(value);
  if (info?.query && (typeof value === 'string' || typeof value === 'number')) return <SearchValue field={info.query} value={String(value)} range={range} />;
  if (info?.query && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (value as string[]).map((v, i) => <span key={v}>{i > 0 && ', '}<SearchValue field={info.query!} value={v} range={range} /></span>);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return <code>{(value as string[]).join(' ')}</code>;
  return <code>{plain(value)}</code>;
}

/** Every normalized field with its label; values that can be searched link to that search. */
export function EventFieldList({ fields, includeEmpty = false, range, compact = false }: Props) {
  const entries = orderedFields(fields, { includeEmpty });
  return (
    <dl className={`kv event-fields${compact ? ' kv-compact' : ''}`}>
      {entries.map(([key, value]) => (
        <div key={key} className="kv-pair">
          <dt title={key}>{EVENT_FIELD_INFO[key]?.label ?? key}</dt>
          <dd>{value === null || value === undefined || value === '' ? <span className="muted">—</span> : renderOne(key, value, range)}</dd>
        </div>
      ))}
    </dl>
  );
}
