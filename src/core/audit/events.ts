/**
 * Audit event types live here, in code: each declares its payload schema, a description and
 * an example (CONVENTIONS.md 9). docs/audit-events.md is generated from this list
 * (`npm run generate`) and CI fails when the two drift. Services append events in the same
 * transaction as the change they record.
 */
import { z } from 'zod';

interface EventTypeSpec<S extends z.ZodType> {
  readonly description: string;
  readonly payload: S;
  readonly example: z.infer<S>;
}

function spec<S extends z.ZodType>(s: EventTypeSpec<S>): EventTypeSpec<S> {
  return s;
}

const iso = z.string();

export const AUDIT_EVENT_TYPES = {
  'person.created': spec({
    description: 'A principal or staff member was added to the inventory.',
    payload: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      principalId: z.string().nullable(),
    }),
    example: { id: 'per_pm', name: 'Alex Marlowe', kind: 'principal', principalId: null },
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
    payload: z.object({ deviceId: z.string(), status: z.string(), at: iso, reason: z.string().nullable() }),
    example: { deviceId: 'dev_calls', status: 'active', at: '2026-11-01T09:00:00.000Z', reason: null },
  }),
  'device.custody-changed': spec({
    description: 'A device changed hands or was put in storage.',
    payload: z.object({
      deviceId: z.string(),
      holderId: z.string().nullable(),
      location: z.string().nullable(),
      at: iso,
    }),
    example: { deviceId: 'dev_calls', holderId: 'per_pm', location: null, at: '2026-11-01T09:00:00.000Z' },
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
    }),
    example: {
      id: 'ins_1',
      deviceId: 'dev_calls',
      method: 'forensic-scan',
      result: 'clean',
      at: '2026-11-02T10:00:00.000Z',
    },
  }),
  'rotation.recorded': spec({
    description: 'A swap was recorded: the old device left service and the new one took its place.',
    payload: z.object({
      id: z.string(),
      oldDeviceId: z.string(),
      newDeviceId: z.string().nullable(),
      at: iso,
    }),
    example: {
      id: 'rot_1',
      oldDeviceId: 'dev_old',
      newDeviceId: 'dev_calls',
      at: '2026-11-01T09:00:00.000Z',
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
  'token.created': spec({
    description: 'An API token was created. The secret is never recorded.',
    payload: z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      personId: z.string().nullable(),
    }),
    example: { id: 'tok_01', name: 'mdm-connector', role: 'ingest', personId: null },
  }),
  'token.revoked': spec({
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
    }),
    example: { sha256: 'e3b0c442…', people: 5, devices: 7, posture: 30, inspections: 9, rotations: 4 },
  }),
  'demo.loaded': spec({
    description: 'The demo office was loaded into an empty database.',
    payload: z.object({ people: z.number(), devices: z.number() }),
    example: { people: 6, devices: 8 },
  }),
  // -- workflows: swaps, checks, refusals, waivers
  // -- incidents, zones, acknowledgements
  // -- notices and finding transitions
  // -- audit log: checkpoints, witnesses, exports, sign-in
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

/** Renders docs/audit-events.md. */
export function renderAuditEventDocs(): string {
  const lines = [
    '# Audit event types',
    '',
    '<!-- Generated from src/core/audit/events.ts by `npm run generate`. Do not edit. -->',
    '',
    'Every state change appends one of these events in the same transaction as the change.',
    '',
  ];
  for (const [name, s] of Object.entries(AUDIT_EVENT_TYPES)) {
    lines.push(`## \`${name}\``, '', s.description, '', 'Payload schema:', '', '```json');
    lines.push(JSON.stringify(z.toJSONSchema(s.payload), null, 2));
    lines.push('```', '', 'Example payload:', '', '```json', JSON.stringify(s.example, null, 2), '```', '');
  }
  return lines.join('\n');
}
