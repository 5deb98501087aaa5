import rateLimit from '@fastify/rate-limit';
import { AppError, errors, isAppError, type Metrics } from '@tai/core';
import type { Repositories, SourceRow } from '@tai/db';
import { Transform, type Readable } from 'node:stream';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { IngestConfig } from '../../config.js';
import { createAuthFailureLimiter } from './auth-failure-limiter.js';
import { WriterOverloadedError, type EventWriter } from './event-writer.js';
import { parseIngestCredentials } from './ingest-credentials.js';
import { errorBody, RETRY_AFTER_SECONDS } from '../../plugins/framework-errors.js';
import { ingestWebhookRequest } from './ingest.usecases.js';
import { createHeapReclaimer } from './heap-reclaim.js';
import { createKeyedLane } from './keyed-lane.js';
import { bodyCost, createMemoryBudget, MemoryBudgetExhaustedError, type MemoryLease } from './memory-budget.js';
import { ingestOpenApi } from './ingest.openapi.js';
import { readBody } from './read-body.js';
import { cachedTokenLookup } from './token-lookup-cache.js';
import { findSourceByWebhookToken } from './webhook-token.js';

declare module 'fastify' {
  interface FastifyRequest {
    ingestSource: SourceRow | null;
    /** this request's share of the ingest memory budget, given back when the response closes */
    ingestLease: MemoryLease | null;
    /** the session a session-stream URL names (`<url>.<sid>.log`), for events without a sid of their own */
    ingestSessionId: string | null;
  }
}

export type IngestRoutesDeps = {
  config: IngestConfig;
  sources: Pick<Repositories['sources'], 'findByTokenHash'>;
  rejects: Pick<Repositories['ingestRejects'], 'record'>;
  writer: Pick<EventWriter, 'write'>;
  redis: Redis | null;
  metrics: Pick<Metrics, 'ingest' | 'watch'>;
  now: () => Date;
};

const PREFIX = '/v1/ingest/teleport';

/**
 * The webhook endpoint the Teleport Event Handler, Fluentd, Fluent Bit, Vector and curl post to.
 * Its contract differs from the admin API's (teleport-wire.md §7.3): 200 with an empty body only once
 * everything is durable; 401 for bad tokens; 413 for oversize bodies; and 503 with Retry-After for
 * anything transient or unexpected, because 503 is the status every one of those senders retries.
 */
