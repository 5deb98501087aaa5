import { useState } from 'react';
import { errorMessage } from '../../api/client';
import type { RuleSummary } from '../../api/detections-types';
import { rulesApi } from '../../api/rules-api';
import { Badge, Time } from '../../components/ui';
import { Link } from '../../router';
import { SeverityBadge } from '../alerts/alert-badges';

const KIND_LABEL: Record<string, string> = { match: 'match', threshold: 'threshold', new_value: 'new value' };

export function RulesTable({ rules, canEdit }: { rules: RuleSummary[]; canEdit: boolean }) {
  // The switch shows the change at once; a refused PATCH puts it back and says why.
  const [enabled, setEnabled] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const toggle = async (rule: RuleSummary, next: boolean) => {
    setFailure(null);
    setEnabled((s) => ({ ...s, [rule.id]: next }));
    setBusy((s) => ({ ...s, [rule.id]: true }));
    try {
      const saved = await rulesApi.setEnabled(rule.id, next);
      setEnabled((s) => ({ ...s, [rule.id]: saved.rule.enabled ?? next }));
    } catch (err) {
      setEnabled((s) => ({ ...s, [rule.id]: !next }));
      setFailure(`${rule.title} was not ${next ? 'enabled' : 'disabled'}: ${errorMessage(err)}`);
    } finally {
      setBusy((s) => ({ ...s, [rule.id]: false }));
    }
  };

  return (
    <>
      {failure && <div className="note note-error" role="alert">{failure}</div>}
      <div className="table-wrap dense rules-table">
        <table>
          <caption className="visually-hidden">Detection rules</caption>
          <thead>
            <tr>
              <th scope="col">Enabled</th><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col">Severity</th>
              <th scope="col">MITRE</th><th scope="col">Origin</th><th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const on = enabled[r.id] ?? r.enabled;
              return (
                <tr key={r.id} className={on ? undefined : 'rule-off'}>
                  <td>
                    <label className="switch" title={canEdit ? undefined : 'Only admins can turn rules on or off'}>
                      <input type="checkbox" role="switch" checked={on} disabled={!canEdit || busy[r.id]} onChange={(e) => void toggle(r, e.target.checked)} />
                      <span className="switch-track" aria-hidden="true" />
                      <span className="visually-hidden">Enabled: {r.title}</span>
                      <span className="switch-text" aria-hidden="true">{on ? 'on' : 'off'}</span>
                    </label>
                  </td>
                  <td className="rule-cell">
                    <Link href={`/rules/${encodeURIComponent(r.id)}`} className="rule-title">{r.title}</Link>
                    <div className="mono small muted">{r.id}</div>
                  </td>
                  <td className="nowrap">{KIND_LABEL[r.kind] ?? r.kind}</td>
                  <td><SeverityBadge severity={r.severity} /></td>
                  <td className="mono small">{r.mitre.join(', ') || <span className="muted">—</span>}</td>
                  <td className="nowrap">
                    {r.builtin ? <Badge tone="info">built-in</Badge> : <Badge tone="neutral">custom</Badge>}
                    {r.edited && <> <Badge tone="warn">edited</Badge></>}
                  </td>
                  <td className="nowrap small"><Time value={r.updatedAt} /><div className="muted">v{r.version}{r.updatedBy ? ` · ${r.updatedBy}` : ''}</div></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
