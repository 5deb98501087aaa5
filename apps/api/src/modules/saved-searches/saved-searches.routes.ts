import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, MAX_QUERY_LENGTH, resolveTimeRange, uuidv7 } from '@tai/core';
import { isUniqueViolation, type Repositories, type SavedSearchRow } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { searchCondition } from '../events/search-plan.js';

export type SavedSearchesRoutesDeps = { savedSearches: Repositories['savedSearches']; auditLog: Repositories['auditLog']; now: () => Date };

const S = Type.Union([Type.String(), Type.Null()]);
const SavedSearch = Type.Object({
  id: Type.String(), name: Type.String(), query: Type.String(), from: S, to: S, ownerKeyId: S, createdAt: Type.String(), updatedAt: Type.String(),
});
const Fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  query: Type.String({ maxLength: MAX_QUERY_LENGTH, description: 'in the search language; checked when saved' }),
  from: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'kept as written: -24h stays relative' })),
  to: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
};
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

const present = (r: SavedSearchRow) => ({ id: r.id, name: r.name, query: r.query, from: r.from, to: r.to, ownerKeyId: r.ownerKeyId, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

/** Checks what a saved search would run, so a broken one is refused when saved rather than when opened. */
function validate(body: { query?: string; from?: string | null; to?: string | null }, now: Date): void {
  if (body.query !== undefined) searchCondition({ q: body.query }, now);
  resolveTimeRange({ from: body.from ?? undefined, to: body.to ?? undefined }, now);
}

const duplicate = (name: string) => errors.conflict({ message: `A saved search named ${JSON.stringify(name)} already exists`, details: { field: 'name' } });

export const savedSearchesRoutes: FastifyPluginAsyncTypebox<{ deps: SavedSearchesRoutesDeps }> = async (app, { deps }) => {
  app.post('/v1/saved-searches', {
    config: { minRole: 'admin' },
    schema: { tags: ['saved-searches'], summary: 'Saves a query and time range under a name', body: Type.Object(Fields, { additionalProperties: false }), response: { 201: Type.Object({ savedSearch: SavedSearch }), ...errorResponses(400, 401, 403, 409, 413, 415, 503) } },
  }, async (req, reply) => {
    const auth = authOf(req);
    validate(req.body, deps.now());
    try {
      const row = await deps.savedSearches.create({ tenantId: auth.tenantId, id: uuidv7(), name: req.body.name, query: req.body.query, from: req.body.from ?? null, to: req.body.to ?? null, ownerKeyId: auth.keyId, now: deps.now() });
      await recordAudit(deps.auditLog, req, { action: 'saved_search.create', targetType: 'saved_search', targetId: row.id, details: { name: row.name } });
      return reply.code(201).send({ savedSearch: present(row) });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(req.body.name);
      throw err;
    }
  });

  app.get('/v1/saved-searches', {
    config: { minRole: 'reader' },
    schema: { tags: ['saved-searches'], summary: 'The tenant\'s saved searches, by name', response: { 200: Type.Object({ data: Type.Array(SavedSearch) }), ...errorResponses(400, 401, 503) } },
  }, async (req) => ({ data: (await deps.savedSearches.list({ tenantId: authOf(req).tenantId })).map(present) }));

  app.get('/v1/saved-searches/:id', {
    config: { minRole: 'reader' },
    schema: { tags: ['saved-searches'], summary: 'One saved search', params: Params, response: { 200: Type.Object({ savedSearch: SavedSearch }), ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const row = await deps.savedSearches.get({ tenantId: authOf(req).tenantId, id: req.params.id });
    if (!row) throw errors.savedSearchNotFound();
    return { savedSearch: present(row) };
  });

  app.patch('/v1/saved-searches/:id', {
    config: { minRole: 'admin' },
    schema: { tags: ['saved-searches'], summary: 'Changes a saved search', params: Params, body: Type.Partial(Type.Object(Fields), { additionalProperties: false }), response: { 200: Type.Object({ savedSearch: SavedSearch }), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) } },
  }, async (req) => {
    const auth = authOf(req);
    validate(req.body, deps.now());
    try {
      const row = await deps.savedSearches.update({ tenantId: auth.tenantId, id: req.params.id, changes: req.body, now: deps.now() });
      if (!row) throw errors.savedSearchNotFound();
      await recordAudit(deps.auditLog, req, { action: 'saved_search.update', targetType: 'saved_search', targetId: row.id, details: { fields: Object.keys(req.body) } });
      return { savedSearch: present(row) };
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(req.body.name ?? '');
      throw err;
    }
  });

  app.delete('/v1/saved-searches/:id', {
    config: { minRole: 'admin' },
    schema: { tags: ['saved-searches'], summary: 'Deletes a saved search', params: Params, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) } },
  }, async (req, reply) => {
    const auth = authOf(req);
    if (!(await deps.savedSearches.delete({ tenantId: auth.tenantId, id: req.params.id }))) throw errors.savedSearchNotFound();
    await recordAudit(deps.auditLog, req, { action: 'saved_search.delete', targetType: 'saved_search', targetId: req.params.id });
    return reply.code(204).send(null);
  });
};
