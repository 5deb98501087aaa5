import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, parseEventId } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { ErrorResponses } from '../shared.schemas.js';
import { EventDetail, EventPage, EventQuery } from './events.schemas.js';
import { presentEventDetail, searchEvents } from './events.usecases.js';

export const eventsRoutes: FastifyPluginAsyncTypebox<{ deps: { auditEvents: Repositories['auditEvents'] } }> = async (app, { deps }) => {
  app.get('/v1/events', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'Search events, newest first, with keyset paging', querystring: EventQuery, response: { 200: EventPage, ...ErrorResponses } },
  }, async (req) => searchEvents(deps.auditEvents, { tenantId: authOf(req).tenantId, params: req.query }));

  app.get('/v1/events/:id', {
    config: { minRole: 'reader' },
    schema: { tags: ['events'], summary: 'One event with its normalized fields and the raw event', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: EventDetail, ...ErrorResponses } },
  }, async (req) => {
    const ref = parseEventId(req.params.id);
    if (!ref) throw errors.eventNotFound();
    const row = await deps.auditEvents.get({ tenantId: authOf(req).tenantId, ...ref });
    if (!row) throw errors.eventNotFound();
    return presentEventDetail(row);
  });
};
