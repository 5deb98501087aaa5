import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../shared.schemas.js';

const Status = Type.Object({ status: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: { pingDatabase: () => Promise<void> } }> = async (app, { deps }) => {
  app.get('/healthz', { schema: { tags: ['health'], security: PUBLIC, summary: 'The process is up', response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: { tags: ['health'], security: PUBLIC, summary: 'The database is reachable', response: { 200: Status, 503: Status } },
  }, async (req, reply) => {
    try {
      await deps.pingDatabase();
      return { status: 'ready' };
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      return reply.code(503).header('retry-after', '5').send({ status: 'database unreachable' });
    }
  });
};
