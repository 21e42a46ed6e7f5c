/**
 * The fleet document: everything an office brings about its past, each entry with the past
 * instant(s) it took effect. Published as docs/fleet.schema.json (`npm run generate`).
 *
 * Facilities are not declared here: a facility and its policy belong to a protocol (versioned
 * with it), so detections and acknowledgements name facilities the protocols declare.
 */
import { z } from 'zod';
import { COMPROMISE_LEVELS, INCIDENT_RESOLUTIONS } from '../../core/lifecycle/incident.ts';
import { DEVICE_STATUSES, SEVERITIES } from '../../core/model.ts';
import { text as incidentText } from '../incidents/schemas.ts';
import {
  deviceInputSchema,
  inspectionInputSchema,
  personInputSchema,
  rotationInputSchema,
} from '../inventory/schemas.ts';
import { idSchema, instantSchema, text } from '../kernel/schemas.ts';
import { postureInputSchema } from '../posture/schemas.ts';
import { refusalInputSchema } from '../refusals/schemas.ts';
import { osReleaseInputSchema } from '../releases/schemas.ts';

const custodyEntry = z.strictObject({
  holderId: idSchema.nullable(),
  location: z.string().min(1).max(200).nullable().optional(),
  at: instantSchema,
});
const statusEntry = z.strictObject({
  status: z.enum(DEVICE_STATUSES),
  at: instantSchema,
  reason: z.string().max(500).nullable().optional(),
});

/** Who did a step and when (`by` defaults to the importing actor). */
const step = { at: instantSchema, by: text(200).optional() };

const assignmentEntry = z
  .strictObject({
    personId: idSchema,
    /** The protocol assigned, or null: governed by none (staff then follow their principal). */
    protocol: z.string().min(1).max(64).nullable(),
    at: instantSchema,
    /** When it ended: an assignment of null then, unless another entry starts at that instant. */
    until: instantSchema.optional(),
  })
  .meta({ description: 'A protocol assignment over a period of the past.' });

const refusalEntry = refusalInputSchema.extend({ at: instantSchema, by: text(200).optional() }).meta({
  description: 'A refusal outside any swap (a declined check, say); a declined swap is in `swaps`.',
});

const waiverEntry = z
  .strictObject({
    id: idSchema,
    rule: z.string().min(1).max(64),
    /** Exactly one of deviceId and personId (all of the person's devices). */
    deviceId: idSchema.optional(),
    personId: idSchema.optional(),
    reason: text(2000),
    risk: text(2000),
    /** Default: when it was requested. */
    startsAt: instantSchema.optional(),
    expiresAt: instantSchema,
    requested: z.strictObject(step),
    approved: z.strictObject({ ...step, role: z.string().min(1).max(64).optional() }).optional(),
    /** Rejected before any decision to approve (not with `approved`). */
    rejected: z.strictObject({ ...step, reason: text(1000) }).optional(),
    /** Revoked after approval. */
    revoked: z.strictObject({ ...step, reason: text(1000) }).optional(),
  })
  .refine((w) => (w.deviceId === undefined) !== (w.personId === undefined), {
    message: 'give exactly one of deviceId and personId',
    path: ['deviceId'],
  })
  .refine((w) => w.rejected === undefined || (w.approved === undefined && w.revoked === undefined), {
    message: 'a rejected waiver was never approved nor revoked',
    path: ['rejected'],
  })
  .refine((w) => w.revoked === undefined || w.approved !== undefined, {
    message: 'only an approved waiver is revoked',
    path: ['revoked'],
  })
  .meta({ description: 'A waiver and its transitions (request, then approve or reject, then revoke).' });

const swapStepEntry = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('stage'),
    ...step,
    replacementId: idSchema,
    holderId: idSchema.nullable().optional(),
    location: z.string().min(1).max(200).nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('decline'),
    ...step,
    /** Who declined (the holder, or whoever declined on their behalf). */
    declinedBy: idSchema,
    reason: text(1000),
    /** The id of the refusal the decline records (default generated). */
    refusalId: idSchema.optional(),
  }),
  z.strictObject({ type: z.literal('cancel'), ...step, reason: text(1000) }),
]);

