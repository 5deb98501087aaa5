import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useAuth } from '../../auth';
import { SearchQueryError, queryProblem } from '../../components/search-query-error';
import { SearchQueryInput } from '../../components/search-query-input';
import { appendCondition, fieldTerm, toggleTerm } from '../../components/search-query';
import { isoOf } from '../../components/time-range';
import { TimeRangePicker } from '../../components/time-range-picker';
import { Button, ErrorNote, PageHeader } from '../../components/ui';
import { useDocumentTitle, useLoad } from '../../hooks';
import { navigate, useLocation } from '../../router';
import { EventHistogram } from './event-histogram';
import { EventInlineDetail } from './event-inline-detail';
import { ExportButtons } from './export-buttons';
import { FacetsPanel } from './facets-panel';
import { ResultsTable } from './results-table';
import { SaveSearchForm, SavedSearchList } from './saved-searches';
import { ALL_TIME, createSavedSearch, fetchFacets, fetchFields, fetchHistogram, listSavedSearches } from './search-api';
import { NoResults } from './no-results';
import { QueryChips } from './query-chips';
import { goSearch, readSearchUrl, type SearchUrlState } from './search-url';
import { useSearchResults } from './use-search-results';
import { useSlashFocus } from './use-slash-focus';
import './search.css';

