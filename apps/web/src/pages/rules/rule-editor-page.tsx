import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import type { RuleCheck, RuleDetail } from '../../api/detections-types';
import { rulesApi } from '../../api/rules-api';
import { useAuth } from '../../auth';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { useAction } from '../../components/settings-use-action';
import { Badge, Button, CopyButton, ErrorNote, Loading, PageHeader, Time } from '../../components/ui';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link, navigate } from '../../router';
import { SeverityBadge } from '../alerts/alert-badges';
import { RuleBacktest } from './rule-backtest';
import { RuleCheckResult } from './rule-check-result';
import { RuleVersions } from './rule-versions';
import { issuesOfError, NEW_RULE_TEMPLATE, offsetOf, RULE_ID, ruleIdOfYaml } from './rule-yaml';
import '../../components/search-tables.css';
import '../alerts/alerts.css';
import './rules.css';

type Loaded = { yaml: string; version: number | null; detail: RuleDetail | null };

/** /rules/new and /rules/:id: the rule as its YAML file, tested, saved as a new version, backtested. */
export function RuleEditorPage({ id }: Record<string, string>) {
  const ruleId = id ?? null;
  const [generation, setGeneration] = useState(0);
  const loaded = useLoad<Loaded>(async (signal) => {
    if (!ruleId) return { yaml: NEW_RULE_TEMPLATE, version: null, detail: null };
    const [file, detail] = await Promise.all([rulesApi.yaml(ruleId, signal), rulesApi.get(ruleId, signal)]);
    return { yaml: file.yaml, version: file.version, detail };
  }, [ruleId, generation]);
  useDocumentTitle(ruleId ? `Rule ${ruleId}` : 'New rule');

  if (!loaded.data || loaded.loading) {
    return (
      <>
        <PageHeader title={ruleId ? 'Rule' : 'New rule'}><Link href="/rules">All rules</Link></PageHeader>
        {loaded.error ? (
          <>
            <ErrorNote error={loaded.error} title="Could not load the rule" />
            {loaded.error instanceof ApiError && loaded.error.status === 404 && <p>This tenant has no rule <code>{ruleId}</code>. <Link href="/rules">All rules</Link>.</p>}
          </>
        ) : <Loading label="Loading the rule" />}
      </>
    );
  }
  // A reload (after a conflict) starts the editor again from the stored text.
  return <RuleEditor key={`${ruleId ?? 'new'}-${generation}`} ruleId={ruleId} loaded={loaded.data} onReload={() => setGeneration((g) => g + 1)} />;
}

type Outcome = { heading: string; result: RuleCheck };

