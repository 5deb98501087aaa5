import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { EventDetail, EventPage, EventQuery, EventSearchBody } from './events.schemas.js';
import { getEvent, searchEvents } from './events.usecases.js';

export type EventsRoutesDeps = { eventSearch: Repositories['eventSearch']; now: () => Date };

export const eventsRoutes: FastifyPluginAsyncTypebox<{ deps: EventsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/events', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'Search events with the query language, newest first, with keyset paging', querystring: EventQuery, response: { 200: EventPage, ...errorResponses(400, 401, 422, 503) } },
  }, async (req) => searchEvents(deps.eventSearch, { tenantId: authOf(req).tenantId, input: req.query, now: deps.now() }));

  app.post('/v1/events/search', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'The same search as GET /v1/events, with the query in a JSON body (for long queries)', body: EventSearchBody, response: { 200: EventPage, ...errorResponses(400, 401, 403, 413, 415, 422, 503) } },
  }, async (req) => searchEvents(deps.eventSearch, { tenantId: authOf(req).tenantId, input: req.body, now: deps.now() }));

  app.get('/v1/events/:id', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'One event with its normalized fields and the raw event', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: EventDetail, ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => getEvent(deps.eventSearch, { tenantId: authOf(req).tenantId, id: req.params.id }));
};
