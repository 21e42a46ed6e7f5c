/** OS releases: what `os.outdated` measures devices against. */
import { z } from 'zod';
import { osReleaseInputSchema, osReleaseSchema } from '../../../services/releases/schemas.ts';
import { releaseView } from '../../../services/releases/views.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import type { Routes } from './types.ts';

export const releasesRoutes: Routes = (app, { services }) => {
  app.get(
    '/os-releases',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['os-releases'],
        summary: 'List known OS releases',
        response: { 200: ok(z.array(osReleaseSchema), 'The releases.'), ...errorResponses({}) },
      },
    },
    async () => (await services.releases.list()).map(releaseView),
  );

  app.post(
    '/os-releases',
    {
      config: { roles: ['admin', 'officer'] },
      schema: {
        tags: ['os-releases'],
        summary: 'Record an OS release (replaces the same platform and version)',
        body: osReleaseInputSchema,
        response: { 201: ok(osReleaseSchema, 'The release as stored.'), ...errorResponses({ body: true }) },
      },
    },
    async (request, reply) => {
      const release = await services.releases.record(request.body, callerOf(request).actor);
      return reply.code(201).send(releaseView(release));
    },
  );
};
