import type { SwaggerTransform } from '@fastify/swagger';

/**
 * The webhook endpoint in the OpenAPI document. Its route has no schema, on purpose: a body schema would make
 * Fastify parse and validate bodies that the ingest plugin reads raw (read-body.ts) and decodes itself, and a
 * response schema would serialize the empty 200. So this description is handed to @fastify/swagger only, as
 * the route's swaggerTransform, and never reaches request handling. teleport-wire.md §7 is the contract.
 */
const error = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: { $ref: 'ErrorBody#' } } } });
const retryAfter = { 'retry-after': { type: 'integer', description: 'seconds to wait before retrying' } };

const Outcome = {
  type: 'object',
  properties: {
    accepted: { type: 'integer', description: 'events stored now' },
    duplicates: { type: 'integer', description: 'events already stored (the same uid, or sid + ei + event), absorbed' },
    quarantined: { type: 'integer', description: 'parts that could not be stored as events: see GET /v1/sources/{id}/rejects' },
  },
  required: ['accepted', 'duplicates', 'quarantined'],
};

const Events = { oneOf: [{ type: 'object', description: 'one Teleport event' }, { type: 'array', items: { type: 'object' }, description: 'several events' }] };

const docs = (withPathToken: boolean) => ({
  tags: ['ingest'],
  summary: 'Send Teleport audit events (the Event Handler, Fluentd, Fluent Bit, Vector, curl)',
  description: [
    'The URL of a webhook source, as POST /v1/sources returned it. The token is its credential: in the path',
    '(`/v1/ingest/teleport/<token>`), as `Authorization: Bearer <token>`, as the password of `Authorization: Basic`, or as',
    '`?token=`. When several are sent, all must be valid for the same source. After the token the path may go on:',
    '`/session` (the Event Handler\'s session-url, which appends `.<session id>.log`) marks session events, anything',
    'else (`events.log`, a Fluentd tag) audit events.',
    '',
    'The body is decoded whatever its Content-Type says: a JSON object or array, NDJSON, concatenated JSON values,',
    'msgpack (Fluentd, Fluent Bit) or a form with a `json` or `ndjson` field, compressed with gzip, deflate, zstd or snappy',
    '(the Content-Encoding header; gzip and zstd are also recognised without it).',
    '',
    'The answer is 200 with an empty body once every event is stored, a duplicate, or quarantined: content that cannot',
    'be stored (bad JSON, a record that is not an object) is quarantined, never refused, because a refusal makes the',
    'Event Handler resend forever and the forwarders drop data. Everything transient (database down, overload, the',
    'source\'s rate limit, shutdown) is 503 with Retry-After, the status every sender retries; never 500.',
  ].join('\n'),
  ...(withPathToken ? {
    params: { type: 'object', properties: { token: { type: 'string', pattern: '^tai_wh_', description: 'the webhook token, optionally followed by further path segments (/session, events.log)' } }, required: ['token'] },
  } : {}),
  querystring: {
    type: 'object',
    properties: { verbose: { type: 'string', enum: ['1'], description: 'answer 200 with the counts as JSON instead of an empty body (so does Accept: application/json)' } },
  },
  headers: {
    type: 'object',
    properties: {
      'content-encoding': { type: 'string', enum: ['gzip', 'x-gzip', 'deflate', 'zstd', 'snappy', 'identity'], description: 'how the body is compressed; a list (e.g. "gzip, zstd") is undone in reverse' },
    },
  },
  body: {
    content: {
      'application/json': { schema: Events },
      'application/x-ndjson': { schema: { type: 'string', description: 'one JSON event per line (also application/jsonlines, application/x-jsonlines, application/jsonl)' } },
      'application/msgpack': { schema: { type: 'string', format: 'binary', description: 'a stream of msgpack maps, or Fluent Bit\'s [[time, meta], record] and [time, record] (also application/x-msgpack)' } },
      'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { json: { type: 'string' }, ndjson: { type: 'string' } } } },
      'text/plain': { schema: { type: 'string', description: 'any other type, or none: JSON, an array, or concatenated JSON values' } },
    },
  },
  // With the token in the path nothing else is needed ({}); otherwise one of the other three.
  security: [...(withPathToken ? [{}] : []), { webhookBearer: [] }, { webhookBasic: [] }, { webhookQueryToken: [] }] as Record<string, string[]>[],
  response: {
    200: {
      description: 'Stored: every event is stored, a duplicate, or quarantined. The body is empty (Content-Length: 0) unless ?verbose=1 or Accept: application/json asks for the counts.',
      headers: {
        'x-ingest-accepted': { type: 'integer', description: 'events stored now' },
        'x-ingest-duplicates': { type: 'integer', description: 'events already stored' },
        'x-ingest-quarantined': { type: 'integer', description: 'parts quarantined' },
      },
      content: { 'application/json': { schema: Outcome } },
    },
    400: error('The body could not be read (it broke off, or does not match its Content-Length), or the URL or a query value is not valid (request.invalid, request.invalid_url)'),
    401: error('No token, or an unknown, revoked or expired one (ingest.invalid_token)'),
    413: error('The body is larger than INGEST_MAX_BODY_BYTES as sent (request.body_too_large); a body too large once inflated is quarantined instead'),
    429: error('Too many failed authentications from this address (rate_limited); a valid token is still served', retryAfter),
    503: error('Not stored, retry: the database is unavailable, the service is overloaded or shutting down, or the source sent more than its requests per second (service.unavailable, ingest.overloaded, ingest.rate_limited)', retryAfter),
  },
});

/** The route `/v1/ingest/teleport` (credentials in a header or the query) and `/v1/ingest/teleport/*` (the token in the path). */
export const ingestOpenApi: SwaggerTransform = ({ url }) => url.endsWith('/*')
  ? { schema: docs(true), url: url.replace(/\/\*$/, '/{token}') }
  : { schema: docs(false), url };
