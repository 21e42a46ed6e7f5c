/**
 * The posture fields: what a posture report can state about a device, declared once.
 *
 * Everything else is derived from `POSTURE_FIELDS`: the domain type (`PostureValues`, which
 * `PostureReport` extends), the HTTP input and output schemas, the database columns and the
 * repository's JSON, the connectors' merge of successive observations, what a scan records, the
 * test builders, and the evaluator's unrolled snapshot (`npm run generate` writes
 * src/core/compliance/posture.generated.ts from this table). See docs/posture-fields.md.
 *
 * Per field:
 * - `kind`: the value's type, which also fixes the column type (text, boolean, jsonb) and how
 *   the snapshot tells a stated field (`!== null`; sensors: per sensor, `!== undefined`);
 * - `column`: the column of `posture_reports`;
 * - `input` / `output`: the Zod schemas of the field in a posted report and in a response;
 * - `merge`: how a connector's message combines with the device's previous report from the
 *   same source (`keep`: an absent or null value keeps the previous one; `replace`: absent
 *   keeps it, null clears it; `union`: the message's entries over the previous ones);
 * - `scan`: what a forensic scan records (`read` from its observed posture, `clean` makes it fit
 *   the input schema), or null when scans do not observe the field;
 * - `example`: the value in `examplePosture()`, a report that satisfies a strict protocol.
 */
import { z } from 'zod';
import type { ObservedPosture as ScannedPosture } from '../forensics/posture.ts';
import { PROVENANCES, SENSOR_STATES, type Sensor, type SensorReading } from '../model.ts';

/** What each kind of field holds (when stated). */
export interface PostureKinds {
  readonly text: string;
  readonly boolean: boolean;
  readonly textList: readonly string[];
  readonly sensors: Readonly<Partial<Record<Sensor, SensorReading>>>;
  readonly applied: AppliedConfiguration;
}

/** The MDMs whose reports say which compiled configuration a device applied. */
export const APPLIED_TARGETS = ['apple-ddm', 'amapi', 'intune'] as const;
export type AppliedTarget = (typeof APPLIED_TARGETS)[number];

export type PostureKind = keyof PostureKinds;

/**
 * What the device's MDM reports about the configuration it applied: each item (a DDM
 * declaration, the Android policy, an Intune policy) with the token the MDM echoes back (DDM:
 * the `ServerToken`; Android: the policy id; Intune: the display name) and its state (applied:
 * DDM active and valid; pending: not yet, or unknown; failed: invalid or in error), and the MDM's
 * own compliance verdict (Android `policyCompliant`; Intune `complianceState`, its grace period
 * kept apart).
 */
const appliedItem = z.strictObject({
  id: z.string().min(1).max(255),
  token: z.string().min(1).max(255),
  state: z.enum(['applied', 'pending', 'failed']),
  version: z.string().max(64).optional(),
});
const appliedConfiguration = z.strictObject({
  target: z.enum(APPLIED_TARGETS),
  items: z.array(appliedItem).max(200),
  compliance: z.enum(['compliant', 'noncompliant', 'inGracePeriod']).nullable(),
});
export type AppliedConfiguration = z.infer<typeof appliedConfiguration>;
/** Not Vigil's own declarations: config.drift does not check a device Vigil does not configure. */
const EXAMPLE_APPLIED: AppliedConfiguration = {
  target: 'apple-ddm',
  items: [{ id: 'com.example.wifi', token: '1', state: 'applied' }],
  compliance: null,
};
const sensorReading = z.strictObject({ state: z.enum(SENSOR_STATES), provenance: z.enum(PROVENANCES) });
const VERSION = /^\d+(\.\d+){0,3}$/;
const PATCH_LEVEL = /^\d{4}-\d{2}-\d{2}$/;
const enforced = (state: SensorReading['state']): SensorReading => ({ state, provenance: 'enforced' });

