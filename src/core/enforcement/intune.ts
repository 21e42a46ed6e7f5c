/**
 * Microsoft Intune (Graph v1.0) resources for iOS: a compliance policy (a device that fails it
 * is blocked from corporate resources at once: Graph requires exactly one `block` action) and a
 * device restrictions configuration. Fully managed Android phones: intune-android.ts.
 */
import type { Sha256 } from './apple.ts';
import { canonicalJson, type Plain } from './canonical.ts';
import type { EnforcementIntent } from './intent.ts';

const describe = (i: EnforcementIntent) =>
  `Protocol ${i.protocol} version ${i.version}, ${i.role} phone (compiled by Vigil).`;

/**
 * The display name names the protocol version for people; `contentNamed` ends it in the digest
 * of the object's content, which is what tells one compilation from another.
 */
export const intuneDisplayName = (
  i: EnforcementIntent,
  kind: 'compliance' | 'restrictions' | 'android compliance' | 'android restrictions',
) => `Vigil ${i.protocol} ${i.version} ${i.role} (${kind})`;

/**
 * The object with its display name ending in the first 16 hex digits of the SHA-256 of its
 * canonical JSON without the name (a name cannot hash itself). Intune reports a device's policy
 * states by display name only, so the name is the token drift compares: like the AMAPI policy
 * id, it must change whenever the content does, or two compilations of one version (a compiler
 * that maps a setting anew) would be indistinguishable on the device.
 */
export function contentNamed<T extends { readonly displayName: string }>(o: T, sha256: Sha256): T {
  const { displayName, ...content } = o;
  const digest = sha256(canonicalJson(content as unknown as Plain)).slice(0, 16);
  return { ...o, displayName: `${displayName} ${digest}` };
}

/** Typed so a test can hold them to @microsoft/microsoft-graph-types (which omit `@odata.type`). */
export type IntuneIosCompliance = {
  '@odata.type': '#microsoft.graph.iosCompliancePolicy';
  description: string;
  displayName: string;
  osMinimumVersion?: string;
  passcodeRequired?: boolean;
  passcodeMinimumLength?: number;
  passcodeRequiredType?: 'alphanumeric' | 'numeric';
  passcodeMinutesOfInactivityBeforeLock?: number;
  scheduledActionsForRule: {
    ruleName: string;
    scheduledActionConfigurations: {
      actionType: 'block';
      gracePeriodHours: number;
      notificationMessageCCList: string[];
      notificationTemplateId: string;
    }[];
  }[];
};

export type IntuneIosRestrictions = {
  '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration';
  description: string;
  displayName: string;
  cameraBlocked?: boolean;
  siriBlocked?: boolean;
  siriBlockedWhenLocked?: boolean;
  bluetoothBlockModification?: boolean;
  airDropBlocked?: boolean;
  appsVisibilityListType?: 'appsInListCompliant';
  appsVisibilityList?: { '@odata.type': 'microsoft.graph.appListItem'; appId: string; name: string }[];
  screenCaptureBlocked?: boolean;
  iCloudBlockBackup?: boolean;
  hostPairingBlocked?: boolean;
  passcodeRequired?: boolean;
  passcodeMinimumLength?: number;
  passcodeRequiredType?: 'alphanumeric' | 'numeric';
  passcodeSignInFailureCountBeforeWipe?: number;
  passcodeMinutesOfInactivityBeforeLock?: number;
};

export function intuneIosCompliance(i: EnforcementIntent): IntuneIosCompliance {
  const p: IntuneIosCompliance = {
    '@odata.type': '#microsoft.graph.iosCompliancePolicy',
    description: describe(i),
    displayName: intuneDisplayName(i, 'compliance'),
    scheduledActionsForRule: [
      {
        ruleName: 'PasswordRequired',
        scheduledActionConfigurations: [
          {
            actionType: 'block',
            gracePeriodHours: 0,
            notificationMessageCCList: [],
            notificationTemplateId: '',
          },
        ],
      },
    ],
  };
  if (i.minIos !== null) p.osMinimumVersion = i.minIos;
  if (i.passcode !== null) {
    p.passcodeRequired = true;
    if (i.passcode.minLength !== null) p.passcodeMinimumLength = i.passcode.minLength;
    if (i.passcode.alphanumeric) p.passcodeRequiredType = 'alphanumeric';
    if (i.passcode.autoLockMinutes !== null)
      p.passcodeMinutesOfInactivityBeforeLock = i.passcode.autoLockMinutes;
  }
  return p;
}

export function intuneIosRestrictions(i: EnforcementIntent): IntuneIosRestrictions {
  const p: IntuneIosRestrictions = {
    '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
    description: describe(i),
    displayName: intuneDisplayName(i, 'restrictions'),
  };
  if (i.camera) p.cameraBlocked = true;
  if (i.microphone) {
    p.siriBlocked = true;
    p.siriBlockedWhenLocked = true;
  }
  if (i.bluetooth) {
    p.bluetoothBlockModification = true;
    p.airDropBlocked = true;
  }
  if (i.apps !== null) {
    p.appsVisibilityListType = 'appsInListCompliant';
    p.appsVisibilityList = i.apps.map((appId) => ({
      '@odata.type': 'microsoft.graph.appListItem',
      appId,
      name: appId,
    }));
  }
  if (i.screenCapture) p.screenCaptureBlocked = true;
  if (i.cloudBackup) p.iCloudBlockBackup = true;
  if (i.hostPairing) p.hostPairingBlocked = true;
  if (i.passcode !== null) {
    p.passcodeRequired = true;
    if (i.passcode.minLength !== null) p.passcodeMinimumLength = i.passcode.minLength;
    if (i.passcode.alphanumeric) p.passcodeRequiredType = 'alphanumeric';
    if (i.passcode.maxFailedAttempts !== null)
      p.passcodeSignInFailureCountBeforeWipe = i.passcode.maxFailedAttempts;
    if (i.passcode.autoLockMinutes !== null)
      p.passcodeMinutesOfInactivityBeforeLock = i.passcode.autoLockMinutes;
  }
  return p;
}
