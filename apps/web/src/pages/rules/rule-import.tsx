import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { rulesApi } from '../../api/rules-api';
import { useAction } from '../../components/settings-use-action';
import { Button, ErrorNote } from '../../components/ui';

const MAX_BYTES = 1_048_576;

/** Import a YAML stream of rules (ours or Sigma), from a file or pasted; all of them or none, as the API does it. */
export function RuleImport({ onDone, onClose }: { onDone: (message: string) => void; onClose: () => void }) {
  const id = useId();
  const [format, setFormat] = useState<'yaml' | 'sigma'>('yaml');
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const run = useAction(async () => {
    const result = await rulesApi.importRules(text, format);
    const created = result.imported.filter((r) => r.created).length;
    setWarnings(result.imported.flatMap((r) => r.warnings.map((w) => `${r.id}: ${w}`)));
    onDone(`Imported ${result.imported.length} rule${result.imported.length === 1 ? '' : 's'} (${created} new, ${result.imported.length - created} replaced as a new version): ${result.imported.map((r) => r.id).join(', ')}.`);
    setText('');
    setFileNote(null);
  });
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileNote(`${file.name} is larger than 1 MiB, more than an import takes.`);
      return;
    }
    setText(await file.text());
    setFileNote(`${file.name} loaded (${file.size.toLocaleString()} bytes).`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run.run();
  };
  return (
    <form className="card rule-import" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">Import rules</h2>
      <p className="muted small">Every rule is validated and its tests run; then all are saved together, or none. A rule whose id exists is saved as its next version.</p>
      <fieldset className="choice-row">
        <legend>Format</legend>
        <label className="choice"><input type="radio" name={`${id}-format`} checked={format === 'yaml'} onChange={() => setFormat('yaml')} /> Rule files (YAML, <code>---</code> between rules)</label>
        <label className="choice"><input type="radio" name={`${id}-format`} checked={format === 'sigma'} onChange={() => setFormat('sigma')} /> Sigma rules for Teleport</label>
      </fieldset>
      <label>
        File
        <input type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" onChange={(e) => void readFile(e)} />
      </label>
      {fileNote && <p className="hint" role="status">{fileNote}</p>}
      <label>
        Or paste the rules
        <textarea className="yaml-input" rows={10} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder={format === 'sigma' ? 'title: …\nlogsource: { product: teleport, service: audit }\ndetection: …' : 'id: …\ntitle: …\nkind: match\n---\nid: …'} />
      </label>
      <ErrorNote error={run.error} title="Nothing was imported" />
      {warnings.length > 0 && (
        <div className="note note-warn">
          <strong>Sigma: where the meaning shifts</strong>
          <ul>{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </div>
      )}
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={run.busy || !text.trim()}>{run.busy ? 'Importing…' : 'Import'}</button>
        <Button onClick={onClose}>Close</Button>
      </div>
    </form>
  );
}
