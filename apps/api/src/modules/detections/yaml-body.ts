import type { FastifyInstance } from 'fastify';
import { parseAllDocuments } from 'yaml';

export const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'] as const;
// Rule files are a few KiB; the whole built-in pack as one stream is under 100 KiB.
export const MAX_YAML_BODY_BYTES = 1_048_576;

/** Takes YAML bodies as text in this plugin's scope; the routes parse them (so errors can name a line). */
export function registerYamlBody(app: FastifyInstance): void {
  app.addContentTypeParser([...YAML_TYPES], { parseAs: 'string', bodyLimit: MAX_YAML_BODY_BYTES }, (_req, body, done) => done(null, body));
}

/** Whether the client asked for YAML: `?format=yaml`, or an Accept naming a YAML type (and not JSON first). */
export function wantsYaml(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  const yaml = types.findIndex((t) => (YAML_TYPES as readonly string[]).includes(t));
  const json = types.indexOf('application/json');
  return yaml !== -1 && (json === -1 || yaml < json);
}

export type YamlDocument = {
  /** 1-based, counting the stream's non-empty documents */
  number: number;
  /** the document alone, after as many newlines as came before it, so parse errors name the stream's lines */
  text: string;
  /** the document's content without its `---` marker, for tools that take one document or a collection */
  content: string;
  /** the parsed value, or null when the document has a syntax error */
  value: unknown;
};

/** The documents of a multi-document YAML stream (`---` between them); empty ones are left out. */
export function yamlDocuments(text: string): YamlDocument[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  const out: YamlDocument[] = [];
  for (const doc of docs) {
    if (doc.contents === null && doc.errors.length === 0) continue;
    const [start, , end] = doc.range;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const newlines = text.slice(0, lineStart).split('\n').length - 1;
    const contentStart = doc.contents?.range?.[0] ?? start;
    out.push({
      number: out.length + 1,
      text: '\n'.repeat(newlines) + text.slice(lineStart, end),
      content: text.slice(contentStart, end),
      value: doc.errors.length > 0 ? null : doc.toJS({ maxAliasCount: 50 }),
    });
  }
  return out;
}
