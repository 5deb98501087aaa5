import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository's copy of the public sample corpus (test/fixtures/corpus/PROVENANCE.md says where each
 * file comes from). Tests and benches read it from here, so a clone needs nothing beside it.
 */
export const CORPUS_ROOT = path.resolve(import.meta.dirname, '../fixtures/corpus');
const CORPUS_DIR = path.join(CORPUS_ROOT, 'events');
/** SQS message bodies an S3-ingesting worker receives. */
export const SQS_CORPUS_DIR = path.join(CORPUS_ROOT, 'sqs');

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
