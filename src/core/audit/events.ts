/**
 * Audit event types live here, in code: each declares its payload schema, a description and
 * an example, so the documentation cannot drift from the code. docs/audit-events.md is generated from this list
 * (`npm run generate`) and CI fails when the two drift. Services append events in the same
 * transaction as the change they record.
 */
import { z } from 'zod';

interface EventTypeSpec<S extends z.ZodType> {
  readonly description: string;
  /**
   * `false` for acts that change none of the facts compliance is judged on (sign-ins, tokens,
   * notices, derived finding transitions, exports): they leave the cached evaluation of the
   * fleet valid, so a sign-in does not make the next dashboard view re-evaluate 100,000 devices.
   */
  readonly facts?: false;
  readonly payload: S;
  readonly example: z.infer<S>;
}

function spec<S extends z.ZodType>(s: EventTypeSpec<S>): EventTypeSpec<S> {
  return s;
}

const iso = z.string();

export const AUDIT_EVENT_TYPES = {
  'person.created': spec({
    description:
      'A principal or staff member was added to the inventory, counting from `since` (absent in events recorded before people had one).',
    payload: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      principalId: z.string().nullable(),
      since: iso.optional(),
    }),
    example: {
      id: 'per_pm',
      name: 'Alex Marlowe',
      kind: 'principal',
      principalId: null,
      since: '2026-01-05T00:00:00.000Z',
    },
  }),
  'person.protocol-assigned': spec({
    description: 'A person was placed under a protocol (or removed from one), effective from `at`.',
    payload: z.object({ personId: z.string(), protocol: z.string().nullable(), at: iso }),
    example: { personId: 'per_pm', protocol: 'relaxed-social', at: '2026-01-10T09:00:00.000Z' },
  }),
  'device.registered': spec({
    description: 'A device was added to the inventory.',
    payload: z.object({
      id: z.string(),
      serial: z.string(),
      platform: z.string(),
      ownership: z.string(),
      role: z.string(),
    }),
    example: { id: 'dev_calls', serial: 'F2LXK0QJHG7F', platform: 'ios', ownership: 'issued', role: 'calls' },
  }),
  'device.status-changed': spec({
    description: "A device's lifecycle status changed (staged, active, quarantined, retired, wiped).",
    payload: z.object({
      deviceId: z.string(),
      status: z.string(),
      at: iso,
      recordedAt: iso,
      reason: z.string().nullable(),
    }),
    example: {
      deviceId: 'dev_calls',
      status: 'active',
      at: '2026-11-01T09:00:00.000Z',
      recordedAt: '2026-11-01T09:00:00.000Z',
      reason: null,
    },
  }),
  'device.custody-changed': spec({
    description: 'A device changed hands or was put in storage.',
    payload: z.object({
      deviceId: z.string(),
      holderId: z.string().nullable(),
      location: z.string().nullable(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      deviceId: 'dev_calls',
      holderId: 'per_pm',
      location: null,
      at: '2026-11-01T09:00:00.000Z',
      recordedAt: '2026-11-01T09:00:00.000Z',
    },
  }),
  'posture.reported': spec({
    description: 'A posture report about a device was recorded (reports are append-only).',
    payload: z.object({ id: z.string(), deviceId: z.string(), source: z.string(), observedAt: iso }),
    example: { id: 'pos_1', deviceId: 'dev_calls', source: 'mdm', observedAt: '2026-11-20T08:00:00.000Z' },
  }),
  'inspection.recorded': spec({
    description: 'A security check of a device was recorded with its method and result.',
    payload: z.object({
      id: z.string(),
      deviceId: z.string(),
      method: z.string(),
      result: z.string(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'ins_1',
      deviceId: 'dev_calls',
      method: 'forensic-scan',
      result: 'clean',
      at: '2026-11-02T10:00:00.000Z',
      recordedAt: '2026-11-02T10:00:00.000Z',
    },
  }),
  'rotation.recorded': spec({
    description: 'A swap was recorded: the old device left service and the new one took its place.',
    payload: z.object({
      id: z.string(),
      oldDeviceId: z.string(),
      newDeviceId: z.string().nullable(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'rot_1',
      oldDeviceId: 'dev_old',
      newDeviceId: 'dev_calls',
      at: '2026-11-01T09:00:00.000Z',
      recordedAt: '2026-11-01T09:00:00.000Z',
    },
  }),
  'os-release.recorded': spec({
    description: 'An OS release became known to Vigil (used by `os.outdated`).',
    payload: z.object({ platform: z.string(), version: z.string(), releasedAt: iso }),
    example: { platform: 'ios', version: '26.1', releasedAt: '2026-11-03T17:00:00.000Z' },
  }),
  'protocol.version-added': spec({
    description: 'A protocol version was stored; it governs from `effectiveAt`.',
    payload: z.object({ name: z.string(), version: z.string(), sha256: z.string(), effectiveAt: iso }),
    example: {
      name: 'relaxed-social',
      version: '2026.1',
      sha256: '9f86d08…',
      effectiveAt: '2026-01-10T09:00:00.000Z',
    },
  }),
  'protocol.version-proposed': spec({
    description:
      "A protocol version was stored as proposed: the protocol asks for a second person (`changes.approval: two-person`), so it governs nothing until another person approves it, then from the later of its `effectiveAt` and the approval's.",
    payload: z.object({
      name: z.string(),
      version: z.string(),
      sha256: z.string(),
      effectiveAt: iso,
      /** The person behind the proposing credential (null: none, e.g. the system). */
      proposerPersonId: z.string().nullable(),
    }),
    example: {
      name: 'strict-30day',
      version: '2026.2',
      sha256: '9f86d08…',
      effectiveAt: '2026-12-01T09:00:00.000Z',
      proposerPersonId: 'kit-moreno',
    },
  }),
  'protocol.version-approved': spec({
    description:
      "A proposed protocol version was approved by a person other than its proposer; it governs from `inForceFrom`, the later of its own `effectiveAt` and the approval's `at`.",
    payload: z.object({
      name: z.string(),
      version: z.string(),
      sha256: z.string(),
      approverPersonId: z.string(),
      proposerPersonId: z.string().nullable(),
      inForceFrom: iso,
      at: iso,
      recordedAt: iso,
    }),
    example: {
      name: 'strict-30day',
      version: '2026.2',
      sha256: '9f86d08…',
      approverPersonId: 'alex-reyes',
      proposerPersonId: 'kit-moreno',
      inForceFrom: '2026-12-01T09:00:00.000Z',
      at: '2026-11-30T16:00:00.000Z',
      recordedAt: '2026-11-30T16:00:00.000Z',
    },
  }),
  'protocol.version-rejected': spec({
    description:
      'A proposed protocol version was rejected: it never governs (propose a new version instead).',
    payload: z.object({
      name: z.string(),
      version: z.string(),
      sha256: z.string(),
      reason: z.string(),
      personId: z.string().nullable(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      name: 'strict-30day',
      version: '2026.2',
      sha256: '9f86d08…',
      reason: 'drops the microphone requirement without a risk statement',
      personId: 'alex-reyes',
      at: '2026-11-30T16:00:00.000Z',
      recordedAt: '2026-11-30T16:00:00.000Z',
    },
  }),
  'protocol.compiled': spec({
    facts: false,
    description:
      "A protocol version was compiled for an MDM target (`vigil protocol compile`); each artifact's `sha256` pins exactly what the MDM was given, and the DDM status channel echoes its declarations' tokens.",
    payload: z.object({
      name: z.string(),
      version: z.string(),
      /** The stored version's own SHA-256 (of its text). */
      sha256: z.string(),
      target: z.string(),
      /** DDM's enforced update aimed at this iOS version; null when none was emitted. */
      latestIos: z.string().nullable(),
      artifacts: z.array(z.object({ role: z.string(), file: z.string(), sha256: z.string() })),
    }),
    example: {
      name: 'strict-30day',
      version: '2026.1',
      sha256: '9f86d08…',
      target: 'apple-ddm',
      latestIos: '26.1',
      artifacts: [{ role: 'calls', file: 'strict-30day-calls.ddm.json', sha256: '3b0c4429…' }],
    },
  }),
  // Not fact-neutral: config.drift reads the tokens a push recorded.
  'protocol.pushed': spec({
    description:
      "A protocol version's compiled artifacts were sent to an MDM (`vigil mdm push`, `POST /connectors/{source}/push`): for each, the SHA-256 Vigil compiled, the MDM's own id for it and, where the MDM keeps a token of its own (a DDM server's `ServerToken`), that token; the groups Intune objects were assigned to (the role's, or those of the superseded object each replaces); the AMAPI devices moved onto their role's policy; and the objects Vigil itself created for superseded versions that it removed from the MDM (or kept while devices still depend on them). A withdrawal (`withdrawn`, for a protocol that governs no one) sends nothing and removes every object Vigil created there for the protocol. Devices are later compared with what was pushed.",
    payload: z.object({
      source: z.string(),
      target: z.string(),
      name: z.string(),
      version: z.string(),
      artifacts: z.array(
        z.object({
          role: z.string(),
          file: z.string(),
          sha256: z.string(),
          remoteId: z.string(),
          remoteToken: z.string().nullable(),
          action: z.enum(['created', 'updated', 'unchanged']),
        }),
      ),
      /** Enrollments sent the DeclarativeManagement command (DDM only; 0 otherwise). */
      notified: z.number().int(),
      /** Intune objects assigned to the role's group (or found assigned to it); absent in older events. */
      assignments: z
        .array(
          z.object({
            role: z.string(),
            remoteId: z.string(),
            groupId: z.string(),
            action: z.enum(['assigned', 'unchanged']),
            /** The superseded object the assignment was moved from (absent: the role's group). */
            from: z.string().optional(),
          }),
        )
        .optional(),
      /**
       * Objects Vigil created for a superseded version: removed from the MDM, found gone, or
       * kept while devices still depend on them; absent in older events.
       */
      retired: z
        .array(
          z.object({
            role: z.string(),
            version: z.string(),
            file: z.string(),
            sha256: z.string(),
            remoteId: z.string(),
            action: z.enum(['removed', 'gone', 'kept']),
            reason: z.string(),
          }),
        )
        .optional(),
      /** Devices moved onto their role's policy (AMAPI `policyName`); absent in older events. */
      moved: z
        .array(
          z.object({ role: z.string(), device: z.string(), from: z.string().nullable(), to: z.string() }),
        )
        .optional(),
      /** A withdrawal (`--withdraw`): nothing sent, the protocol's objects taken out of the MDM. */
      withdrawn: z.literal(true).optional(),
    }),
    example: {
      source: 'android-management',
      target: 'amapi',
      name: 'strict-30day',
      version: '2026.1',
      artifacts: [
        {
          role: 'calls',
          file: 'strict-30day-calls.amapi-policy.json',
          sha256: '3b0c4429…',
          remoteId: 'enterprises/LC01/policies/vigil-strict-30day-calls-5d41402abc4b2a76',
          remoteToken: '3',
          action: 'updated',
        },
      ],
      notified: 0,
      assignments: [],
    },
  }),
  'token.created': spec({
    facts: false,
    description:
      'An API token was created for a user (its person is theirs), or an ingest token for no one. The secret is never recorded.',
    payload: z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      personId: z.string().nullable(),
      /** Absent in events recorded before tokens belonged to users. */
      userId: z.string().nullable().optional(),
    }),
    example: { id: 'tok_01', name: 'mdm-connector', role: 'ingest', personId: null, userId: null },
  }),
  'token.revoked': spec({
    facts: false,
    description: 'An API token was revoked; it stops working at once.',
    payload: z.object({ id: z.string() }),
    example: { id: 'tok_01' },
  }),
  'fleet.imported': spec({
    description: 'A fleet document was imported in one transaction.',
    payload: z.object({
      sha256: z.string(),
      people: z.number(),
      devices: z.number(),
      posture: z.number(),
      inspections: z.number(),
      rotations: z.number(),
      assignments: z.number(),
      swaps: z.number(),
      refusals: z.number(),
      waivers: z.number(),
      incidents: z.number(),
      detections: z.number(),
      acknowledgements: z.number(),
    }),
    example: {
      sha256: 'e3b0c442…',
      people: 5,
      devices: 7,
      posture: 30,
      inspections: 9,
      rotations: 4,
      assignments: 2,
      swaps: 1,
      refusals: 1,
      waivers: 2,
      incidents: 1,
      detections: 3,
      acknowledgements: 4,
    },
  }),
  'demo.loaded': spec({
    description: 'The demo office was loaded into an empty database.',
    payload: z.object({ people: z.number(), devices: z.number() }),
    example: { people: 6, devices: 8 },
  }),
  // -- workflows: swaps, checks, refusals, waivers
  'swap.planned': spec({
    description: 'A swap of an issued device was planned, with its due date and stage-by date.',
    payload: z.object({
      swapId: z.string(),
      oldDeviceId: z.string(),
      personId: z.string(),
      dueAt: iso.nullable(),
      stageBy: iso.nullable(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      swapId: 'swp_1',
      oldDeviceId: 'dev_calls',
      personId: 'per_pm',
      dueAt: '2026-12-01T09:00:00.000Z',
      stageBy: '2026-11-24T09:00:00.000Z',
      at: '2026-11-20T09:00:00.000Z',
      recordedAt: '2026-11-20T09:00:00.000Z',
    },
  }),
  'swap.transitioned': spec({
    description:
      'A swap moved on a step (staged, handed-over, collected, examined, wiped, retained, declined, cancelled); the custody, status, rotation, check or refusal it caused has its own event.',
    payload: z.object({
      swapId: z.string(),
      from: z.string(),
      to: z.string(),
      command: z.string(),
      details: z.record(z.string(), z.unknown()),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      swapId: 'swp_1',
      from: 'planned',
      to: 'staged',
      command: 'stage',
      details: { newDeviceId: 'dev_calls_next', holderId: null, location: 'Secure store' },
      at: '2026-11-22T09:00:00.000Z',
      recordedAt: '2026-11-22T09:00:00.000Z',
    },
  }),
  'refusal.recorded': spec({
    description: 'A person declined (or someone declined on their behalf) an action the protocol requires.',
    payload: z.object({
      id: z.string(),
      personId: z.string(),
      deviceId: z.string().nullable(),
      action: z.string(),
      rule: z.string(),
      at: iso,
      recordedAt: iso,
      reason: z.string(),
    }),
    example: {
      id: 'ref_1',
      personId: 'per_pm',
      deviceId: 'dev_social',
      action: 'swap',
      rule: 'rotation.overdue',
      at: '2026-11-20T10:00:00.000Z',
      recordedAt: '2026-11-20T10:00:00.000Z',
      reason: 'inconvenient',
    },
  }),
  'fact.corrected': spec({
    description:
      'A recorded fact was corrected (`values`: the corrected fact) or retracted (`values` null: it never happened). The fact keeps its own instants; evaluations as known before `recordedAt` still read it as first recorded.',
    payload: z.object({
      id: z.string(),
      kind: z.string(),
      factId: z.string(),
      deviceId: z.string().nullable(),
      effectiveAt: iso,
      recordedAt: iso,
      values: z.record(z.string(), z.unknown()).nullable(),
      reason: z.string(),
    }),
    example: {
      id: 'cor_1',
      kind: 'inspection',
      factId: 'ins_1',
      deviceId: 'dev_social',
      effectiveAt: '2026-11-20T10:00:00.000Z',
      recordedAt: '2026-11-22T09:00:00.000Z',
      values: {
        at: '2026-11-20T10:00:00.000Z',
        method: 'forensic-scan',
        result: 'suspicious',
        performedBy: 'tech-1',
        notes: null,
      },
      reason: 'result entered as clean; the scan report says suspicious',
    },
  }),
  'waiver.requested': spec({
    description:
      'A waiver was requested: a rule, a scope (device or person), a window, a reason and a risk statement.',
    payload: z.object({
      id: z.string(),
      rule: z.string(),
      scope: z.record(z.string(), z.string()),
      startsAt: iso,
      expiresAt: iso,
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'wvr_1',
      rule: 'sensor.camera',
      scope: { deviceId: 'dev_calls' },
      startsAt: '2026-11-20T00:00:00.000Z',
      expiresAt: '2026-12-20T00:00:00.000Z',
      at: '2026-11-20T00:00:00.000Z',
      recordedAt: '2026-11-20T00:00:00.000Z',
    },
  }),
  'waiver.approved': spec({
    description:
      'A waiver was approved by a person other than its requester, holding the role the protocol names. `approverPersonId` and `requesterPersonId` are the people behind the credentials (absent in events recorded before credentials belonged to people; null for an imported or system requester).',
    payload: z.object({
      id: z.string(),
      approvedBy: z.string(),
      role: z.string(),
      approverPersonId: z.string().nullable().optional(),
      requesterPersonId: z.string().nullable().optional(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'wvr_1',
      approvedBy: 'token:tok_officer',
      role: 'officer',
      approverPersonId: 'alex-reyes',
      requesterPersonId: 'kit-moreno',
      at: '2026-11-21T09:00:00.000Z',
      recordedAt: '2026-11-21T09:00:00.000Z',
    },
  }),
  'waiver.rejected': spec({
    description: 'A requested waiver was rejected.',
    payload: z.object({ id: z.string(), reason: z.string(), at: iso, recordedAt: iso }),
    example: {
      id: 'wvr_1',
      reason: 'No compensating control',
      at: '2026-11-21T09:00:00.000Z',
      recordedAt: '2026-11-21T09:00:00.000Z',
    },
  }),
  'waiver.revoked': spec({
    description: 'An approved waiver was revoked before its expiry; it covers nothing from then on.',
    payload: z.object({ id: z.string(), reason: z.string(), at: iso, recordedAt: iso }),
    example: {
      id: 'wvr_1',
      reason: 'Risk no longer acceptable',
      at: '2026-12-01T09:00:00.000Z',
      recordedAt: '2026-12-01T09:00:00.000Z',
    },
  }),
  // -- incidents, zones, acknowledgements
  'incident.opened': spec({
    description:
      'An incident was declared: its devices are quarantined from `at` (now, or the past instant of a back-filled record; `recordedAt` is when it was recorded), and its containment playbook starts.',
    payload: z.object({
      id: z.string(),
      compromise: z.string(),
      severity: z.string(),
      deviceIds: z.array(z.string()),
      personIds: z.array(z.string()),
      steps: z.array(z.string()),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'inc_1',
      compromise: 'confirmed',
      severity: 'critical',
      deviceIds: ['chief-personal'],
      personIds: ['chief-of-staff'],
      steps: ['quarantine', 'replacement', 'revoke-accounts', 'forensic-copy', 'notify-officer'],
      at: '2026-04-14T16:00:00.000Z',
      recordedAt: '2026-11-20T09:00:00.000Z',
    },
  }),
  'incident.step-updated': spec({
    description:
      "A step of an incident's playbook changed status (and the incident's state, if that followed).",
    payload: z.object({
      id: z.string(),
      stepId: z.string(),
      from: z.string(),
      to: z.string(),
      reason: z.string().nullable(),
      incidentStatus: z.string(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'inc_1',
      stepId: 'forensic-copy',
      from: 'pending',
      to: 'done',
      reason: null,
      incidentStatus: 'containing',
      at: '2026-04-15T11:00:00.000Z',
      recordedAt: '2026-11-20T09:05:00.000Z',
    },
  }),
  'incident.closed': spec({
    description:
      'An incident was closed with a resolution; its devices left quarantine accordingly. `personId`: the person behind the credential that closed it (an API token or user, or the user the CLI names with `--closer`; never the person who declared the incident or recorded a step; absent in older events).',
    payload: z.object({
      id: z.string(),
      resolution: z.string(),
      note: z.string().nullable(),
      personId: z.string().optional(),
      devices: z.array(z.object({ deviceId: z.string(), status: z.string() })),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      id: 'inc_1',
      resolution: 'retained',
      note: 'Kept as evidence',
      devices: [{ deviceId: 'chief-personal', status: 'retired' }],
      at: '2026-04-20T17:00:00.000Z',
      recordedAt: '2026-11-20T09:10:00.000Z',
    },
  }),
  'detection.recorded': spec({
    description:
      'A sensor or check-point saw a device identifier in a facility; `violation` says whether the facility bans it.',
    payload: z.object({
      id: z.string(),
      facility: z.string(),
      identifier: z.string(),
      at: iso,
      recordedAt: iso,
      deviceId: z.string().nullable(),
      personId: z.string().nullable(),
      violation: z.boolean(),
    }),
    example: {
      id: 'det_1',
      facility: 'main-building',
      identifier: 'imei:352099001761481',
      at: '2026-11-20T08:10:00.000Z',
      recordedAt: '2026-11-20T08:10:02.000Z',
      deviceId: 'press-personal',
      personId: 'press-secretary',
      violation: true,
    },
  }),
  'acknowledgement.recorded': spec({
    description: 'A person accepted the policy of a facility, in the version of the protocol in force.',
    payload: z.object({
      personId: z.string(),
      facility: z.string(),
      policyVersion: z.string(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      personId: 'press-secretary',
      facility: 'main-building',
      policyVersion: 'relaxed-social@2026.1',
      at: '2026-05-02T09:00:00.000Z',
      recordedAt: '2026-11-02T09:00:00.000Z',
    },
  }),
  'self-attestation.recorded': spec({
    // A holder's own word counts for no rule (core/lifecycle/self-service.ts): no fact changes.
    facts: false,
    description:
      "A person stated that a setting of their own phone the MDM cannot see is as the protocol asks (the microphone off, Lockdown Mode on). Shown beside the finding; it does not satisfy the rule, which needs a named person's check.",
    payload: z.object({
      attestationId: z.string(),
      personId: z.string(),
      deviceId: z.string(),
      setting: z.string(),
      state: z.string(),
      at: iso,
      recordedAt: iso,
    }),
    example: {
      attestationId: 'sat_01',
      personId: 'chief-of-staff',
      deviceId: 'chief-issued',
      setting: 'lockdown-mode',
      state: 'on',
      at: '2026-11-02T08:55:00.000Z',
      recordedAt: '2026-11-02T09:00:00.000Z',
    },
  }),
  // -- notices and finding transitions
  'notice.sent': spec({
    facts: false,
    description:
      'A notice was delivered (every configured channel sent it, or had no recipient for it). `outcome` says what each channel did.',
    payload: z.object({
      id: z.number(),
      key: z.string(),
      kind: z.string(),
      attempts: z.number(),
      outcome: z.record(z.string(), z.string()),
    }),
    example: {
      id: 12,
      key: 'swap-due:dev_calls:2026-12-01',
      kind: 'swap.due-soon',
      attempts: 1,
      outcome: { email: 'sent', 'webhook:1': 'sent' },
    },
  }),
  'notice.failed': spec({
    facts: false,
    description: 'Delivery of a notice was given up after its attempts; an admin may retry it.',
    payload: z.object({
      id: z.number(),
      key: z.string(),
      kind: z.string(),
      attempts: z.number(),
      error: z.string(),
    }),
    example: {
      id: 12,
      key: 'swap-due:dev_calls:2026-12-01',
      kind: 'swap.due-soon',
      attempts: 8,
      error: 'webhook:1: answered HTTP 503',
    },
  }),
  'notice.cancelled': spec({
    facts: false,
    description: 'A pending notice was cancelled before delivery (an escalation whose finding was resolved).',
    payload: z.object({ key: z.string(), reason: z.string() }),
    example: { key: 'escalate:device:dev_social|rotation.overdue:2026-11-20', reason: 'finding resolved' },
  }),
  'notice.requeued': spec({
    facts: false,
    description: 'An admin put a failed (or pending) notice back in the queue with a fresh retry budget.',
    payload: z.object({ id: z.number(), key: z.string(), previousState: z.string() }),
    example: { id: 12, key: 'swap-due:dev_calls:2026-12-01', previousState: 'failed' },
  }),
  'notice.recipient-added': spec({
    facts: false,
    description: 'An e-mail address now receives the notices addressed to a role.',
    payload: z.object({ role: z.string(), email: z.string() }),
    example: { role: 'officer', email: 'security@office.example' },
  }),
  'notice.recipient-removed': spec({
    facts: false,
    description: 'An e-mail address no longer receives the notices addressed to a role.',
    payload: z.object({ role: z.string(), email: z.string() }),
    example: { role: 'officer', email: 'security@office.example' },
  }),
  'finding.opened': spec({
    facts: false,
    description: 'A compliance finding opened (first seen by the notice planner).',
    payload: z.object({
      deviceId: z.string().nullable(),
      personId: z.string().nullable(),
      rule: z.string(),
      severity: z.string(),
      since: iso,
    }),
    example: {
      deviceId: 'dev_social',
      personId: 'per_pm',
      rule: 'rotation.overdue',
      severity: 'high',
      since: '2026-11-20T09:00:00.000Z',
    },
  }),
  'finding.resolved': spec({
    facts: false,
    description: 'A finding that was open or waived is no longer reported.',
    payload: z.object({ deviceId: z.string().nullable(), personId: z.string().nullable(), rule: z.string() }),
    example: { deviceId: 'dev_social', personId: 'per_pm', rule: 'rotation.overdue' },
  }),
  'finding.waived': spec({
    facts: false,
    description: 'An open finding is now covered by a waiver.',
    payload: z.object({
      deviceId: z.string().nullable(),
      personId: z.string().nullable(),
      rule: z.string(),
      waiverId: z.string().nullable(),
    }),
    example: { deviceId: 'dev_social', personId: 'per_pm', rule: 'rotation.overdue', waiverId: 'wai_1' },
  }),
  'finding.reopened': spec({
    facts: false,
    description: 'A finding that was waived or resolved is open again (for example its waiver lapsed).',
    payload: z.object({
      deviceId: z.string().nullable(),
      personId: z.string().nullable(),
      rule: z.string(),
      previous: z.string(),
    }),
    example: { deviceId: 'dev_social', personId: 'per_pm', rule: 'rotation.overdue', previous: 'waived' },
  }),
  // -- audit log: checkpoints, witnesses, exports, sign-in
  'audit.exported': spec({
    facts: false,
    description:
      'The audit log was exported as a verifiable bundle up to the checkpoint of `size` (the export itself is the next entry).',
    payload: z.object({ size: z.number(), root: z.string() }),
    example: { size: 1204, root: 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=' },
  }),
  'audit.key-rotated': spec({
    facts: false,
    description:
      'The log’s signing key was rotated: the key-transition checkpoint of `size` (root `root`), signed by the old and the new key, names `to`; `to` signs every later checkpoint (docs/adr/0024).',
    payload: z.object({ from: z.string(), to: z.string(), size: z.number(), root: z.string() }),
    example: {
      from: 'vigil.local/audit-log+2f8a41c0+AWMzTq4Xk2Xb0RLkeJ0aPJqjFIV8fDcItlbOtbHhJdHa',
      to: 'vigil.local/audit-log+9c01d7e2+AQ7yMJrsP3a5a7j3o6ZxW6uTzQfV0nqf7c1aqYxWZ3oS',
      size: 1204,
      root: 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
    },
  }),
  // -- integrations
  'intel.imported': spec({
    description:
      'Patch-currency data was imported (SOFA iOS feed, CISA KEV catalog or Android patch levels), from a file or a configured URL.',
    payload: z.object({
      kind: z.string(),
      origin: z.string(),
      sha256: z.string(),
      version: z.string().nullable(),
      releases: z.number(),
      fixes: z.number(),
      kev: z.number(),
    }),
    example: {
      kind: 'sofa',
      origin: 'file',
      sha256: '8538d6c0…',
      version: '2.0',
      releases: 72,
      fixes: 2310,
      kev: 0,
    },
  }),
  'connector.ingested': spec({
    description:
      'An MDM delivery was ingested: posture reports recorded (each also has its own posture.reported event), re-deliveries skipped, unknown devices counted.',
    payload: z.object({
      source: z.string(),
      recorded: z.number(),
      duplicates: z.number(),
      unmatched: z.number(),
      linked: z.number(),
      unenrolled: z.number(),
    }),
    example: { source: 'intune', recorded: 48, duplicates: 2, unmatched: 1, linked: 0, unenrolled: 0 },
  }),
  'posture.attested': spec({
    description:
      'A named person attested a sensor state the platform cannot enforce or report (recorded as a posture report with attested provenance).',
    payload: z.object({
      reportId: z.string(),
      deviceId: z.string(),
      sensor: z.string(),
      state: z.string(),
      attestedBy: z.string(),
      statement: z.string().nullable(),
    }),
    example: {
      reportId: 'pos_01',
      deviceId: 'dev_calls',
      sensor: 'microphone',
      state: 'disabled',
      attestedBy: 'J. Smith (security officer)',
      statement: 'Checked in person: microphone access off for every app.',
    },
  }),
  // -- forensics
  'scan.rechecked': spec({
    description:
      "A finished scan's saved records were re-checked against a new indicator set, without the evidence; records the set (SHA-256 of each file), the alerts the scan did not have and the incident a new critical alert opened.",
    payload: z.object({
      deviceId: z.string(),
      jobId: z.string(),
      indicatorsSha256: z.string(),
      indicators: z.array(z.object({ file: z.string(), sha256: z.string(), count: z.number() })),
      newAlerts: z.record(z.string(), z.number()),
      incidentId: z.string().nullable(),
    }),
    example: {
      deviceId: 'dev_calls',
      jobId: 'scj_01',
      indicatorsSha256: '5f2c…',
      indicators: [{ file: 'pegasus.stix2', sha256: '9a1b…', count: 1549 }],
      newAlerts: { critical: 1 },
      incidentId: 'inc_01',
    },
  }),
  'scan.completed': spec({
    description:
      'A forensic scan of a device backup or acquisition finished; records what was read (SHA-256 of every input and indicator file), the SHA-256 of its info.json (every file of the evidence with its hash) and how many alerts of each level it raised.',
    payload: z.object({
      deviceId: z.string(),
      kind: z.string(),
      encrypted: z.boolean(),
      startedAt: iso,
      finishedAt: iso,
      postureReportId: z.string().nullable(),
      inspectionId: z.string().nullable(),
      incidentId: z.string().nullable(),
      verdict: z.string(),
      /** Whether every module the protocol requires ran (absent in events before coverage). */
      coverage: z
        .object({
          complete: z.boolean(),
          required: z.array(z.string()),
          missing: z.array(z.string()),
          failed: z.array(z.string()),
        })
        .optional(),
      alerts: z.record(z.string(), z.number()),
      inputs: z.array(z.object({ path: z.string(), sha256: z.string() })),
      indicators: z.array(z.object({ file: z.string(), sha256: z.string(), count: z.number() })),
      modules: z.array(z.object({ module: z.string(), status: z.string() })),
      /** The background job that ran the scan (POST /scans); absent for `vigil scan`. */
      jobId: z.string().optional(),
      /** SHA-256 of the scan's info.json, which lists every input file with its hash. */
      infoSha256: z.string().optional(),
    }),
    example: {
      deviceId: 'dev_calls',
      kind: 'ios-backup',
      encrypted: true,
      startedAt: '2026-11-20T09:00:00.000Z',
      finishedAt: '2026-11-20T09:00:04.000Z',
      postureReportId: 'pos_01',
      inspectionId: 'ins_01',
      incidentId: null,
      verdict: 'clean',
      alerts: { info: 0, low: 1, medium: 0, high: 0, critical: 0 },
      inputs: [{ path: 'Manifest.db', sha256: '5e3a…' }],
      indicators: [{ file: 'pegasus.stix2', sha256: '9c1f…', count: 1549 }],
      modules: [{ module: 'sms', status: 'ok' }],
      infoSha256: '4b7d…',
    },
  }),
  // -- scan jobs
  'scan.requested': spec({
    facts: false,
    description:
      'A forensic scan of evidence on the server was queued as a background job (POST /scans); its result is the scan.completed or scan.failed event with the same jobId.',
    payload: z.object({
      jobId: z.string(),
      deviceId: z.string(),
      path: z.string(),
      iocs: z.array(z.string()),
    }),
    example: {
      jobId: 'scn_01',
      deviceId: 'dev_calls',
      path: 'calls-1/00008110-000A1B2C3D4E',
      iocs: [],
    },
  }),
  'scan.failed': spec({
    facts: false,
    description:
      'A background scan job ended without a result (unreadable evidence, wrong or missing backup password, a worker that died too often); no inspection was recorded.',
    payload: z.object({
      jobId: z.string(),
      deviceId: z.string(),
      code: z.string(),
      error: z.string(),
      attempts: z.number(),
    }),
    example: {
      jobId: 'scn_01',
      deviceId: 'dev_calls',
      code: 'BACKUP_PASSWORD_WRONG',
      error: 'the backup password is wrong',
      attempts: 1,
    },
  }),
  // -- dashboard auth
  'user.created': spec({
    facts: false,
    description: 'A dashboard user was created (the password hash is never recorded).',
    payload: z.object({
      id: z.string(),
      username: z.string(),
      name: z.string(),
      role: z.string(),
      personId: z.string().nullable(),
    }),
    example: {
      id: 'usr_01',
      username: 'olive',
      name: 'Olive Officer',
      role: 'officer',
      personId: 'olive-person',
    },
  }),
  'user.disabled': spec({
    facts: false,
    description: 'A user was disabled: they can no longer sign in and their sessions were revoked.',
    payload: z.object({ id: z.string(), username: z.string(), sessionsRevoked: z.number() }),
    example: { id: 'usr_01', username: 'olive', sessionsRevoked: 2 },
  }),
  'user.linked': spec({
    facts: false,
    description:
      'A user was linked to the person they are (users created before every user had to be one): from now on they may take part in two-person actions.',
    payload: z.object({
      id: z.string(),
      username: z.string(),
      personId: z.string(),
      previous: z.string().nullable(),
    }),
    example: { id: 'usr_01', username: 'olive', personId: 'olive-person', previous: null },
  }),
  'user.password-reset': spec({
    facts: false,
    description: "A user's password was replaced; every session they had was revoked.",
    payload: z.object({ id: z.string(), username: z.string(), sessionsRevoked: z.number() }),
    example: { id: 'usr_01', username: 'olive', sessionsRevoked: 1 },
  }),
  'session.started': spec({
    facts: false,
    description: 'A user signed in to the dashboard (a new session).',
    payload: z.object({ sessionId: z.string(), userId: z.string(), username: z.string(), ip: z.string() }),
    example: { sessionId: 'ses_01', userId: 'usr_01', username: 'olive', ip: '127.0.0.1' },
  }),
  'session.ended': spec({
    facts: false,
    description: 'A user signed out: the session was revoked.',
    payload: z.object({ sessionId: z.string(), userId: z.string(), username: z.string() }),
    example: { sessionId: 'ses_01', userId: 'usr_01', username: 'olive' },
  }),
  'session.failed': spec({
    facts: false,
    description:
      'A sign-in failed (unknown user, wrong password or disabled user; the password is never recorded).',
    payload: z.object({ username: z.string(), ip: z.string() }),
    example: { username: 'olive', ip: '192.0.2.10' },
  }),
  'sessions.revoked': spec({
    facts: false,
    description: 'A user signed out everywhere: every session they had was revoked.',
    payload: z.object({ userId: z.string(), username: z.string(), count: z.number() }),
    example: { userId: 'usr_01', username: 'olive', count: 3 },
  }),
  // -- passkeys
  'passkey.registered': spec({
    facts: false,
    description:
      'A user registered a passkey (its public key is stored; the private key never leaves the authenticator).',
    payload: z.object({
      passkeyId: z.string(),
      userId: z.string(),
      username: z.string(),
      sessionId: z.string(),
    }),
    example: { passkeyId: 'pk_01', userId: 'usr_01', username: 'olive', sessionId: 'ses_01' },
  }),
  'passkey.verified': spec({
    facts: false,
    description:
      'A session proved a passkey of its user (signature and counter checked); a pending session is complete.',
    payload: z.object({
      passkeyId: z.string(),
      userId: z.string(),
      username: z.string(),
      sessionId: z.string(),
    }),
    example: { passkeyId: 'pk_01', userId: 'usr_01', username: 'olive', sessionId: 'ses_01' },
  }),
  'passkey.failed': spec({
    facts: false,
    description: 'A passkey registration or assertion was refused (why, in words; never the answer itself).',
    payload: z.object({
      userId: z.string(),
      username: z.string(),
      sessionId: z.string(),
      reason: z.string(),
    }),
    example: { userId: 'usr_01', username: 'olive', sessionId: 'ses_01', reason: 'no live challenge' },
  }),
  // -- single sign-on
  'session.oidc-started': spec({
    facts: false,
    description:
      "A user signed in to the dashboard through the OpenID provider (a new session, like a password sign-in); `role` is the one mapped from the role claim, `previousRole` the user's role before when the mapping changed it, `provisioned` whether this sign-in created the user.",
    payload: z.object({
      sessionId: z.string(),
      userId: z.string(),
      username: z.string(),
      issuer: z.string(),
      subject: z.string(),
      role: z.string(),
      previousRole: z.string().nullable(),
      provisioned: z.boolean(),
      ip: z.string(),
    }),
    example: {
      sessionId: 'ses_01',
      userId: 'usr_01',
      username: 'olive',
      issuer: 'https://login.example.org',
      subject: '248289761001',
      role: 'officer',
      previousRole: null,
      provisioned: false,
      ip: '192.0.2.10',
    },
  }),
  'session.oidc-refused': spec({
    facts: false,
    description:
      'The OpenID provider vouched for an identity but Vigil refused the sign-in: `code` is OIDC_NO_ROLE, OIDC_NOT_LINKED or OIDC_USER_DISABLED.',
    payload: z.object({ issuer: z.string(), subject: z.string(), code: z.string(), ip: z.string() }),
    example: {
      issuer: 'https://login.example.org',
      subject: '248289761001',
      code: 'OIDC_NO_ROLE',
      ip: '192.0.2.10',
    },
  }),
  'user.identity-linked': spec({
    facts: false,
    description:
      'An OpenID provider identity (issuer and subject) was linked to a user, who may then sign in through it.',
    payload: z.object({ id: z.string(), username: z.string(), issuer: z.string(), subject: z.string() }),
    example: {
      id: 'usr_01',
      username: 'olive',
      issuer: 'https://login.example.org',
      subject: '248289761001',
    },
  }),
  // -- compliance receipts
  'compliance.receipt-issued': spec({
    facts: false,
    description:
      'A compliance receipt was written: `digest` is the SHA-256 of the canonical JSON of its as-of and known-at instants, person, protocol versions, facts and findings, so changing, adding or dropping any of them is detectable.',
    payload: z.object({
      digest: z.string(),
      asOf: iso,
      knownAt: iso,
      personId: z.string().nullable(),
      facts: z.number(),
      findings: z.number(),
    }),
    example: {
      digest: '5d41402abc4b2a76b9719d911017c592ae2f3bd7a2c1e0e5e3f1a0c2b4d6e8f0',
      asOf: '2026-07-01T00:00:00.000Z',
      knownAt: '2026-12-06T05:00:00.000Z',
      personId: 'per_pm',
      facts: 412,
      findings: 3,
    },
  }),
  // -- exports
  'export.created': spec({
    facts: false,
    description:
      'Someone exported records for auditors (CSV or JSON table, OSCAL assessment results or POA&M, a JSON-lines event range), as of `asOf`; `sha256` pins exactly what was handed out.',
    payload: z.object({
      kind: z.string(),
      entity: z.string().nullable(),
      asOf: iso.nullable(),
      /** Only facts recorded by then were used; absent: everything recorded. */
      knownAt: iso.nullable().optional(),
      scope: z.string().nullable(),
      rows: z.number(),
      sha256: z.string(),
    }),
    example: {
      kind: 'oscal-ar',
      entity: null,
      asOf: '2026-07-01T00:00:00.000Z',
      scope: 'fleet',
      rows: 12,
      sha256: '3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
  }),
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

/** The event types that change no compliance fact (see `facts` above). */
export const FACT_NEUTRAL_EVENT_TYPES: readonly AuditEventType[] = Object.entries(AUDIT_EVENT_TYPES)
  .filter(([, s]) => 'facts' in s && s.facts === false)
  .map(([name]) => name as AuditEventType);

/** Renders docs/audit-events.md. */
export function renderAuditEventDocs(): string {
  const lines = [
    '# Audit event types',
    '',
    '<!-- Generated from src/core/audit/events.ts by `npm run generate`. Do not edit. -->',
    '',
    'Every state change appends one of these events in the same transaction as the change.',
    '',
    'Every event has the same envelope around its payload:',
    '',
    '| field | meaning |',
    '| --- | --- |',
    '| `seq` | its number in the log, unique and increasing |',
    '| `type` | one of the types below |',
    '| `at` | when it was recorded (or, for back-filled history, took effect) |',
    '| `actor` | the credential that caused it: `token:<id>`, `user:<username>`, `cli`, `cli:<username>`, `system…` |',
    "| `actorPersonId` | the person behind that credential when the event was appended (a token's person, a `user:` or `cli:` user's), or null: machines (`system…`, ingest tokens), imported history, the bare `cli`, credentials not linked to a person, and events from before it was recorded. It is part of the event's Merkle leaf when set |",
    '| `subject` | what it concerns, e.g. `device:<id>` |',
    '| `payload` | per type, below |',
    '',
  ];
  for (const [name, s] of Object.entries(AUDIT_EVENT_TYPES)) {
    lines.push(`## \`${name}\``, '', s.description, '');
    if ('facts' in s && s.facts === false)
      lines.push('Changes no fact compliance is judged on: cached evaluations stay valid.', '');
    lines.push('Payload schema:', '', '```json');
    lines.push(JSON.stringify(z.toJSONSchema(s.payload), null, 2));
    lines.push('```', '', 'Example payload:', '', '```json', JSON.stringify(s.example, null, 2), '```', '');
  }
  return lines.join('\n');
}
