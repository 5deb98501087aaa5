import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared sample corpus (shared/corpus/PROVENANCE.md) sits beside the repository, so its location
 * is derived from the repo root rather than hard-coded.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus/events');

export type CorpusFile =
  | 'panther-teleport.ndjson'
  | 'teleport-docs-placeholders.ndjson'
  | 'teleport-docs-reference.ndjson'
  | 'teleport-events-test.ndjson'
  | 'teleport-webapps-fixtures.ndjson'
  | 'teleport-webapps-session-stream.ndjson';

export type CorpusLine = { file: string; line: number; text: string; event: Record<string, unknown> };

export function loadCorpus(): CorpusLine[] {
  const files = readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.ndjson')).sort();
  return files.flatMap((file) => loadCorpusFile(file as CorpusFile));
}

export function loadCorpusFile(file: CorpusFile): CorpusLine[] {
  return readFileSync(path.join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .map((text, index) => ({ file, line: index + 1, text }))
    .filter(({ text }) => text.trim() !== '')
    .map((entry) => ({ ...entry, event: JSON.parse(entry.text) as Record<string, unknown> }));
}

/** The first real fixture line matching `where`; throws so a test never silently runs on nothing. */
export function fixture({ file, where }: { file: CorpusFile; where: (event: Record<string, unknown>) => boolean }) {
  const found = loadCorpusFile(file).find(({ event }) => where(event));
  if (!found) throw new Error(`no fixture in ${file} matches ${where.toString()}`);
  return found.event;
}
