/**
 * Serves the dashboard (the Vite build in web/dist) at `/`, and sets the security headers of
 * every response.
 *
 * No route is registered: a GET (or HEAD) that matches no route and is not under /api/ is answered here,
 * in `onRequest`, with the file it names under web/dist or, for any other path, index.html (so
 * client-side routes such as /people/per_x survive a reload). Under /api/ an unknown path stays
 * a JSON NOT_FOUND. Without a build, the answer is a short page saying how to make one.
 *
 * The CSP allows nothing but Vigil's own origin (no inline scripts, no external requests);
 * `data:` images and fonts are allowed because Vite inlines small assets that way.
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** web/dist of this checkout. */
export const DEFAULT_WEB_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', 'web', 'dist');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Vigil</title></head>
<body>
<h1>Vigil</h1>
<p>The dashboard is not built. Run <code>npm run build:web</code> and reload this page.</p>
<p>The HTTP API is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
</body>
</html>
`;

/** Hashed build outputs never change under one name: cache them for a year. */
const IMMUTABLE = { maxAge: 365 * 24 * 3600 * 1000, immutable: true };

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function webPlugin(app: FastifyInstance, opts: { root?: string } = {}): void {
  const root = resolve(opts.root ?? DEFAULT_WEB_ROOT);
  // Only `reply.sendFile` (no routes); it streams, sets ETag and Last-Modified, and refuses `..`.
  app.register(fastifyStatic, { serve: false });

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });

  const index = (reply: FastifyReply) => {
    if (!existsSync(join(root, 'index.html'))) {
      return reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(NOT_BUILT);
    }
    // index.html names the current hashed bundles: always revalidate it.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    let path: string;
    try {
      path = decodeURIComponent((request.url.split('?')[0] ?? '/').slice(1));
    } catch {
      return; // malformed escapes: the JSON 404
    }
    if (path === 'api' || path.startsWith('api/')) return;
    const file = normalize(join(root, path));
    if (path !== '' && file.startsWith(root + sep) && !path.includes('\0') && isFile(file)) {
      const rel = file.slice(root.length + 1);
      return reply.sendFile(rel, root, rel.startsWith(`assets${sep}`) ? IMMUTABLE : {});
    }
    // A missing hashed asset (a page older than the build) is a 404, not HTML under a .js name.
    if (path.startsWith('assets/')) return;
    return index(reply);
  });
}
