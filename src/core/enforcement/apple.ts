/**
 * Apple targets: a configuration profile (`.mobileconfig`) of the restrictions the protocol
 * implies, and a Declarative Device Management declaration set that carries that profile,
 * enforces the OS update and subscribes to the status that proves what the device applied.
 * Keys are checked against Apple's device-management schemas by the tests.
 */
import { toIso } from '../time.ts';
import { canonicalJson, type Plain, plist, uuidFromDigest } from './canonical.ts';
import type { EnforcementIntent, TargetRelease } from './intent.ts';

export type Sha256 = (text: string) => string;

const DOMAIN = 'org.vigil-project.protocol';

export const profileIdentifier = (i: EnforcementIntent) => `${DOMAIN}.${i.protocol}.${i.role}`;

/** A PayloadUUID fixed by the protocol name, version, role and payload kind. */
const payloadUuid = (i: EnforcementIntent, kind: string, sha256: Sha256) =>
  uuidFromDigest(sha256(`${i.protocol}\n${i.version}\n${i.role}\n${kind}`));

/** The com.apple.applicationaccess keys the protocol implies; empty when it implies none. */
export function restrictionKeys(i: EnforcementIntent): Record<string, Plain> {
  const keys: Record<string, Plain> = {};
  if (i.camera) keys.allowCamera = false;
  // iOS cannot switch the microphone off; Siri and dictation are what listens through it.
  if (i.microphone) {
    keys.allowAssistant = false;
    keys.allowAssistantWhileLocked = false;
    keys.allowDictation = false;
  }
  // Bluetooth can only be locked in the state it is in; AirDrop discovers peers over it.
  if (i.bluetooth) {
    keys.allowBluetoothModification = false;
    keys.allowAirDrop = false;
  }
  if (i.apps !== null) keys.allowListedAppBundleIDs = [...i.apps];
  if (i.screenCapture) keys.allowScreenShot = false;
  if (i.cloudBackup) keys.allowCloudBackup = false;
  // Also blocks the computer backups Vigil's iOS forensic scans read (coverage.ts says so).
  if (i.hostPairing) keys.allowHostPairing = false;
  return keys;
}

/** The com.apple.mobiledevice.passwordpolicy keys; null when no passcode is required. */
export function passcodeKeys(i: EnforcementIntent): Record<string, Plain> | null {
  const p = i.passcode;
  if (p === null) return null;
  const keys: Record<string, Plain> = { forcePIN: true };
  if (p.minLength !== null) keys.minLength = p.minLength;
  if (p.alphanumeric) keys.requireAlphanumeric = true;
  if (p.maxFailedAttempts !== null) keys.maxFailedAttempts = p.maxFailedAttempts;
  if (p.autoLockMinutes !== null) keys.maxInactivity = p.autoLockMinutes;
  return keys;
}

/** The DDM passcode settings (the declarative form of the same lock). */
function passcodeSettings(i: EnforcementIntent): Record<string, Plain> | null {
  const p = i.passcode;
  if (p === null) return null;
  const keys: Record<string, Plain> = { RequirePasscode: true };
  if (p.minLength !== null) keys.MinimumLength = p.minLength;
  if (p.alphanumeric) keys.RequireAlphanumericPasscode = true;
  if (p.maxFailedAttempts !== null) keys.MaximumFailedAttempts = p.maxFailedAttempts;
  if (p.autoLockMinutes !== null) keys.MaximumInactivityInMinutes = p.autoLockMinutes;
  return keys;
}

/** The profile as a plist value (PayloadContent empty when the protocol implies no restriction). */
export function appleProfile(i: EnforcementIntent, sha256: Sha256): Record<string, Plain> {
  const restrictions = restrictionKeys(i);
  const passcode = passcodeKeys(i);
  const content: Plain[] = [];
  if (Object.keys(restrictions).length > 0)
    content.push({
      ...restrictions,
      PayloadDisplayName: 'Restrictions',
      PayloadIdentifier: `${profileIdentifier(i)}.restrictions`,
      PayloadType: 'com.apple.applicationaccess',
      PayloadUUID: payloadUuid(i, 'com.apple.applicationaccess', sha256),
      PayloadVersion: 1,
    });
  if (passcode !== null)
    content.push({
      ...passcode,
      PayloadDisplayName: 'Passcode',
      PayloadIdentifier: `${profileIdentifier(i)}.passcode`,
      PayloadType: 'com.apple.mobiledevice.passwordpolicy',
      PayloadUUID: payloadUuid(i, 'com.apple.mobiledevice.passwordpolicy', sha256),
      PayloadVersion: 1,
    });
  return {
    PayloadContent: content,
    PayloadDescription: `Settings of protocol ${i.protocol} version ${i.version} for the ${i.role} phone, compiled by Vigil.`,
    PayloadDisplayName: `Vigil: ${i.title} (${i.role})`,
    PayloadIdentifier: profileIdentifier(i),
    PayloadOrganization: 'Vigil',
    PayloadRemovalDisallowed: true,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: payloadUuid(i, 'Configuration', sha256),
    PayloadVersion: 1,
  };
}

