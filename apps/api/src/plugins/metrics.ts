import { errors, metricsScrapeAllowed, type Metrics } from '@tai/core';
import type { FastifyInstance } from 'fastify';

// Requests that matched no route share one label, whatever their URL.
const UNMATCHED = 'unmatched';

/**
 * Times every request by its route pattern (never the URL: webhook URLs hold their token) and serves
 * GET /metrics for Prometheus: operator-only, outside /v1 and the OpenAPI document, and with METRICS_TOKEN
 * set only with `Authorization: Bearer <token>`.
 */
export function registerMetrics(app: FastifyInstance, { metrics, token }: { metrics: Pick<Metrics, 'http' | 'exposition'>; token: string | null }): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.http.observe({ method: req.method, route: req.routeOptions.url ?? UNMATCHED, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!metricsScrapeAllowed({ authorization: req.headers.authorization, token })) {
      throw errors.metricsUnauthorized({ headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
    }
    const { contentType, body } = await metrics.exposition();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}
