import { useState } from 'react';
import { rulesApi } from '../../api/rules-api';
import { useAuth } from '../../auth';
import { ConfirmDialog } from '../../components/settings-confirm-dialog';
import { useAction } from '../../components/settings-use-action';
import { Button, Empty, ErrorNote, Loading, PageHeader } from '../../components/ui';
import { useDocumentTitle, useLoad } from '../../hooks';
import { Link, navigate, useLocation } from '../../router';
import { RuleImport } from './rule-import';
import { filterRules } from './rule-yaml';
import { RulesTable } from './rules-table';
import '../../components/search-tables.css';
import '../alerts/alerts.css';
import './rules.css';

export function RulesPage(_props: Record<string, string>) {
  const { isAdmin } = useAuth();
  const { params } = useLocation();
  const filter = params.get('q') ?? '';
  useDocumentTitle('Rules');
  const rules = useLoad((signal) => rulesApi.list(signal), []);
  const [importing, setImporting] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const restore = useAction(async () => {
    const { installed } = await rulesApi.installBuiltins();
    setRestoring(false);
    setNotice(installed === 0 ? 'Every built-in rule is already installed.' : `${installed} built-in rule${installed === 1 ? '' : 's'} restored.`);
    rules.reload();
  });

  const all = rules.data?.data ?? [];
  const shown = filterRules(all, filter);
  const setFilter = (q: string) => navigate(q ? `/rules?${new URLSearchParams({ q }).toString()}` : '/rules', { replace: true });

  return (
    <div className="rules-page">
      <PageHeader title="Rules">
        {isAdmin && <Link href="/rules/new" className="btn btn-primary">New rule</Link>}
        {isAdmin && <Button onClick={() => setImporting((v) => !v)} aria-expanded={importing}>Import</Button>}
        <span className="export-links" role="group" aria-label="Export every rule">
          <a className="btn" href={rulesApi.exportHref('yaml')} download>Export YAML</a>
          <a className="btn" href={rulesApi.exportHref('sigma')} download>Export Sigma</a>
        </span>
        {isAdmin && <Button onClick={() => { restore.reset(); setRestoring(true); }}>Restore built-ins</Button>}
      </PageHeader>
      <p className="rules-intro muted">
        Detection rules run on every event as it is stored; a match raises an <Link href="/alerts">alert</Link>. Rules are YAML files:
        edit, test and backtest them here, or keep them in a repository and import them.
        {!isAdmin && ' Only admins can change them; you can read, test and backtest them.'}
      </p>
      {importing && <RuleImport onDone={(text) => { setNotice(text); rules.reload(); }} onClose={() => setImporting(false)} />}
      {notice && <p className="note note-info" role="status">{notice}</p>}
      <div className="rules-toolbar">
        <label className="rules-filter">
          <span>Filter</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="root, T1078, threshold, disabled…" spellCheck={false} />
        </label>
        {rules.data && <span className="muted small" aria-live="polite">{shown.length === all.length ? `${all.length} rules` : `${shown.length} of ${all.length} rules`}</span>}
      </div>
      <ErrorNote error={rules.error} title="Rules could not be listed" />
      {!rules.data && rules.loading && <Loading label="Loading rules" />}
      {rules.data && all.length === 0 && (
        <Empty>
          <p><strong>No rules.</strong> Every alert comes from a rule; this tenant has none.</p>
          {isAdmin && <p>Restore the built-in rules, write a <Link href="/rules/new">new rule</Link>, or import a file.</p>}
        </Empty>
      )}
      {rules.data && all.length > 0 && shown.length === 0 && <Empty><p>No rule matches <code>{filter}</code>.</p></Empty>}
      {shown.length > 0 && <RulesTable rules={shown} canEdit={isAdmin} />}
      <ConfirmDialog open={restoring} title="Restore the built-in rules?" confirmLabel="Restore built-ins" tone="primary" busy={restore.busy} error={restore.error}
        onCancel={() => setRestoring(false)} onConfirm={() => void restore.run()}>
        <p>Built-in rules this tenant deleted are installed again, enabled. Rules it still has, edited or not, stay as they are.</p>
      </ConfirmDialog>
    </div>
  );
}