/** A declaration identifier; Apple asks for at most 64 octets, so a long protocol name is hashed. */
function declarationId(i: EnforcementIntent, kind: string, sha256: Sha256): string {
  const id = `vigil.${i.protocol}.${i.role}.${kind}`;
  return id.length <= 64 ? id : `vigil.${sha256(i.protocol).slice(0, 16)}.${i.role}.${kind}`;
}

export interface Declaration {
  readonly Type: string;
  readonly Identifier: string;
  readonly ServerToken: string;
  readonly Payload: { readonly [key: string]: Plain };
}

/** The status items whose reports prove what the device runs and applied. */
export const STATUS_ITEMS = [
  'app.managed.list',
  'device.operating-system.build-version',
  'device.operating-system.supplemental.build-version',
  'device.operating-system.version',
  'management.declarations',
  'mdm.app',
  'softwareupdate.install-state',
  'softwareupdate.pending-version',
] as const;

const MINUTE = 60_000;

/** A device-local date and time (no zone: DDM applies it in the device's own time zone). */
const localDateTime = (at: number) => toIso(Math.floor(at / MINUTE) * MINUTE).slice(0, 19);

function declaration(
  type: string,
  identifier: string,
  payload: Record<string, Plain>,
  sha256: Sha256,
  token = sha256(canonicalJson(payload)),
): Declaration {
  // The token changes exactly when the payload does; the status channel echoes it back, which
  // shows the device applied this very version.
  return { Type: type, Identifier: identifier, ServerToken: token, Payload: payload };
}

/**
 * The declaration set: the profile as a legacy configuration (at `profileUrl`), the enforced
 * OS update (only when the protocol bounds how far behind the latest release a phone may be
 * and that release is known), the status subscriptions, and an activation of them all.
 */
export function appleDeclarations(
  i: EnforcementIntent,
  opts: { readonly profileUrl: string; readonly latestIos: TargetRelease | null },
  sha256: Sha256,
): Declaration[] {
  const id = (kind: string) => declarationId(i, kind, sha256);
  const configs: Declaration[] = [
    // The profile's own SHA-256: the token names what the device installs, wherever it is
    // served from, so the drift check needs no deployment detail.
    declaration(
      'com.apple.configuration.legacy',
      id('legacy'),
      { ProfileURL: opts.profileUrl },
      sha256,
      sha256(plist(appleProfile(i, sha256))),
    ),
    declaration(
      'com.apple.configuration.management.status-subscriptions',
      id('status'),
      { StatusItems: STATUS_ITEMS.map((Name) => ({ Name })) },
      sha256,
    ),
  ];
  const passcode = passcodeSettings(i);
  if (passcode !== null)
    configs.push(declaration('com.apple.configuration.passcode.settings', id('passcode'), passcode, sha256));
  if (i.maxBehindLatest !== null && opts.latestIos !== null) {
    const payload: Record<string, Plain> = {
      TargetOSVersion: opts.latestIos.version,
      TargetLocalDateTime: localDateTime(opts.latestIos.releasedAt + i.maxBehindLatest),
    };
    if (opts.latestIos.build !== null) payload.TargetBuildVersion = opts.latestIos.build;
    configs.push(
      declaration(
        'com.apple.configuration.softwareupdate.enforcement.specific',
        id('softwareupdate'),
        payload,
        sha256,
      ),
    );
  }
  const identifiers = configs.map((c) => c.Identifier).sort();
  const activation = declaration(
    'com.apple.activation.simple',
    id('activation'),
    { StandardConfigurations: identifiers },
    sha256,
  );
  return [activation, ...configs].sort((a, b) => (a.Identifier < b.Identifier ? -1 : 1));
}
