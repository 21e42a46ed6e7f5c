/**
 * The protocol file format, `apiVersion: vigil/v1`: a fixed contract, since offices keep their
 * protocol files and stored protocol versions are re-read for as-of evaluation.
 * Every section is optional so a protocol can extend another and override only what differs;
 * an explicit `null` removes an inherited requirement (e.g. a phone exempt from rotation).
 */
import { z } from 'zod';
import { ANDROID_SCAN_MODULES, IOS_COVERAGE_MODULES } from '../forensics/coverage.ts';
import { DEVICE_ROLES, INSPECTION_METHODS, SEVERITIES } from '../model.ts';
import { parseDuration } from '../time.ts';

const NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;

export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== null && (parseDuration(s) ?? 0) > 0, {
    message:
      'expected a positive ISO 8601 duration in weeks, days or hours, such as P30D (months and years are ambiguous and refused)',
  });

/** Ids of `metadata.sources` entries that justify a requirement. */
const cite = z.array(z.string().min(1)).min(1).optional();

export const rotationSchema = z.strictObject({
  every: durationSchema,
  grace: durationSchema.optional(),
  /** How long before the due date the replacement is staged (default P7D). */
  leadTime: durationSchema.optional(),
  cite,
});
export const inspectionSchema = z.strictObject({
  every: durationSchema,
  grace: durationSchema.optional(),
  methods: z.array(z.enum(INSPECTION_METHODS)).min(1).optional(),
  /**
   * The scan modules a forensic scan must have run for it to count as the check, per platform
   * (defaults: core/forensics/coverage.ts DEFAULT_COVERAGE); an empty list requires none.
   */
  coverage: z
    .strictObject({
      ios: z.array(z.enum(IOS_COVERAGE_MODULES)).optional(),
      android: z.array(z.enum(ANDROID_SCAN_MODULES)).optional(),
    })
    .optional(),
  cite,
});
const sensorRequirement = z.enum(['disabled', 'allowed']);
export const sensorsSchema = z.strictObject({
  camera: sensorRequirement.optional(),
  microphone: sensorRequirement.optional(),
  location: sensorRequirement.optional(),
  bluetooth: sensorRequirement.optional(),
  cite,
});
const appId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, 'expected an app identifier such as com.apple.mobilephone');
export const appsSchema = z.strictObject({ allow: z.array(appId), cite });
const iosVersion = z.string().regex(/^\d+(\.\d+){0,2}$/, 'expected an iOS version such as 18.6 or 18.6.2');
const patchLevel = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an Android security patch level such as 2026-05-01');
export const osSchema = z.strictObject({
  minVersion: z.strictObject({ ios: iosVersion.optional(), android: patchLevel.optional() }).optional(),
  maxBehindLatest: durationSchema.optional(),
  lockdownMode: z.enum(['required', 'optional']).optional(),
  cite,
});
export const postureSchema = z.strictObject({ maxAge: durationSchema, cite });

/** Whole minutes from one to fifteen: the auto-lock range iOS and Android both accept. */
const autoLock = durationSchema.refine(
  (s) => {
    const ms = parseDuration(s) ?? 0;
    return ms % 60_000 === 0 && ms >= 60_000 && ms <= 15 * 60_000;
  },
  { message: 'expected whole minutes from PT1M to PT15M, such as PT5M' },
);
/** The device lock: present means a passcode is required; the settings tighten it. */
export const passcodeSchema = z.strictObject({
  minLength: z.int().min(4).max(16).optional(),
  /** Letters as well as digits (not a PIN). */
  alphanumeric: z.boolean().optional(),
  /** Failed attempts before the phone erases itself (iOS accepts 2 to 11). */
  maxFailedAttempts: z.int().min(2).max(11).optional(),
  /** Lock after this long idle. */
  autoLock: autoLock.optional(),
});
/**
 * Device settings beyond sensors and apps: the lock, screenshots and screen recording, cloud
 * backup, and pairing with computers. Disabling host pairing also blocks the computer backups
 * Vigil's iOS forensic scans read.
 */
export const controlsSchema = z.strictObject({
  passcode: passcodeSchema.optional(),
  screenCapture: sensorRequirement.optional(),
  cloudBackup: sensorRequirement.optional(),
  hostPairing: sensorRequirement.optional(),
  cite,
});

export const roleRequirementsSchema = z.strictObject({
  rotation: rotationSchema.nullable().optional(),
  inspection: inspectionSchema.nullable().optional(),
  sensors: sensorsSchema.nullable().optional(),
  apps: appsSchema.nullable().optional(),
  os: osSchema.nullable().optional(),
  posture: postureSchema.nullable().optional(),
  controls: controlsSchema.nullable().optional(),
});

export const facilitySchema = z.strictObject({
  title: z.string().optional(),
  personalDevices: z.enum(['banned', 'allowed']),
  acknowledgement: z.enum(['required', 'optional']).optional(),
  policyVersion: z.string().min(1).optional(),
  cite,
});

/** One step of the containment playbook an incident follows. */
export const playbookStepSchema = z.strictObject({
  id: z.string().regex(NAME, 'expected a lower-case step id such as forensic-copy'),
  title: z.string().min(1),
  /** The role that carries the step out and is notified of it. */
  owner: z.enum(['officer', 'technician', 'admin']),
});

export const incidentsSchema = z.strictObject({
  playbook: z
    .array(playbookStepSchema)
    .min(1)
    .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, {
      message: 'step ids must be unique',
    }),
  cite,
});

export const sourceSchema = z.strictObject({
  id: z.string().regex(NAME, 'expected a lower-case id such as cisa-hti-2024'),
  title: z.string().min(1),
  url: z.url().optional(),
  section: z.string().optional(),
});

export const protocolSchema = z.strictObject({
  apiVersion: z.literal('vigil/v1'),
  kind: z.literal('Protocol'),
  metadata: z.strictObject({
    name: z
      .string()
      .regex(NAME, 'expected a lower-case name of letters, digits and dashes, such as strict-30day'),
    title: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    extends: z.string().regex(NAME).nullable().optional(),
    sources: z.array(sourceSchema).optional(),
  }),
  roles: z.partialRecord(z.enum(DEVICE_ROLES), roleRequirementsSchema.nullable()).optional(),
  facilities: z.record(z.string().regex(NAME), facilitySchema.nullable()).optional(),
  waivers: z
    .strictObject({
      maxDuration: durationSchema,
      approverRole: z.enum(['officer', 'admin']),
      cite,
    })
    .optional(),
  /** The containment playbook of incidents (a default playbook applies when absent). */
  incidents: incidentsSchema.optional(),
  /**
   * How a change to this protocol comes into force: `two-person` makes a new version (of this
   * protocol, or of one it extends) proposed, in force only once another person approves it
   * (docs/adr/0032-protocol-changes-two-person.md). Absent: `none`, a new version governs from
   * its `effectiveAt` as soon as it is stored.
   */
  changes: z
    .strictObject({
      approval: z.enum(['none', 'two-person']),
      cite,
    })
    .optional(),
  /** Overrides of a rule's default severity. */
  severities: z.record(z.string().regex(/^[a-z]+\.[a-z-]+$/), z.enum(SEVERITIES)).optional(),
});

export type ProtocolDocument = z.infer<typeof protocolSchema>;
export type RoleRequirements = z.infer<typeof roleRequirementsSchema>;
