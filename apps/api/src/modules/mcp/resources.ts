import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { QUERY_LANGUAGE_REFERENCE } from './query-language.reference.js';
import type { RestClient } from './rest-client.js';
import { ok } from './tool-error.js';

export const QUERY_LANGUAGE_URI = 'teleport-audit://reference/query-language';
export const FIELDS_URI = 'teleport-audit://reference/fields';

type Field = { name: string; aliases: string[]; type: string; description: string; groupable: boolean };

/** The fields as a Markdown table, from GET /v1/search/fields, so the list is the one the API parses. */
export function fieldsMarkdown(fields: readonly Field[]): string {
  const rows = fields.map((f) => `| ${f.name} | ${f.aliases.join(', ')} | ${f.type} | ${f.description.replace(/\|/g, '\\|')} | ${f.groupable ? 'yes' : ''} |`);
  return ['# Search fields', '', 'groupable: usable as group_by of event_histogram and in fields of top_values.', '', '| field | aliases | type | meaning | groupable |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

export function registerResources(server: McpServer, rest: RestClient): void {
  server.registerResource('query-language', QUERY_LANGUAGE_URI, {
    title: 'Query language reference',
    description: 'How to write the query argument of the search tools: terms, operators, wildcards, comparisons, IPs, time ranges, examples',
    mimeType: 'text/markdown',
  }, async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: QUERY_LANGUAGE_REFERENCE }] }));

  server.registerResource('fields', FIELDS_URI, {
    title: 'Search fields',
    description: 'Every field of the query language with its aliases, type and meaning',
    mimeType: 'text/markdown',
  }, async (uri) => {
    const body = ok<{ data: Field[] }>(await rest.get('/v1/search/fields'));
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: fieldsMarkdown(body.data) }] };
  });
}
