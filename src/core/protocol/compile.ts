/**
 * Compiles a resolved protocol document into the shape the evaluator reads: durations in
 * milliseconds, defaults filled in, allow-lists as sets. `null` (an explicit exemption) and
 * absence both compile to a `null` section: nothing is required.
 */
import { VigilError } from '../errors.ts';
import { DEFAULT_COVERAGE } from '../forensics/coverage.ts';
import { DEVICE_ROLES, SENSORS, type Sensor } from '../model.ts';
import { type Millis, parseDuration } from '../time.ts';
import type { CompiledFacility, CompiledProtocol, CompiledRole } from './compiled.ts';
import type { ProtocolDocument, RoleRequirements } from './protocol.schema.ts';

export function compileProtocol(doc: ProtocolDocument): CompiledProtocol {
  const name = doc.metadata.name;
  if (doc.metadata.extends !== undefined && doc.metadata.extends !== null) {
    // Compiling a child alone would silently drop every inherited requirement.
    throw new VigilError(
      'PROTOCOL_INVALID',
      `Protocol "${name}" extends "${doc.metadata.extends}": resolve it before compiling.`,
      [
        {
          path: 'metadata.extends',
          message: 'a protocol must be resolved (extends merged) before it is compiled',
        },
      ],
    );
  }
  const ms = (text: string, path: string): Millis => {
    const value = parseDuration(text);
    if (value === null) {
      throw new VigilError('PROTOCOL_INVALID', `Protocol "${name}" has an invalid duration at ${path}.`, [
        { path, message: `expected an ISO 8601 duration such as P30D, got "${text}"` },
      ]);
    }
    return value;
  };

  const roles: Partial<Record<(typeof DEVICE_ROLES)[number], CompiledRole>> = {};
  for (const role of DEVICE_ROLES) {
    const r = doc.roles?.[role];
    if (r !== undefined && r !== null) roles[role] = compileRole(r, `roles.${role}`, ms);
  }

  const facilities: CompiledFacility[] = Object.entries(doc.facilities ?? {})
    .flatMap(([id, f]) =>
      f === null
        ? []
        : [
            {
              id,
              title: f.title ?? id,
              personalDevices: f.personalDevices,
              acknowledgement: f.acknowledgement ?? 'optional',
              policyVersion: f.policyVersion ?? null,
            },
          ],
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    name,
    title: doc.metadata.title,
    version: doc.metadata.version,
    roles,
    facilities,
    waivers:
      doc.waivers === undefined
        ? null
        : {
            maxDuration: ms(doc.waivers.maxDuration, 'waivers.maxDuration'),
            approverRole: doc.waivers.approverRole,
          },
    severities: { ...(doc.severities ?? {}) },
    changes: { approval: doc.changes?.approval ?? 'none' },
    ...(doc.incidents === undefined
      ? {}
      : {
          incidents: {
            playbook: doc.incidents.playbook.map(({ id, title, owner }) => ({ id, title, owner })),
          },
        }),
    document: doc,
  };
}

function compileRole(
  r: RoleRequirements,
  at: string,
  ms: (text: string, path: string) => Millis,
): CompiledRole {
  const cite = (c: readonly string[] | undefined): readonly string[] => [...(c ?? [])];
  const { rotation, inspection, sensors, apps, os, posture, controls } = r;
  return {
    rotation:
      rotation == null
        ? null
        : {
            every: ms(rotation.every, `${at}.rotation.every`),
            grace: rotation.grace === undefined ? 0 : ms(rotation.grace, `${at}.rotation.grace`),
            ...(rotation.leadTime === undefined
              ? {}
              : { leadTime: ms(rotation.leadTime, `${at}.rotation.leadTime`) }),
            cite: cite(rotation.cite),
          },
    inspection:
      inspection == null
        ? null
        : {
            every: ms(inspection.every, `${at}.inspection.every`),
            grace: inspection.grace === undefined ? 0 : ms(inspection.grace, `${at}.inspection.grace`),
            methods: [...(inspection.methods ?? [])],
            // Only when the protocol states it; absent, the scan service applies the defaults.
            ...(inspection.coverage === undefined
              ? {}
              : {
                  coverage: {
                    ios: [...(inspection.coverage.ios ?? DEFAULT_COVERAGE.ios)],
                    android: [...(inspection.coverage.android ?? DEFAULT_COVERAGE.android)],
                  },
                }),
            cite: cite(inspection.cite),
          },
    sensors:
      sensors == null
        ? null
        : { disabled: SENSORS.filter((s: Sensor) => sensors[s] === 'disabled'), cite: cite(sensors.cite) },
    apps: apps == null ? null : { allow: new Set(apps.allow), cite: cite(apps.cite) },
    os:
      os == null
        ? null
        : {
            minVersion: { ios: os.minVersion?.ios ?? null, android: os.minVersion?.android ?? null },
            maxBehindLatest:
              os.maxBehindLatest === undefined ? null : ms(os.maxBehindLatest, `${at}.os.maxBehindLatest`),
            lockdownMode: os.lockdownMode ?? 'optional',
            cite: cite(os.cite),
          },
    posture:
      posture == null
        ? null
        : { maxAge: ms(posture.maxAge, `${at}.posture.maxAge`), cite: cite(posture.cite) },
    controls:
      controls == null
        ? null
        : {
            passcode:
              controls.passcode === undefined
                ? null
                : {
                    minLength: controls.passcode.minLength ?? null,
                    alphanumeric: controls.passcode.alphanumeric ?? false,
                    maxFailedAttempts: controls.passcode.maxFailedAttempts ?? null,
                    autoLock:
                      controls.passcode.autoLock === undefined
                        ? null
                        : ms(controls.passcode.autoLock, `${at}.controls.passcode.autoLock`),
                  },
            screenCaptureDisabled: controls.screenCapture === 'disabled',
            cloudBackupDisabled: controls.cloudBackup === 'disabled',
            hostPairingDisabled: controls.hostPairing === 'disabled',
            cite: cite(controls.cite),
          },
  };
}
