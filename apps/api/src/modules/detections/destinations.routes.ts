import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '@tai/core';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { presentDelivery } from './deliveries.presenter.js';
import {
  CreateDestinationBody, DeliveriesQuery, DeliveryQueued, DeliveryView, DestinationCreated, DestinationView, IdParams, UpdateDestinationBody,
} from './destinations.schemas.js';
import { createDestination, getDestination, presentDestination, retryDelivery, sendTest, updateDestination, type DestinationsDeps } from './destinations.usecases.js';

export type DestinationsRoutesDeps = DestinationsDeps & { auditLog: Repositories['auditLog'] };

const tags = ['destinations'];

export const destinationsRoutes: FastifyPluginAsyncTypebox<{ deps: DestinationsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/destinations', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'Where alerts go, by name; secrets never shown', response: { 200: Type.Object({ data: Type.Array(DestinationView) }), ...errorResponses(400, 401, 503) } },
  }, async (req) => ({ data: (await deps.destinations.list({ tenantId: authOf(req).tenantId })).map((r) => presentDestination(r, deps.secretBox)) }));

  app.post('/v1/destinations', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Creates a destination (webhook, slack, pagerduty, email); its secret settings are sealed; a webhook\'s generated signing secret is returned once',
      body: CreateDestinationBody, response: { 201: DestinationCreated, ...errorResponses(400, 401, 403, 409, 413, 415, 503) },
    },
  }, async (req, reply) => {
    const created = await createDestination(deps, { tenantId: authOf(req).tenantId, body: req.body });
    await recordAudit(deps.auditLog, req, { action: 'destination.create', targetType: 'destination', targetId: created.destination.id, details: { name: req.body.name, kind: req.body.kind } });
    return reply.code(201).send(created);
  });

  app.get('/v1/destinations/:id', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'One destination', params: IdParams, response: { 200: Type.Object({ destination: DestinationView }), ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => ({ destination: presentDestination(await getDestination(deps, { tenantId: authOf(req).tenantId, id: req.params.id }), deps.secretBox) }));

  app.patch('/v1/destinations/:id', {
    config: { minRole: 'admin' },
    schema: {
      tags, summary: 'Renames, enables or disables a destination, sets its minimum severity, or replaces its settings (secret fields merge)', params: IdParams,
      body: UpdateDestinationBody, response: { 200: Type.Object({ destination: DestinationView }), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  }, async (req) => {
    const destination = await updateDestination(deps, { tenantId: authOf(req).tenantId, id: req.params.id, changes: req.body });
    // Which secret fields changed, never their values.
    await recordAudit(deps.auditLog, req, { action: 'destination.update', targetType: 'destination', targetId: destination.id, details: { fields: Object.keys(req.body), secretFields: Object.keys(req.body.secret ?? {}) } });
    return { destination };
  });

  app.delete('/v1/destinations/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Deletes a destination with its deliveries', params: IdParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 503) } },
  }, async (req, reply) => {
    if (!(await deps.destinations.delete({ tenantId: authOf(req).tenantId, id: req.params.id }))) throw errors.destinationNotFound();
    await recordAudit(deps.auditLog, req, { action: 'destination.delete', targetType: 'destination', targetId: req.params.id });
    return reply.code(204).send(null);
  });

  app.post('/v1/destinations/:id/test', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Queues a test notice to the destination; the delivery shows how it went', params: IdParams, response: { 202: DeliveryQueued, ...errorResponses(400, 401, 403, 404, 413, 415, 503) } },
  }, async (req, reply) => {
    const queued = await sendTest(deps, { tenantId: authOf(req).tenantId, id: req.params.id });
    await recordAudit(deps.auditLog, req, { action: 'destination.test', targetType: 'destination', targetId: req.params.id, details: { deliveryId: queued.delivery.id } });
    return reply.code(202).send(queued);
  });

  app.get('/v1/destinations/:id/deliveries', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'The destination\'s recent deliveries, newest first', params: IdParams, querystring: DeliveriesQuery, response: { 200: Type.Object({ data: Type.Array(DeliveryView) }), ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const tenantId = authOf(req).tenantId;
    const destination = await getDestination(deps, { tenantId, id: req.params.id });
    const rows = await deps.destinations.recentDeliveries({ tenantId, destinationId: destination.id, limit: req.query.limit ?? 50 });
    return { data: rows.map((r) => presentDelivery(r, destination)) };
  });

  app.get('/v1/deliveries/:id', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'One delivery with each attempt and the destination\'s answer', params: IdParams, response: { 200: Type.Object({ delivery: DeliveryView }), ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => {
    const tenantId = authOf(req).tenantId;
    const delivery = await deps.destinations.getDelivery({ tenantId, id: req.params.id });
    if (!delivery) throw errors.deliveryNotFound();
    const destination = await getDestination(deps, { tenantId, id: delivery.destinationId });
    return { delivery: presentDelivery(delivery, destination, delivery.attemptLog) };
  });

  app.post('/v1/deliveries/:id/retry', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Tries a failed delivery again from now', params: IdParams, response: { 202: DeliveryQueued, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) } },
  }, async (req, reply) => {
    const queued = await retryDelivery(deps, { tenantId: authOf(req).tenantId, id: req.params.id });
    await recordAudit(deps.auditLog, req, { action: 'delivery.retry', targetType: 'delivery', targetId: req.params.id });
    return reply.code(202).send(queued);
  });
};