export const ingestRoutes: FastifyPluginAsync<{ deps: IngestRoutesDeps }> = async (app, { deps }) => {
  const failures = createAuthFailureLimiter({ maxPerMinute: deps.config.authFailuresPerMinute });
  const sources = cachedTokenLookup(deps.sources, { ttlMs: deps.config.tokenCacheSeconds * 1000 });
  const lanes = createKeyedLane();
  const reclaim = createHeapReclaimer({ everyBytes: deps.config.memoryBudgetBytes / 8 });
  const budget = createMemoryBudget({ bytes: deps.config.memoryBudgetBytes, onReleased: reclaim });
  const unwatchBudget = deps.metrics.watch.memoryBudget(budget);
  app.addHook('onClose', async () => unwatchBudget());
  app.decorateRequest('ingestSource', null);
  app.decorateRequest('ingestLease', null);
  app.decorateRequest('ingestSessionId', null);

  // Bodies are decoded by us, whatever they claim to be: a raw buffer for every content type (and none).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (req: FastifyRequest, payload: Readable) =>
    readBody(payload, { contentLength: declaredLength(req), limit: deps.config.maxBodyBytes }));

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const body = (code: string, message: string) => errorBody(String(req.id), code, message);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (isAppError(err) && err.statusCode === 413)) {
      return reply.code(413).send(body('request.body_too_large', isAppError(err) ? err.message : `The body exceeds ${deps.config.maxBodyBytes} bytes`));
    }
    if (isAppError(err) && (err.statusCode === 400 || err.statusCode === 401 || err.statusCode === 429 || err.statusCode === 503)) {
      if (err.headers) void reply.headers(err.headers);
      if (err.statusCode >= 429) void reply.header('retry-after', err.headers?.['retry-after'] ?? String(RETRY_AFTER_SECONDS));
      return reply.code(err.statusCode).send(body(err.code, err.message));
    }
    // A body that broke off mid-way (the client went away or lied about its length).
    if (err.statusCode === 400) return reply.code(400).send(body('request.invalid', 'The request body could not be read'));
    // Database down, pool exhausted, or a bug: the sender must keep its copy and retry, so never 500.
    req.log.error({ err }, 'ingest failed; answered 503');
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(body('service.unavailable', 'The events were not stored; retry later'));
  });

  // Credentials are checked before the body is read. The token is always checked, and only failures count
  // against the address: a valid sender sharing an address (NAT, a proxy) with a guesser is never refused.
  // Once an address is over the limit its failures get 429, and its uncached look-ups share one lane.
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const params = req.params as { '*'?: string };
    const query = req.query as { token?: string | string[] };
    const { tokens, hint } = parseIngestCredentials({ pathRest: params['*'] ?? '', queryToken: query.token, authorization: req.headers.authorization });
    const flooding = failures.retryAfterSeconds(req.ip) > 0;
    const lookup = flooding
      ? { findByTokenHash: async (args: { tokenHash: string }) => sources.peek(args.tokenHash) ?? lanes.run(req.ip, () => sources.findByTokenHash(args)) }
      : sources;
    const found = await Promise.all(tokens.map((t) => findSourceByWebhookToken({ sources: lookup, now: deps.now }, t)));
    // Every credential presented must be valid, and all must name the same source.
    const source = found[0];
    if (!source || found.some((s) => !s || s.id !== source.id)) {
      failures.recordFailure(req.ip);
      if (flooding) throw errors.rateLimited({ message: 'Too many failed authentications from this address', headers: { 'retry-after': String(failures.retryAfterSeconds(req.ip)) } });
      throw errors.invalidIngestToken();
    }
    req.ingestSource = source;
    req.ingestSessionId = hint.kind === 'session' ? hint.sessionId : null;
    req.log = req.log.child({ tenantId: source.tenantId, sourceId: source.id });
  });

  // A body is leased before it is read: as sent, and for a body sent uncompressed (whose inflated size is
  // known) also what parsing it will cost, so a burst of large bodies gets 503 instead of the heap.
  app.addHook('preParsing', async (req, reply, payload) => {
    const lease = budget.lease();
    req.ingestLease = lease;
    reply.raw.once('close', () => lease.release());
    const declared = declaredLength(req);
    // Oversize bodies are refused with 413 by the body reader without being read, so they lease nothing.
    if (declared === null) return leasedStream(payload, lease);
    if (declared <= deps.config.maxBodyBytes && !lease.ensure(bodyCost({ sentBytes: declared, inflatedBytes: isUncompressed(req) ? declared : 0, inflated: false }))) {
      // The refused body is still read from the socket and dropped, chunk by chunk: garbage all the same.
      reclaim(declared);
      throw memoryBudgetExhausted();
    }
    return payload;
  });

  if (deps.config.sourceRateLimitPerSecond > 0) {
    await app.register(rateLimit, {
      global: true,
      hook: 'preHandler',
      max: deps.config.sourceRateLimitPerSecond,
      timeWindow: 1_000,
      skipOnError: true,
      ...(deps.redis ? { redis: deps.redis, nameSpace: 'tai-ingest-rate-' } : {}),
      keyGenerator: (req) => req.ingestSource?.id ?? req.ip,
      // Over-limit senders get 503, not 429: Fluentd retries only 503 by default, and losing nothing matters more.
      errorResponseBuilder: (_req, context) => new AppError({
        code: 'ingest.rate_limited', statusCode: 503, message: `This source sent more than ${context.max} requests per second; retry shortly`,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
    });
  }

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const source = req.ingestSource!;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let outcome;
    try {
      outcome = await ingestWebhookRequest(
        { writer: deps.writer, rejects: deps.rejects, limits: deps.config, metrics: deps.metrics.ingest, now: deps.now, lease: req.ingestLease! },
        { source, sessionIdHint: req.ingestSessionId, input: { body, contentEncoding: req.headers['content-encoding'], contentType: req.headers['content-type'], userAgent: req.headers['user-agent'] } },
      );
    } catch (err) {
      if (err instanceof WriterOverloadedError) throw errors.ingestOverloaded();
      if (err instanceof MemoryBudgetExhaustedError) throw memoryBudgetExhausted();
      throw err;
    }
    void reply.headers({
      'x-ingest-accepted': String(outcome.accepted),
      'x-ingest-duplicates': String(outcome.duplicates),
      'x-ingest-quarantined': String(outcome.quarantined),
    });
    const verbose = (req.query as { verbose?: string }).verbose === '1' || /^application\/json\b/i.test(req.headers.accept ?? '');
    // Exactly 200 (the Event Handler treats 201/202 as failures) and, by default, an empty body, because the
    // handler never drains response bodies and a non-empty one blocks connection reuse.
    return verbose ? reply.code(200).send(outcome) : reply.code(200).send();
  };

  for (const url of [PREFIX, `${PREFIX}/*`]) {
    // The OpenAPI description is the route's swaggerTransform only: a schema here would make Fastify parse the body.
    app.route({ method: ['POST', 'PUT'], url, bodyLimit: deps.config.maxBodyBytes, config: { swaggerTransform: ingestOpenApi }, handler });
  }
};

const declaredLength = (req: FastifyRequest): number | null => {
  const value = Number(req.headers['content-length']);
  return req.headers['content-length'] !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : null;
};

const isUncompressed = (req: FastifyRequest): boolean => {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  return encoding === undefined || encoding === '' || encoding === 'identity';
};

// The rest of a refused body is read and dropped chunk by chunk (to keep the connection), never held.
const memoryBudgetExhausted = () =>
  errors.ingestOverloaded({ message: 'The service holds as many ingest bodies as its memory budget allows; retry shortly' });

/** A chunked body (no Content-Length) leases its bytes as they arrive, twice: its chunks are joined at the end. */
function leasedStream(payload: Readable, lease: MemoryLease): Readable {
  let received = 0;
  const leased = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      (leased as Transform & { receivedEncodedLength: number }).receivedEncodedLength = received;
      callback(lease.ensure(lease.held() + 2 * chunk.length) ? null : memoryBudgetExhausted(), chunk);
    },
  });
  payload.on('error', (err) => leased.destroy(err));
  return payload.pipe(leased);
}
