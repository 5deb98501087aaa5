import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsScrapeAllowed, type Metrics } from '@tai/core';
import type { JobLogger } from './runner/job-runner.js';

export type MetricsServer = { url: string; close: () => Promise<void> };

const json = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ error: { code, message } }));

/**
 * The worker's only HTTP surface: GET /metrics for Prometheus, on its own port. Nothing else is served,
 * so it needs none of the API's machinery; with a token configured a scrape must send it as a Bearer token.
 */
export async function startMetricsServer({ host, port, token, metrics, log }: { host: string; port: number; token: string | null; metrics: Pick<Metrics, 'exposition'>; log: JobLogger }): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return json(res, 404, 'route.not_found', 'Only GET /metrics is served here');
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, 'request.method_not_allowed', 'Use GET /metrics', { allow: 'GET, HEAD' });
    if (!metricsScrapeAllowed({ authorization: req.headers.authorization, token })) {
      return json(res, 401, 'metrics.unauthorized', 'The metrics need Authorization: Bearer <METRICS_TOKEN>', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    metrics.exposition().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      (err: unknown) => {
        log.error({ err }, 'collecting metrics failed');
        json(res, 503, 'service.unavailable', 'The metrics could not be collected; retry');
      },
    );
  });
  // Scrapes are small and quick; a client that holds a connection open gets nothing for it.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
