import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Repositories } from '@tai/db';
import { Type } from 'typebox';
import { recordAudit } from '../../plugins/audit.js';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { actorName } from './actor.js';
import { AlertDetail, AlertIdParams, AlertListQuery, AlertNote, AlertNoteBody, AlertPage, AlertPatch, AlertView } from './alerts.schemas.js';
import { addAlertNote, getAlert, listAlerts, setAlertStatus, type AlertsDeps } from './alerts.usecases.js';

export type AlertsRoutesDeps = AlertsDeps & { apiKeys: Pick<Repositories['apiKeys'], 'get'>; auditLog: Repositories['auditLog'] };

const tags = ['alerts'];

export const alertsRoutes: FastifyPluginAsyncTypebox<{ deps: AlertsRoutesDeps }> = async (app, { deps }) => {
  app.get('/v1/alerts', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'Alerts, newest first, filtered, with counts by status and severity', querystring: AlertListQuery, response: { 200: AlertPage, ...errorResponses(400, 401, 503) } },
  }, async (req) => listAlerts(deps, { tenantId: authOf(req).tenantId, input: req.query }));

  app.get('/v1/alerts/:id', {
    config: { minRole: 'reader' },
    schema: { tags, summary: 'One alert with the rule version that raised it, its events and its deliveries', params: AlertIdParams, response: { 200: AlertDetail, ...errorResponses(400, 401, 404, 503) } },
  }, async (req) => getAlert(deps, { tenantId: authOf(req).tenantId, id: req.params.id }));

  app.patch('/v1/alerts/:id', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Acknowledges, resolves or reopens an alert; who and when are recorded', params: AlertIdParams, body: AlertPatch, response: { 200: Type.Object({ alert: AlertView }), ...errorResponses(400, 401, 403, 404, 413, 415, 503) } },
  }, async (req) => {
    const auth = authOf(req);
    const by = await actorName(deps.apiKeys, auth);
    const alert = await setAlertStatus(deps, { tenantId: auth.tenantId, id: req.params.id, status: req.body.status, by });
    const note = req.body.note?.trim() ? await addAlertNote(deps, { tenantId: auth.tenantId, alertId: alert.id, author: by, text: req.body.note }) : null;
    await recordAudit(deps.auditLog, req, { action: 'alert.update', targetType: 'alert', targetId: alert.id, details: { status: alert.status, ...(note ? { note: note.text, noteId: note.id } : {}) } });
    return { alert };
  });

  app.post('/v1/alerts/:id/notes', {
    config: { minRole: 'admin' },
    schema: { tags, summary: 'Writes a note on an alert (who and when are recorded); GET /v1/alerts/{id} lists them', params: AlertIdParams, body: AlertNoteBody, response: { 201: Type.Object({ note: AlertNote }), ...errorResponses(400, 401, 403, 404, 413, 415, 503) } },
  }, async (req, reply) => {
    const auth = authOf(req);
    const note = await addAlertNote(deps, { tenantId: auth.tenantId, alertId: req.params.id, author: await actorName(deps.apiKeys, auth), text: req.body.text });
    await recordAudit(deps.auditLog, req, { action: 'alert.note', targetType: 'alert', targetId: req.params.id, details: { noteId: note.id } });
    return reply.code(201).send({ note });
  });
};