export const POSTURE_FIELDS = {
  osVersion: {
    kind: 'text',
    doc: 'iOS: "18.6.2"; Android: the release ("15").',
    column: 'os_version',
    input: z.string().regex(VERSION, 'expected a version such as 18.6.2').nullable().optional(),
    output: z.string().nullable(),
    merge: 'keep',
    // Versions are dotted numbers; anything else read from a backup is not recorded.
    scan: { read: (p: ScannedPosture) => p.osVersion, clean: (v: string) => (VERSION.test(v) ? v : null) },
    example: '18.6.2',
  },
  osBuild: {
    kind: 'text',
    doc: 'The OS build ("22G100").',
    column: 'os_build',
    input: z.string().max(32).nullable().optional(),
    output: z.string().nullable(),
    merge: 'keep',
    scan: { read: (p: ScannedPosture) => p.osBuild, clean: (v: string) => v.slice(0, 32) },
    example: '22G100',
  },
  patchLevel: {
    kind: 'text',
    doc: 'Android security patch level, "YYYY-MM-DD".',
    column: 'patch_level',
    input: z.string().regex(PATCH_LEVEL, 'expected a patch level such as 2026-05-01').nullable().optional(),
    output: z.string().nullable(),
    merge: 'keep',
    scan: {
      read: (p: ScannedPosture) => p.patchLevel,
      clean: (v: string) => (PATCH_LEVEL.test(v) ? v : null),
    },
    example: null,
  },
  sensors: {
    kind: 'sensors',
    doc: 'Per sensor, its state and how that is known; a sensor left out was not observed.',
    column: 'sensors',
    input: z
      .strictObject({
        camera: sensorReading.optional(),
        microphone: sensorReading.optional(),
        location: sensorReading.optional(),
        bluetooth: sensorReading.optional(),
      } satisfies Record<Sensor, unknown>)
      .optional(),
    output: z.record(z.string(), sensorReading),
    merge: 'union',
    scan: { read: (p: ScannedPosture) => p.sensors, clean: (v: PostureKinds['sensors']) => v },
    example: {
      camera: enforced('disabled'),
      microphone: enforced('disabled'),
      location: enforced('disabled'),
      bluetooth: enforced('enabled'),
    },
  },
  apps: {
    kind: 'textList',
    doc: 'Installed app identifiers (bundle ids / package names).',
    column: 'apps',
    input: z.array(z.string().min(1).max(255)).max(2000).nullable().optional(),
    output: z.array(z.string()).nullable(),
    merge: 'replace',
    scan: { read: (p: ScannedPosture) => p.apps, clean: (v: readonly string[]) => [...v] },
    example: ['com.apple.mobilephone'],
  },
  lockdownMode: {
    kind: 'boolean',
    doc: 'iOS Lockdown Mode on or off.',
    column: 'lockdown_mode',
    input: z.boolean().nullable().optional(),
    output: z.boolean().nullable(),
    merge: 'keep',
    scan: { read: (p: ScannedPosture) => p.lockdownMode, clean: (v: boolean) => v },
    example: true,
  },
  supervised: {
    kind: 'boolean',
    doc: 'The device is supervised (iOS) or fully managed (Android) by its MDM.',
    column: 'supervised',
    input: z.boolean().nullable().optional(),
    output: z.boolean().nullable(),
    merge: 'keep',
    scan: null,
    example: true,
  },
  applied: {
    kind: 'applied',
    doc: 'What the MDM reports the device applied: items with the tokens it echoes, and its compliance verdict.',
    column: 'applied',
    input: appliedConfiguration.nullable().optional(),
    output: appliedConfiguration.nullable(),
    merge: 'keep',
    scan: null,
    example: EXAMPLE_APPLIED,
  },
} as const satisfies Record<string, PostureFieldDeclaration>;

/** The shape every declaration has (checked by `satisfies` above). */
interface PostureFieldDeclaration {
  readonly kind: PostureKind;
  readonly doc: string;
  readonly column: string;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly merge: 'keep' | 'replace' | 'union';
  readonly scan: {
    // biome-ignore lint/suspicious/noExplicitAny: each field's own value type, checked by `PostureValues` below
    readonly read: (p: ScannedPosture) => any;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    readonly clean: (v: any) => unknown;
  } | null;
  readonly example: unknown;
}

type Fields = typeof POSTURE_FIELDS;
export type PostureFieldName = keyof Fields;
export const POSTURE_FIELD_NAMES = Object.keys(POSTURE_FIELDS) as PostureFieldName[];