function RuleEditor({ ruleId, loaded, onReload }: { ruleId: string | null; loaded: Loaded; onReload: () => void }) {
  const { isAdmin } = useAuth();
  const [text, setText] = useState(loaded.yaml);
  const [base, setBase] = useState({ yaml: loaded.yaml, version: loaded.version, detail: loaded.detail });
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const textRef = useRef(text);
  textRef.current = text;
  const dirty = text !== base.yaml;

  // Leaving with unsaved edits loses them; the browser asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const test = useAction(async () => {
    setSaved(null);
    setOutcome({ heading: 'Test', result: await rulesApi.check(text) });
  });

  const save = useAction(async () => {
    setSaved(null);
    setOutcome(null);
    setConflict(null);
    const targetId = ruleId ?? ruleIdOfYaml(text);
    if (!targetId || !RULE_ID.test(targetId) || targetId.length > 64) {
      setOutcome({ heading: 'Not saved', result: { valid: false, failures: [], issues: [{ field: 'id', message: 'needs a top-level id: lowercase letters, digits and dashes (my-rule-1), at most 64 characters', line: 1, column: 1 }] } });
      return;
    }
    if (!ruleId) {
      // PUT creates or replaces; a new rule must not silently replace one that has its id.
      const exists = await rulesApi.get(targetId).then(() => true, (err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      });
      if (exists) {
        setOutcome({ heading: 'Not saved', result: { valid: false, failures: [], issues: [{ field: 'id', message: `a rule ${targetId} exists already; choose another id, or open that rule to edit it`, line: lineOfId(text), column: 1 }] } });
        return;
      }
    }
    try {
      const result = await rulesApi.save(targetId, text, ruleId ? base.version : null);
      if (!ruleId) {
        navigate(`/rules/${encodeURIComponent(targetId)}`, { replace: true });
        return;
      }
      setBase({ yaml: text, version: result.version, detail: result.detail });
      setVersionsKey((k) => k + 1);
      setSaved(`Saved as version ${result.version}.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409) {
        const current = typeof err.details?.currentVersion === 'number' ? err.details.currentVersion : null;
        setConflict(`Changed by someone else: the rule is at version ${current ?? 'a newer one'}, and you started from version ${base.version}. Reload to get their version; copy your text first to keep your edits.`);
        return;
      }
      if (err.code === 'rule.invalid') {
        setOutcome({ heading: 'Not saved', result: { valid: false, failures: [], issues: issuesOfError(err.message, err.details) } });
        return;
      }
      if (err.code === 'rule.test_failed' && Array.isArray(err.details?.failures)) {
        setOutcome({ heading: 'Not saved', result: { valid: false, issues: [], failures: err.details.failures as RuleCheck['failures'] } });
        return;
      }
      throw err;
    }
  });

  const remove = useAction(async () => {
    if (!ruleId) return;
    await rulesApi.remove(ruleId);
    setDeleting(false);
    navigate('/rules');
  });

  const goTo = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(text, line, column);
    el.focus();
    el.setSelectionRange(at, at);
  };

  const detail = base.detail;
  const title = detail?.rule.title ?? (ruleId ? ruleId : 'New rule');
  const reasonId = 'rule-admin-reason';
  return (
    <div className="rule-editor-page">
      <PageHeader title={<span className="rule-heading">{title}</span>}>
        <Link href="/rules">All rules</Link>
      </PageHeader>
      {detail && (
        <div className="alert-summary">
          <code>{detail.rule.id}</code>
          <SeverityBadge severity={detail.rule.severity} />
          <Badge tone={detail.rule.enabled === false ? 'neutral' : 'good'}>{detail.rule.enabled === false ? 'disabled' : 'enabled'}</Badge>
          {detail.meta.builtin ? <Badge tone="info">built-in</Badge> : <Badge tone="neutral">custom</Badge>}
          {detail.meta.edited && <Badge tone="warn">edited</Badge>}
          <span className="muted small">version {base.version ?? '—'}, saved <Time value={detail.meta.updatedAt} />{detail.meta.updatedBy ? ` by ${detail.meta.updatedBy}` : ''}</span>
        </div>
      )}
      <div className="rule-layout">
        <div className="rule-main">
          <section className="card rule-editor" aria-labelledby="yaml-heading">
            <div className="editor-head">
              <h2 id="yaml-heading">Rule file</h2>
              <span className="muted small" aria-live="polite">{dirty ? 'Unsaved changes' : ruleId ? `As saved (version ${base.version ?? '—'})` : 'Not saved yet'}</span>
            </div>
            <label htmlFor="rule-yaml" className="visually-hidden">Rule YAML</label>
            <textarea id="rule-yaml" ref={area} className="yaml-input rule-yaml" value={text} onChange={(e) => setText(e.target.value)} rows={26} spellCheck={false}
              autoCapitalize="off" autoCorrect="off" aria-describedby="rule-yaml-hint" />
            <p id="rule-yaml-hint" className="hint">
              id, title, kind (match, threshold, new_value), severity, query (the search language), groupBy, and test events under tests.mustMatch and tests.mustNotMatch.
              Saving runs the tests; a rule whose tests fail is not saved.
            </p>
            <div className="form-row editor-actions">
              <Button onClick={() => void test.run()} disabled={test.busy}>{test.busy ? 'Testing…' : 'Test'}</Button>
              <Button variant="primary" onClick={() => void save.run()} disabled={!isAdmin || save.busy || (!dirty && ruleId !== null)} aria-describedby={isAdmin ? undefined : reasonId}>
                {save.busy ? 'Saving…' : ruleId ? 'Save' : 'Create rule'}
              </Button>
              {dirty && <Button variant="ghost" onClick={() => { setText(base.yaml); setOutcome(null); }}>Discard changes</Button>}
              {ruleId && <Button variant="danger" className="push-end" onClick={() => { remove.reset(); setDeleting(true); }} disabled={!isAdmin} aria-describedby={isAdmin ? undefined : reasonId}>Delete</Button>}
            </div>
            {!isAdmin && <p id={reasonId} className="hint">Only admins can save or delete rules; Test and Backtest work for everyone.</p>}
            {saved && <p className="note note-info" role="status">{saved}</p>}
            {conflict && (
              <div className="note note-warn" role="alert">
                <p>{conflict}</p>
                <div className="form-row"><CopyButton text={text} label="Copy my text" /><Button onClick={onReload}>Reload the rule</Button></div>
              </div>
            )}
            <ErrorNote error={test.error} title="The rule could not be tested" />
            <ErrorNote error={save.error} title="The rule was not saved" />
            {outcome && <RuleCheckResult heading={outcome.heading} result={outcome.result} onGoTo={goTo} />}
          </section>
          <RuleBacktest yaml={() => textRef.current} />
        </div>
        <aside className="rule-aside" aria-label="About this rule">
          {detail?.rule.description && (
            <section className="card">
              <h2>Description</h2>
              <p className="rule-description">{detail.rule.description}</p>
            </section>
          )}
          {ruleId ? <RuleVersions ruleId={ruleId} current={base.version} refreshKey={versionsKey} onUse={(yaml) => { setText(yaml); setOutcome(null); area.current?.focus(); }} /> : (
            <section className="card">
              <h2>A new rule</h2>
              <p className="small">Start from the template: change the id, say what it finds, and give it test events that must and must not match. Test checks it without saving.</p>
            </section>
          )}
        </aside>
      </div>
      <ConfirmDialog open={deleting} title={`Delete ${title}?`} confirmLabel="Delete rule" busy={remove.busy} error={remove.error}
        onCancel={() => setDeleting(false)} onConfirm={() => void remove.run()}>
        <p>The rule stops running at once, and its versions and learned state are deleted. Its alerts stay.</p>
        {detail?.meta.builtin && <p>It is a built-in rule: <strong>Restore built-ins</strong> on the rules page brings back its original version.</p>}
      </ConfirmDialog>
    </div>
  );
}

function lineOfId(text: string): number {
  const index = text.split('\n').findIndex((l) => /^id:/.test(l));
  return index === -1 ? 1 : index + 1;
}
