import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { redactSecrets } from '@tai/core';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './framework-errors.js';

// The dashboard talks to its own origin only; uPlot and React set inline styles, hence 'unsafe-inline' for styles
// alone. No framing (clickjacking), and no Referer, since an invite link carries its token in the path.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

const API_PREFIXES = ['/v1/', '/docs', '/healthz', '/readyz'];

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Dashboard not built</title>
<body style="font-family:system-ui;max-width:40em;margin:4em auto;line-height:1.5">
<h1>The dashboard is not built</h1>
<p>The API is running, but <code>apps/web/dist</code> is missing. <code>npm start</code> builds it; when you run
the API on its own, build it first with <code>npm run build:web</code> (or set <code>WEB_DIST_DIR</code>).</p>
<p>The REST API and its documentation are at <a href="/docs">/docs</a>.</p></body>`;

/** Serves the built dashboard at the root: hashed assets cached for good, every other page path gets index.html. */
export async function registerDashboard(app: FastifyInstance, { webDistDir }: { webDistDir: string }): Promise<void> {
  const indexPath = path.join(webDistDir, 'index.html');
  const built = existsSync(indexPath);
  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(webDistDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
      setHeaders: (res) => void res.header('x-content-type-options', 'nosniff'),
    });
  }
  // Re-read only when a rebuild replaced it: the page names the hashed assets of its own build.
  let cached: { mtimeMs: number; html: string } | null = null;
  const page = (): string | null => {
    try {
      const { mtimeMs } = statSync(indexPath);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(indexPath, 'utf8') };
    } catch {
      // A rebuild is replacing dist/ right now; the previous page is the best answer meanwhile.
    }
    return cached?.html ?? null;
  };

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const pathname = req.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
      return reply.code(404).send(errorBody(String(req.id), 'route.not_found', `No route ${req.method} ${redactSecrets(pathname)}`));
    }
    void reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
    const html = built ? page() : null;
    if (!html) return reply.code(404).send(NOT_BUILT);
    return reply.send(html);
  });
}
