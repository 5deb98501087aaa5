import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI generated from the route schemas: the document at /docs/json, a browsable UI at /docs. */
export async function registerOpenApi(app: FastifyInstance, { publicUrl }: { publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Teleport audit ingest',
        version: '0.1.0',
        description: 'Collects Teleport audit events per source (webhook or S3) and searches them. Authenticate with `Authorization: Bearer <api key>`. '
          + 'Each route lists the errors it can give, all in one shape ({ error: { code, message, details }, reqId }). Beyond those, any request may be '
          + 'answered by the HTTP layer with 408 (too slow), 414 (a path segment too long) or 431 (headers too large), and with 503 and Retry-After while the service shuts down.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'tai_ak_… API key' },
          // The webhook endpoint's other ways to present its token (besides the path): see ingest.openapi.ts.
          webhookBearer: { type: 'http', scheme: 'bearer', description: 'tai_wh_… webhook token of a source' },
          webhookBasic: { type: 'http', scheme: 'basic', description: 'the webhook token as the password (any user name)' },
          webhookQueryToken: { type: 'apiKey', in: 'query', name: 'token', description: 'the webhook token as ?token=' },
        },
      },
      security: [{ apiKey: [] }],
    },
    // Only documented routes; the webhook ingest routes are described by their swaggerTransform (ingest.openapi.ts).
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
}
