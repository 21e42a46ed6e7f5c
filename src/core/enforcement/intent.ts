/**
 * What a protocol asks of one role's phones, in the terms the compilers need. Only what the
 * protocol states is here: the compilers never add a setting the protocol does not require.
 */
import { VigilError } from '../errors.ts';
import type { DeviceRole } from '../model.ts';
import type { ProtocolDocument } from '../protocol/protocol.schema.ts';
import { type Instant, parseDuration } from '../time.ts';

export interface EnforcementIntent {
  readonly protocol: string;
  readonly version: string;
  readonly title: string;
  readonly role: DeviceRole;
  readonly camera: boolean;
  readonly microphone: boolean;
  readonly location: boolean;
  readonly bluetooth: boolean;
  /** The app allow-list, sorted and de-duplicated; null when apps are not restricted. */
  readonly apps: readonly string[] | null;
  readonly minIos: string | null;
  readonly minAndroidPatch: string | null;
  /** `os.maxBehindLatest` in milliseconds. */
  readonly maxBehindLatest: number | null;
  readonly lockdownMode: boolean;
  /** Null when the protocol requires no passcode. */
  readonly passcode: {
    readonly minLength: number | null;
    readonly alphanumeric: boolean;
    readonly maxFailedAttempts: number | null;
    /** Minutes idle before the phone locks. */
    readonly autoLockMinutes: number | null;
  } | null;
  readonly screenCapture: boolean;
  readonly cloudBackup: boolean;
  readonly hostPairing: boolean;
}

/** The newest iOS release known (from patch intelligence), for DDM's enforced update. */
export interface TargetRelease {
  readonly version: string;
  readonly build: string | null;
  readonly releasedAt: Instant;
}

/** `doc` must be resolved (its `extends` merged). */
export function enforcementIntent(doc: ProtocolDocument, role: DeviceRole): EnforcementIntent {
  if (doc.metadata.extends != null)
    throw new VigilError(
      'PROTOCOL_INVALID',
      `protocol ${doc.metadata.name} must be resolved before compiling`,
    );
  const r = doc.roles?.[role] ?? null;
  const sensors = r?.sensors ?? null;
  const os = r?.os ?? null;
  const apps = r?.apps ?? null;
  const controls = r?.controls ?? null;
  const passcode = controls?.passcode ?? null;
  const autoLock = passcode?.autoLock === undefined ? null : parseDuration(passcode.autoLock);
  return {
    protocol: doc.metadata.name,
    version: doc.metadata.version,
    title: doc.metadata.title,
    role,
    camera: sensors?.camera === 'disabled',
    microphone: sensors?.microphone === 'disabled',
    location: sensors?.location === 'disabled',
    bluetooth: sensors?.bluetooth === 'disabled',
    apps: apps == null ? null : [...new Set(apps.allow)].sort(),
    minIos: os?.minVersion?.ios ?? null,
    minAndroidPatch: os?.minVersion?.android ?? null,
    maxBehindLatest: os?.maxBehindLatest == null ? null : parseDuration(os.maxBehindLatest),
    lockdownMode: os?.lockdownMode === 'required',
    passcode:
      passcode === null
        ? null
        : {
            minLength: passcode.minLength ?? null,
            alphanumeric: passcode.alphanumeric ?? false,
            maxFailedAttempts: passcode.maxFailedAttempts ?? null,
            autoLockMinutes: autoLock === null ? null : Math.round(autoLock / 60_000),
          },
    screenCapture: controls?.screenCapture === 'disabled',
    cloudBackup: controls?.cloudBackup === 'disabled',
    hostPairing: controls?.hostPairing === 'disabled',
  };
}
