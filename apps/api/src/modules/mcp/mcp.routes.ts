import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { defineError, errors } from '@tai/core';
import { Type } from 'typebox';
import { authOf } from '../../plugins/auth.js';
import { errorResponses } from '../shared.schemas.js';
import { injectRestClient } from './inject-rest-client.js';
import { createMcpServer } from './mcp-server.js';
import { createRateLimiter, MCP_CALLS_PER_MINUTE, type RateLimiter } from './rate-limiter.js';

export type McpRoutesDeps = {
  /** shared by every request of this app, so a key's calls are counted across requests */
  limiter?: RateLimiter;
  timeBudgetMs?: number;
  budget?: number;
};

const notAcceptable = defineError({ code: 'request.not_acceptable', statusCode: 406, message: 'An MCP client must accept application/json and text/event-stream' });
const methodNotAllowed = defineError({ code: 'request.method_not_allowed', statusCode: 405, message: 'This MCP server is stateless: POST JSON-RPC messages to /mcp (no GET stream, no session to DELETE)' });
const errorRef = Type.Unsafe<unknown>({ $ref: 'ErrorBody#' });

const JsonRpcMessage = Type.Object({ jsonrpc: Type.Literal('2.0') }, { additionalProperties: true });

/**
 * MCP over streamable HTTP at /mcp, stateless: every POST gets a server of its own, built for the caller's key
 * (its tenant and role), whose tools call the REST API in-process with that same key. Nothing is kept between
 * requests, so any replica can answer any request.
 */
export const mcpRoutes: FastifyPluginAsyncTypebox<{ deps?: McpRoutesDeps }> = async (app, { deps = {} }) => {
  const limiter = deps.limiter ?? createRateLimiter({ perMinute: MCP_CALLS_PER_MINUTE });

  app.post('/mcp', {
    config: { minRole: 'reader' },
    schema: {
      tags: ['mcp'],
      summary: 'Model Context Protocol (streamable HTTP, stateless): JSON-RPC messages in, JSON-RPC answers out. Tools, resources and prompts over this API for AI assistants; see the README',
      querystring: Type.Object({
        changes: Type.Optional(Type.Literal('allow', { description: 'offer the changing tools (acknowledge_alert, set_rule_enabled) to an admin key; without it no tool changes anything' })),
      }),
      body: Type.Union([JsonRpcMessage, Type.Array(JsonRpcMessage, { minItems: 1, maxItems: 50 })], { description: 'a JSON-RPC 2.0 message (initialize, tools/list, tools/call…)' }),
      response: {
        200: Type.Unknown({ description: 'the JSON-RPC answer (application/json)' }),
        202: Type.Null({ description: 'a notification or response was accepted' }),
        ...errorResponses(400, 401, 403, 413, 415, 503),
        406: errorRef,
      },
    },
  }, async (req, reply) => {
    const auth = authOf(req);
    if (!auth.keyId) throw errors.unauthenticated({ message: 'The MCP endpoint takes an API key: Authorization: Bearer <key>' });
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) throw notAcceptable();

    const rest = injectRestClient(app, { authorization: req.headers.authorization!, requestId: String(req.id), remoteAddress: req.ip, userAgent: req.headers['user-agent'] });
    const server = createMcpServer({ rest, role: auth.role, allowChanges: req.query.changes === 'allow', limiter, rateKey: auth.keyId, timeBudgetMs: deps.timeBudgetMs, budget: deps.budget, log: req.log });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.setHeader('x-request-id', String(req.id));
    reply.hijack();
    reply.raw.on('close', () => {
      transport.close().catch(() => undefined);
      server.close().catch(() => undefined);
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req.raw, reply.raw, req.body);
    } catch (err) {
      req.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'internal.error', message: 'Internal error' }, reqId: String(req.id) }));
      }
    }
  });

  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method, url: '/mcp', schema: { hide: true },
      handler: async (_req, reply) => {
        void reply.header('allow', 'POST');
        throw methodNotAllowed();
      },
    });
  }
};
