/** Zod shapes of background scan jobs, for the HTTP routes (OpenAPI); and their view. */
import { z } from 'zod';
import { CANNOT_PROVE_CLEAN, NO_ALERTS } from '../../core/forensics/summary.ts';
import { toIso } from '../../core/time.ts';
import { SCAN_JOB_STATES, type ScanJobRecord } from './ports.ts';

const evidencePath = z
  .string()
  .min(1)
  .max(1024)
  .meta({ description: 'Relative to the evidence folder on the server (VIGIL_EVIDENCE_DIR).' });

export const scanRequestSchema = z.strictObject({
  deviceId: z.string().min(1).max(200),
  path: evidencePath.meta({
    description:
      'The iOS backup (or its parent), AndroidQF folder or zip, or .ab file, relative to the evidence folder on the server (VIGIL_EVIDENCE_DIR); no `..`, no link leading out.',
  }),
  iocs: z.array(evidencePath).max(50).optional().meta({
    description:
      'STIX 2.1 files or folders, relative to the evidence folder; default: the feeds downloaded by `vigil iocs update`.',
  }),
  performedBy: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Who ran the check, recorded on the inspection (default: the caller).' }),
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;

export const scanJobQuerySchema = z.strictObject({
  state: z.enum(SCAN_JOB_STATES).optional(),
  deviceId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const scanJobIdSchema = z.strictObject({ id: z.string().min(1).max(100) });

export const scanJobAcceptedSchema = z
  .object({ jobId: z.string(), state: z.enum(SCAN_JOB_STATES) })
  .meta({ id: 'ScanJobAccepted' });

export const scanJobSchema = z
  .object({
    id: z.string(),
    deviceId: z.string(),
    path: z.string(),
    iocs: z.array(z.string()),
    performedBy: z.string(),
    requestedBy: z.string(),
    state: z.enum(SCAN_JOB_STATES),
    attempts: z.number().meta({ description: 'Times a worker claimed it (more than 1: a worker died).' }),
    progress: z
      .object({
        module: z.string().nullable(),
        modulesDone: z.number(),
        modulesTotal: z.number(),
        filesRead: z.number(),
      })
      .nullable(),
    summary: z
      .object({
        kind: z.string(),
        encrypted: z.boolean(),
        verdict: z.string().meta({
          description:
            'clean, suspicious, compromised, or incomplete (required evidence missing: not a check).',
        }),
        alertCounts: z.record(z.string(), z.number()),
        modules: z.array(z.object({ module: z.string(), status: z.string() })),
        coverage: z
          .object({
            complete: z.boolean(),
            required: z.array(z.string()),
            missing: z.array(z.string()),
            failed: z.array(z.object({ module: z.string(), error: z.string() })),
          })
          .optional()
          .meta({
            description:
              'Whether every module the protocol requires ran (verdict `incomplete` and no inspection when not); failed modules with their errors. Absent on jobs finished before coverage was recorded.',
          }),
        inputs: z.number(),
        indicatorFiles: z.number(),
        postureReportId: z.string().nullable(),
        evidence: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })),
        notice: z.string().meta({
          description:
            'What the result can and cannot say: with no alert, that this is not an all-clear (public indicators cannot prove a phone clean).',
        }),
      })
      .nullable(),
    alerts: z
      .array(z.record(z.string(), z.unknown()))
      .nullable()
      .meta({ description: 'The alerts (alerts.json), most severe first; at most 1,000.' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    inspectionId: z.string().nullable(),
    incidentId: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ScanJob' });

const withoutCoverage = ({ coverage: _, ...rest }: NonNullable<ScanJobRecord['summary']>) => rest;

const iso = (t: number | null) => (t === null ? null : toIso(t));

/** The API view; `withAlerts` adds the alerts (for one job, not the list). */
export function scanJobView(j: ScanJobRecord, withAlerts = false): z.infer<typeof scanJobSchema> {
  let alerts: Record<string, unknown>[] | null = null;
  if (withAlerts && j.alertsJson !== null) {
    const parsed: unknown = JSON.parse(j.alertsJson);
    alerts = Array.isArray(parsed) ? (parsed.slice(0, 1000) as Record<string, unknown>[]) : null;
  }
  return {
    id: j.id,
    deviceId: j.deviceId,
    path: j.path,
    iocs: [...j.iocs],
    performedBy: j.performedBy,
    requestedBy: j.requestedBy,
    state: j.state,
    attempts: j.attempts,
    progress: j.progress === null ? null : { ...j.progress },
    summary:
      j.summary === null
        ? null
        : {
            ...withoutCoverage(j.summary),
            alertCounts: { ...j.summary.alertCounts },
            modules: j.summary.modules.map((m) => ({ ...m })),
            ...(j.summary.coverage === undefined
              ? {}
              : {
                  coverage: {
                    ...j.summary.coverage,
                    required: [...j.summary.coverage.required],
                    missing: [...j.summary.coverage.missing],
                    failed: j.summary.coverage.failed.map((f) => ({ ...f })),
                  },
                }),
            evidence: j.summary.evidence.map((e) => ({ ...e })),
            notice: Object.values(j.summary.alertCounts).every((n) => n === 0)
              ? NO_ALERTS
              : CANNOT_PROVE_CLEAN,
          },
    alerts,
    error: j.errorCode === null ? null : { code: j.errorCode, message: j.error ?? '' },
    inspectionId: j.inspectionId,
    incidentId: j.incidentId,
    createdAt: toIso(j.createdAt),
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
  };
}