export function SearchPage(_props: Record<string, string>) {
  const { params } = useLocation();
  const url = readSearchUrl(params);
  const { q, from, to, event } = url;
  const { isAdmin } = useAuth();
  useDocumentTitle(q ? `Search: ${q}` : 'Search');

  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const [refresh, setRefresh] = useState(0);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement | null>(null);
  useSlashFocus(inputRef);

  const search = useMemo(() => ({ q, from, to }), [q, from, to]);
  const results = useSearchResults(search, refresh);
  const histogram = useLoad((signal) => fetchHistogram(search, signal), [q, from, to, refresh]);
  const facets = useLoad((signal) => fetchFacets(search, signal), [q, from, to, refresh]);
  const fields = useLoad(() => fetchFields(), []);
  const saved = useLoad((signal) => listSavedSearches(signal), []);

  const go = useCallback((next: Partial<SearchUrlState>, options?: { replace?: boolean }) => goSearch({ ...url, event: '', ...next }, options), [url]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === q) setRefresh((r) => r + 1);
    else go({ q: draft });
  };

  // The keyboard cursor follows the opened event, and starts at the top of each new result list.
  const [cursor, setCursor] = useState(0);
  useEffect(() => {
    const at = event ? results.rows.findIndex((r) => r.id === event) : -1;
    setCursor(at >= 0 ? at : 0);
  }, [results.rows.length === 0 ? null : results.rows[0]?.id, results.loading]);

  const toggle = (id: string) => goSearch({ ...url, event: event === id ? '' : id }, { replace: true });
  const onFacet = (field: string, value: string, mode: 'include' | 'exclude') => go({ q: toggleTerm(draft, field, value, mode) });
  const onZoom = (fromMs: number, toMs: number) => go({ q, from: isoOf(fromMs), to: isoOf(toMs) });
  const zoomOut = () => {
    const h = histogram.data;
    if (!h) return;
    const a = Date.parse(h.from);
    const b = Date.parse(h.to);
    const span = b - a;
    go({ from: isoOf(a - span / 2), to: b + span / 2 >= Date.now() ? '' : isoOf(b + span / 2) });
  };
  const jumpTo = (position: number) => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.setSelectionRange(position, position + 1);
  };
  const save = async (name: string) => {
    await createSavedSearch({ name, query: draft, from: from && from !== ALL_TIME ? from : null, to: to || null });
    setSaving(false);
    saved.reload();
  };

  const problem = queryProblem(results.error);
  const expandedOutside = event && !results.loading && !results.rows.some((r) => r.id === event);
  const range = { from: from || undefined, to: to || undefined };
  const errorId = 'search-query-error';

  return (
    <div className="search-page">
      <PageHeader title="Search">
        {isAdmin && !saving && <Button onClick={() => setSaving(true)}>Save search</Button>}
        <ExportButtons params={search} />
      </PageHeader>

      <form className="search-bar" role="search" aria-label="Events" onSubmit={submit}>
        <SearchQueryInput value={draft} onChange={setDraft} fields={fields.data ?? []} inputRef={inputRef}
          onLeave={() => document.querySelector<HTMLElement>('table[aria-label="Search results"]')?.focus()}
          placeholder='user:alice login:root node:prod-* exit_code:>0 "free text"   (press / to focus)'
          invalid={problem !== null} describedBy={problem ? errorId : undefined} />
        <TimeRangePicker value={from === ALL_TIME ? { from: '', to: '' } : { from, to }} allowAll
          onChange={(r) => go({ q: draft, from: !r.from && !r.to ? ALL_TIME : r.from, to: r.to })} />
        <button type="submit" className="btn btn-primary">Search</button>
      </form>
      {!problem && <QueryChips q={q} onChange={(next) => go({ q: next })} />}
      {saving && <SaveSearchForm onSave={save} onCancel={() => setSaving(false)} />}
      {problem && <SearchQueryError error={results.error} query={q} id={errorId} onJump={jumpTo} />}

      <div className="search-body">
        <aside className="search-side" aria-label="Saved searches and facets">
          <section aria-labelledby="saved-heading">
            <h2 id="saved-heading">Saved searches</h2>
            <SavedSearchList items={saved.data} error={saved.error} onChanged={saved.reload} current={{ q, from, to }} />
          </section>
          <section aria-labelledby="facets-heading">
            <h2 id="facets-heading">Facets <span className="muted small">click include · Alt+click or − exclude · arrows move</span></h2>
            <FacetsPanel facets={facets.error ? undefined : facets.data} loading={facets.loading} error={problem ? null : facets.error} query={draft} onToggle={onFacet} />
          </section>
        </aside>

        <div className="search-main">
          {histogram.data && !histogram.error ? (
            <div className="histogram-wrap">
              <EventHistogram histogram={histogram.data} onZoom={onZoom} onPickGroup={(key) => go({ q: appendCondition(draft, fieldTerm('event', key)) })} />
              <Button className="zoom-out btn-xs" onClick={zoomOut} title="Double the time range">Zoom out</Button>
            </div>
          ) : !problem && histogram.error ? <ErrorNote error={histogram.error} title="Histogram" /> : <div className="histogram-placeholder card" aria-hidden="true" />}

          {expandedOutside && (
            <section className="card selected-outside" aria-label="Selected event">
              <div className="selected-outside-head">
                <strong>Selected event</strong> <span className="muted small">(not among the loaded results)</span>
                <Button variant="ghost" className="btn-xs" onClick={() => toggle(event)}>Close</Button>
              </div>
              <EventInlineDetail id={event} range={range} />
            </section>
          )}

          {results.error && !problem ? <ErrorNote error={results.error} title="Search failed" /> : null}
          {!results.error && !results.loading && results.rows.length === 0 ? (
            <NoResults q={q} from={from} to={to} />
          ) : !results.error && (
            <div className={`results-area${results.loading ? ' is-loading' : ''}`} aria-busy={results.loading}>
              <p className="keys-hint muted small" id="results-keys">
                <kbd>Esc</kbd> in the query goes to the results · <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move · <kbd>Enter</kbd> expand · <kbd>o</kbd> open · <kbd>Esc</kbd> collapse · <kbd>/</kbd> query
              </p>
              <ResultsTable rows={results.rows} cursor={cursor} expandedId={event} onCursor={setCursor} onToggle={toggle}
                onOpen={(id) => navigate(`/events/${encodeURIComponent(id)}`)} hasMore={results.nextCursor !== null} loadingMore={results.loadingMore}
                onLoadMore={results.loadMore} renderDetail={(row) => <EventInlineDetail id={row.id} range={range} />}/>
              <ErrorNote error={results.moreError} title="Loading more failed" />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
