/** The incidents context's input and output shapes, shared by HTTP, CLI and the importer. */
import { z } from 'zod';
import {
  COMPROMISE_LEVELS,
  INCIDENT_RESOLUTIONS,
  INCIDENT_STATES,
  type Incident,
  STEP_STATUSES,
  TIMELINE_KINDS,
} from '../../core/lifecycle/incident.ts';
import { DEVICE_STATUSES, SEVERITIES } from '../../core/model.ts';
import { toIso } from '../../core/time.ts';
import { atField, idSchema } from '../kernel/schemas.ts';

export const text = (max: number) => z.string().trim().min(1).max(max);

export const incidentInputSchema = z.strictObject({
  id: idSchema.optional(),
  deviceIds: z.array(idSchema).min(1).max(50),
  /** The people concerned; by default the devices' holders. */
  personIds: z.array(idSchema).max(50).optional(),
  compromise: z.enum(COMPROMISE_LEVELS),
  /** Default: critical for a confirmed compromise, high for a suspected one. */
  severity: z.enum(SEVERITIES).optional(),
  summary: text(2000),
  /** The security check that raised it, if any. */
  inspectionId: idSchema.nullable().optional(),
  /** When it was declared, back-filling a past breach (default now). */
  at: atField,
});

export type IncidentInput = z.infer<typeof incidentInputSchema>;

export const incidentStepInputSchema = z.strictObject({
  status: z.enum(['in-progress', 'done', 'skipped']),
  /** Required when skipping: why the step does not apply. */
  reason: z.string().trim().max(2000).nullable().optional(),
  at: atField,
});

export type IncidentStepInput = z.infer<typeof incidentStepInputSchema>;

export const incidentCloseInputSchema = z.strictObject({
  resolution: z.enum(INCIDENT_RESOLUTIONS).meta({
    description:
      'What becomes of the quarantined devices: cleared (back to their prior status), wiped, or retained as evidence (retired).',
  }),
  note: z.string().trim().max(2000).nullable().optional(),
  at: atField,
});

export type IncidentCloseInput = z.infer<typeof incidentCloseInputSchema>;

export const incidentQuerySchema = z.strictObject({
  status: z.enum(INCIDENT_STATES).optional(),
  deviceId: idSchema.optional(),
});

const ownerSchema = z.union([z.object({ role: z.string() }), z.object({ personId: z.string() })]);

export const incidentSchema = z
  .object({
    id: z.string(),
    status: z.enum(INCIDENT_STATES),
    compromise: z.enum(COMPROMISE_LEVELS),
    severity: z.enum(SEVERITIES),
    summary: z.string(),
    devices: z.array(z.object({ deviceId: z.string(), priorStatus: z.enum(DEVICE_STATUSES).nullable() })),
    personIds: z.array(z.string()),
    inspectionId: z.string().nullable(),
    declaredBy: z.string(),
    openedAt: z.string(),
    recordedAt: z
      .string()
      .meta({ description: 'When the declaration was recorded (openedAt is when it took effect).' }),
    resolution: z.enum(INCIDENT_RESOLUTIONS).nullable(),
    closedAt: z.string().nullable(),
    closeRecordedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    closingNote: z.string().nullable(),
    involvedPersonIds: z.array(z.string()).optional().meta({
      description:
        'The people who declared it or recorded one of its steps: none of them may close it (INCIDENT_SAME_PERSON).',
    }),
    steps: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        owner: ownerSchema,
        status: z.enum(STEP_STATUSES),
        reason: z.string().nullable(),
        at: z.string().nullable(),
        by: z.string().nullable(),
        recordedAt: z.string().nullable(),
      }),
    ),
    timeline: z.array(
      z.object({
        at: z.string(),
        recordedAt: z.string(),
        actor: z.string(),
        kind: z.enum(TIMELINE_KINDS),
        stepId: z.string().nullable(),
        from: z.string().nullable(),
        to: z.string(),
        text: z.string(),
      }),
    ),
  })
  .meta({ description: 'An incident with its containment playbook and timeline.' });

const iso = (t: number | null) => (t === null ? null : toIso(t));

export function incidentView(
  i: Incident,
  involvedPersonIds?: readonly string[],
): z.infer<typeof incidentSchema> {
  return {
    ...i,
    ...(involvedPersonIds === undefined ? {} : { involvedPersonIds: [...involvedPersonIds] }),
    devices: [...i.devices],
    personIds: [...i.personIds],
    openedAt: toIso(i.openedAt),
    recordedAt: toIso(i.recordedAt),
    closedAt: iso(i.closedAt),
    closeRecordedAt: iso(i.closeRecordedAt),
    steps: i.steps.map((s) => ({ ...s, at: iso(s.at), recordedAt: iso(s.recordedAt) })),
    timeline: i.timeline.map((e) => ({ ...e, at: toIso(e.at), recordedAt: toIso(e.recordedAt ?? e.at) })),
  };
}
