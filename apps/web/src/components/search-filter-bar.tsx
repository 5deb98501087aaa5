import { useEffect, useState, type FormEvent } from 'react';
import { SearchQueryInput, type QueryField } from './search-query-input';
import type { TimeRangeValue } from './time-range';
import { TimeRangePicker } from './time-range-picker';
import './search-filter-bar.css';

type Props = {
  q: string;
  range: TimeRangeValue;
  fields: readonly QueryField[];
  placeholder: string;
  onSearch: (next: { q: string } & TimeRangeValue) => void;
  label: string;
  invalid?: boolean;
  describedBy?: string;
};

/** The query box, time range and Search button of the list pages (sessions, access requests). */
export function SearchFilterBar({ q, range, fields, placeholder, onSearch, label, invalid, describedBy }: Props) {
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({ q: draft, ...range });
  };
  return (
    <form className="filter-bar" role="search" aria-label={label} onSubmit={submit}>
      <SearchQueryInput value={draft} onChange={setDraft} fields={fields} placeholder={placeholder} invalid={invalid} describedBy={describedBy} />
      <TimeRangePicker value={range} allowAll onChange={(r) => onSearch({ q: draft, ...r })} />
      <button type="submit" className="btn btn-primary">Search</button>
    </form>
  );
}
