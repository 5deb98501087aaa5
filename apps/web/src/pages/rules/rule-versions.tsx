import { useState } from 'react';
import { rulesApi } from '../../api/rules-api';
import { Button, CodeBlock, ErrorNote, Loading, Time } from '../../components/ui';
import { useLoad } from '../../hooks';

type Props = { ruleId: string; current: number | null; refreshKey: number; onUse: (yaml: string, version: number) => void };

/** Every saved version, newest first; an older one can be read, and put in the editor to save it again. */
export function RuleVersions({ ruleId, current, refreshKey, onUse }: Props) {
  const versions = useLoad((signal) => rulesApi.versions(ruleId, signal), [ruleId, refreshKey]);
  const [open, setOpen] = useState<number | null>(null);
  // Tagged with its version, so a slow answer for one version is never shown under another.
  const shown = useLoad(async (signal) => (open === null ? null : { version: open, yaml: await rulesApi.versionYaml(ruleId, open, signal) }), [ruleId, open]);
  const list = versions.data?.data ?? [];
  return (
    <section className="card rule-versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <ErrorNote error={versions.error} title="Could not list the versions" />
      {!versions.data && versions.loading && <Loading label="Loading versions" />}
      <ol className="version-list">
        {list.map((v) => (
          <li key={v.version}>
            <div className="version-row">
              <span><strong>v{v.version}</strong>{v.version === current && <span className="muted"> (current)</span>}</span>
              <span className="small muted"><Time value={v.createdAt} />{v.createdBy ? ` · ${v.createdBy}` : ''}</span>
              <Button className="btn-xs" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? null : v.version)}
                aria-label={`${open === v.version ? 'Hide' : 'View'} version ${v.version}`}>{open === v.version ? 'Hide' : 'View'}</Button>
            </div>
            {open === v.version && (
              <div className="version-body">
                <ErrorNote error={shown.error} title="Could not load the version" />
                {shown.data?.version === v.version ? (
                  <>
                    <CodeBlock label={`Version ${v.version}`} code={shown.data.yaml} />
                    {v.version !== current && <Button onClick={() => onUse(shown.data!.yaml, v.version)}>Put version {v.version} in the editor</Button>}
                  </>
                ) : !shown.error && <Loading label="Loading the version" />}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
