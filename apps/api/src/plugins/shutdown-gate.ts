import type { FastifyInstance } from 'fastify';
import { errorBody, RETRY_AFTER_SECONDS } from './framework-errors.js';

/**
 * Once close() has begun, requests still arriving on open connections are answered 503 with Retry-After
 * in the documented shape (Fastify's own drain answer has neither), so senders retry elsewhere or later.
 * Requests already in flight finish normally; close() waits for them.
 */
export function registerShutdownGate(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!closing) return;
    return reply.code(503).headers({ 'retry-after': String(RETRY_AFTER_SECONDS), connection: 'close' })
      .send(errorBody(String(req.id), 'service.unavailable', 'The service is shutting down; retry shortly'));
  });
}
