import { errors, findUnstorable } from '@tai/core';
import type { FastifyInstance } from 'fastify';

// Admin bodies are small and flat; this only stops hostile nesting before any handler sees it.
const MAX_INPUT_DEPTH = 32;

const PARTS = [
  { part: 'query', label: 'query parameter', get: (req: { query: unknown }) => req.query },
  { part: 'params', label: 'path parameter', get: (req: { params: unknown }) => req.params },
  { part: 'body', label: 'body field', get: (req: { body: unknown }) => req.body },
] as const;

/**
 * Every route's query, path and JSON body are refused with 400 before validation when they hold text
 * Postgres cannot store (U+0000, unpaired UTF-16 surrogates), non-finite numbers or absurd nesting.
 * Checked once for all routes rather than schema by schema, so a new route cannot forget it; without it
 * such input reaches the database and comes back as a 500. Raw ingest bodies are Buffers, not walked.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const { part, label, get } of PARTS) {
      const value = get(req);
      if (value === undefined || value === null || Buffer.isBuffer(value)) continue;
      const problem = findUnstorable(value, {
        maxDepth: MAX_INPUT_DEPTH,
        describe: (path) => (path === '' ? `the ${part === 'body' ? 'body' : part}` : `${label} ${path}`),
      });
      if (problem) throw errors.badRequest({ message: problem.message, details: { in: part } });
    }
  });
}