const swapEntry = z
  .strictObject({
    id: idSchema,
    deviceId: idSchema,
    planned: z.strictObject(step),
    dueAt: instantSchema.nullable().optional(),
    stageBy: instantSchema.nullable().optional(),
    /** In order; a completed swap is better told by `rotations` and `inspections`. */
    steps: z.array(swapStepEntry).max(20).optional(),
  })
  .meta({ description: 'A swap that did not complete: planned, maybe staged, then declined or cancelled.' });

const incidentEntry = z
  .strictObject({
    id: idSchema,
    deviceIds: z.array(idSchema).min(1).max(50),
    personIds: z.array(idSchema).max(50).optional(),
    compromise: z.enum(COMPROMISE_LEVELS),
    severity: z.enum(SEVERITIES).optional(),
    summary: incidentText(2000),
    /** The security check that raised it (an inspection id, e.g. from `inspections`). */
    inspectionId: idSchema.nullable().optional(),
    opened: z.strictObject(step),
    steps: z
      .array(
        z.strictObject({
          stepId: z.string().min(1).max(64),
          status: z.enum(['in-progress', 'done', 'skipped']),
          reason: z.string().trim().max(2000).nullable().optional(),
          ...step,
        }),
      )
      .max(100)
      .optional(),
    closed: z
      .strictObject({
        ...step,
        resolution: z.enum(INCIDENT_RESOLUTIONS),
        note: z.string().trim().max(2000).nullable().optional(),
      })
      .optional(),
  })
  .meta({ description: 'An incident: declared, its playbook steps as they were worked, maybe closed.' });

const detectionEntry = z
  .strictObject({
    /** A facility declared by a protocol in force at `at`. */
    facility: z.string().min(1).max(64),
    identifier: z
      .string()
      .min(3)
      .max(100)
      .meta({ description: 'imei:<digits>, serial:<serial number> or mac-sha256:<64 hex digits>' }),
    at: instantSchema,
    source: incidentText(200).optional(),
  })
  .meta({ description: 'A device seen in a facility.' });

const acknowledgementEntry = z
  .strictObject({
    personId: idSchema,
    /** A facility of the protocol governing the person at `at`. */
    facility: z.string().min(1).max(64),
    /** The version accepted (default: the one in force at `at`). */
    policyVersion: z.string().min(1).max(200).optional(),
    at: instantSchema,
  })
  .meta({ description: "A person's acknowledgement of a facility policy." });

export const fleetDocumentSchema = z
  .strictObject({
    apiVersion: z.literal('vigil/v1'),
    kind: z.literal('Fleet'),
    osReleases: z.array(osReleaseInputSchema).optional(),
    people: z
      .array(
        personInputSchema.extend({
          id: idSchema,
          /** From when `protocol` governs this person (default: when the person counts, `since`). */
          protocolSince: instantSchema.optional(),
        }),
      )
      .optional(),
    /** Protocol assignments over time, in addition to (or instead of) `people[].protocol`. */
    assignments: z.array(assignmentEntry).optional(),
    devices: z
      .array(
        deviceInputSchema.extend({
          id: idSchema,
          /** Full custody history; when absent, `holderId`/`location` from `issuedAt`. */
          custody: z.array(custodyEntry).optional(),
          /** Full status history; when absent, `status` (default active) from `issuedAt`. */
          statuses: z.array(statusEntry).optional(),
        }),
      )
      .optional(),
    posture: z.array(postureInputSchema).optional(),
    inspections: z.array(inspectionInputSchema).optional(),
    rotations: z.array(rotationInputSchema).optional(),
    swaps: z.array(swapEntry).optional(),
    refusals: z.array(refusalEntry).optional(),
    waivers: z.array(waiverEntry).optional(),
    incidents: z.array(incidentEntry).optional(),
    detections: z.array(detectionEntry).optional(),
    acknowledgements: z.array(acknowledgementEntry).optional(),
  })
  .meta({
    title: 'Vigil fleet document',
    description:
      'People, devices and their history, for `vigil import`: every entry carries the past instant(s) it took effect.',
  });

export type FleetDocument = z.infer<typeof fleetDocumentSchema>;

/**
 * The keys whose values are instants something happened: none may be in the future. Others
 * (a waiver's `expiresAt`, a swap's `dueAt`) may name a future instant legitimately.
 */
export const PAST_INSTANT_KEYS: ReadonlySet<string> = new Set([
  'at',
  'until',
  'issuedAt',
  'observedAt',
  'releasedAt',
  'protocolSince',
  'since',
]);
