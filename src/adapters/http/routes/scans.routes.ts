/** Forensic scans of server-side evidence as background jobs. */
import { z } from 'zod';
import {
  scanJobAcceptedSchema,
  scanJobIdSchema,
  scanJobQuerySchema,
  scanJobSchema,
  scanJobView,
  scanRequestSchema,
} from '../../../services/scans/schemas.ts';
import { errorResponses, ok } from '../openapi.ts';
import { callerOf, R_ALL_READ } from '../plugins/auth.ts';
import { compact, type Routes } from './types.ts';

export const scansRoutes: Routes = (app, { services }) => {
  app.post(
    '/scans',
    {
      config: { roles: ['admin', 'officer', 'technician'], limit: 'ingest' },
      schema: {
        tags: ['scans'],
        summary: 'Start a forensic scan of evidence on the server',
        description:
          'Queues a scan of an iOS backup, iOS full-filesystem dump (folder or .tar), sysdiagnose, AndroidQF acquisition, bug report or Android backup in the server’s evidence folder (VIGIL_EVIDENCE_DIR) for the device. A worker runs it; when it finishes, the scan is the device’s security check (inspection: `compromised` on a critical indicator match, `suspicious` from a high alert, else `clean`; the result files’ SHA-256 as evidence), a failed check opens an incident, and `scan.completed` names every input by its SHA-256. Encrypted backups use the server’s VIGIL_BACKUP_PASSWORD.',
        body: scanRequestSchema,
        response: {
          202: ok(scanJobAcceptedSchema, 'The job, queued; follow it at GET /scans/{id}.'),
          ...errorResponses({ body: true, extra: [404, 409, 422] }),
        },
      },
    },
    async (request, reply) => {
      const job = await services.scanJobs.request(request.body, callerOf(request).actor);
      return reply
        .code(202)
        .header('location', `/api/v1/scans/${job.id}`)
        .send({ jobId: job.id, state: job.state });
    },
  );

  app.get(
    '/scans',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['scans'],
        summary: 'List scan jobs, newest first',
        querystring: scanJobQuerySchema,
        response: {
          200: ok(z.array(scanJobSchema), 'Scan jobs (without their alerts).'),
          ...errorResponses({ input: true }),
        },
      },
    },
    async (request) => (await services.scanJobs.list(compact(request.query))).map((j) => scanJobView(j)),
  );

  app.get(
    '/scans/:id',
    {
      config: { roles: R_ALL_READ },
      schema: {
        tags: ['scans'],
        summary: 'A scan job: state, progress, summary and alerts',
        params: scanJobIdSchema,
        response: {
          200: ok(scanJobSchema, 'The job; `alerts` once it is done.'),
          ...errorResponses({ input: true, extra: [404] }),
        },
      },
    },
    async (request) => scanJobView(await services.scanJobs.get(request.params.id), true),
  );
};