/** The value of each field in a report: null when not stated (sensors: an empty object). */
export type PostureValues = {
  readonly [K in PostureFieldName]: Fields[K]['kind'] extends 'sensors'
    ? PostureKinds[Fields[K]['kind']]
    : PostureKinds[Fields[K]['kind']] | null;
};

// Each declaration's example and scan reading must be of its field's type: a mismatch makes the
// field `never` here and the assignment below fail to compile.
type Checked = {
  readonly [K in PostureFieldName]: Fields[K]['example'] extends PostureValues[K]
    ? Fields[K]['scan'] extends { read: (p: ScannedPosture) => infer R }
      ? R extends PostureValues[K] | null
        ? true
        : never
      : true
    : never;
};
const checked: Checked = Object.fromEntries(POSTURE_FIELD_NAMES.map((n) => [n, true])) as {
  [K in PostureFieldName]: true;
};
void checked;

/** The posture fields a source reported; absent = not reported by this message. */
export type ObservedPosture = { readonly [K in PostureFieldName]?: PostureValues[K] | undefined };

const emptyValue = (kind: PostureKind): null | Record<string, never> => (kind === 'sensors' ? {} : null);

/** A report's fields with nothing stated. */
export function noPosture(): PostureValues {
  const out: Record<string, unknown> = {};
  for (const name of POSTURE_FIELD_NAMES) out[name] = emptyValue(POSTURE_FIELDS[name].kind);
  return out as PostureValues;
}

/** Every field stated, as on an iPhone that satisfies a strict protocol (iOS 18.6.2). */
export function examplePosture(): PostureValues {
  const out: Record<string, unknown> = {};
  for (const name of POSTURE_FIELD_NAMES) out[name] = structuredClone(POSTURE_FIELDS[name].example);
  return out as PostureValues;
}

/** The posture fields of `o` (a database row, a larger record), and nothing else. */
export function postureOf(o: PostureValues): PostureValues {
  const out: Record<string, unknown> = {};
  for (const name of POSTURE_FIELD_NAMES) out[name] = o[name];
  return out as PostureValues;
}

/**
 * A connector's report: the message's fields combined with the device's previous report from
 * the same source, field by field as each declares (`merge`).
 */
export function mergePosture(prev: PostureValues | undefined, p: ObservedPosture): PostureValues {
  const out: Record<string, unknown> = {};
  for (const name of POSTURE_FIELD_NAMES) {
    const v: unknown = p[name];
    const was: unknown = prev?.[name];
    switch (POSTURE_FIELDS[name].merge) {
      case 'keep':
        out[name] = v ?? was ?? null;
        break;
      case 'replace':
        out[name] = v === undefined ? (was ?? null) : Array.isArray(v) ? [...v] : v;
        break;
      case 'union':
        out[name] = { ...(was as object | undefined), ...(v as object | undefined) };
        break;
    }
  }
  return out as PostureValues;
}

/**
 * What a forensic scan records: each field it observes, made to fit the input schema; null when
 * it observed none (then no report is worth appending).
 */
export function scannedPosture(p: ScannedPosture): PostureValues | null {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const name of POSTURE_FIELD_NAMES) {
    const f: PostureFieldDeclaration = POSTURE_FIELDS[name];
    const raw: unknown = f.scan === null ? null : f.scan.read(p);
    const stated = f.kind === 'sensors' ? Object.keys(raw as object).length > 0 : raw !== null;
    if (stated) any = true;
    out[name] = f.scan === null || raw === null ? emptyValue(f.kind) : f.scan.clean(raw);
  }
  return any ? (out as PostureValues) : null;
}

/** The Zod shape of the fields in a posted report. */
export const postureInputShape = Object.fromEntries(
  POSTURE_FIELD_NAMES.map((name) => [name, POSTURE_FIELDS[name].input]),
) as { readonly [K in PostureFieldName]: Fields[K]['input'] };

/** The Zod shape of the fields in a response. */
export const postureOutputShape = Object.fromEntries(
  POSTURE_FIELD_NAMES.map((name) => [name, POSTURE_FIELDS[name].output]),
) as { readonly [K in PostureFieldName]: Fields[K]['output'] };
