/**
 * Microsoft Intune (Graph beta: Android Enterprise device owner types are not in v1.0) resources
 * for fully managed Android phones: a compliance policy (with the one `block` action Graph
 * requires) and a device restrictions configuration.
 *
 * One declaration per protocol setting (`INTUNE_ANDROID`): the Graph properties it writes, how
 * far that holds the phone, and the code that writes them. The compiler folds over it and the
 * coverage table's `intune-android` column is derived from it, so the two cannot disagree.
 */
import type { CoverageCell, CoverageLevel, ProtocolSetting } from './coverage.ts';
import type { EnforcementIntent } from './intent.ts';
import { intuneDisplayName } from './intune.ts';

type PasswordType = 'alphanumeric' | 'numericComplex' | 'required';

/** Typed so a test can hold them to Graph's published field set (test/fixtures/graph). */
export type IntuneAndroidCompliance = {
  '@odata.type': '#microsoft.graph.androidDeviceOwnerCompliancePolicy';
  description: string;
  displayName: string;
  minAndroidSecurityPatchLevel?: string;
  passwordRequired?: boolean;
  passwordMinimumLength?: number;
  passwordRequiredType?: PasswordType;
  passwordMinutesOfInactivityBeforeLock?: number;
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

export type IntuneAndroidRestrictions = {
  '@odata.type': '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration';
  description: string;
  displayName: string;
  cameraBlocked?: boolean;
  microphoneForceMute?: boolean;
  deviceLocationMode?: 'disabled';
  bluetoothBlockConfiguration?: boolean;
  bluetoothBlockContactSharing?: boolean;
  playStoreMode?: 'allowList';
  appsAllowInstallFromUnknownSources?: boolean;
  securityDeveloperSettingsEnabled?: boolean;
  systemUpdateInstallType?: 'automatic';
  passwordRequiredType?: PasswordType;
  passwordMinimumLength?: number;
  passwordSignInFailureCountBeforeFactoryReset?: number;
  passwordMinutesOfInactivityBeforeScreenTimeout?: number;
  screenCaptureBlocked?: boolean;
  storageBlockUsbFileTransfer?: boolean;
};

type Settable<T> = Exclude<
  keyof T,
  '@odata.type' | 'description' | 'displayName' | 'scheduledActionsForRule'
>;

export interface IntuneAndroidMapping {
  readonly level: CoverageLevel;
  /** The Graph properties the setting writes, in each object. */
  readonly compliance: readonly Settable<IntuneAndroidCompliance>[];
  readonly restrictions: readonly Settable<IntuneAndroidRestrictions>[];
  /** What the properties do, or why there are none. */
  readonly note: string;
  /** Writes the properties when the intent states the setting. */
  readonly apply?: (i: EnforcementIntent, c: IntuneAndroidCompliance, r: IntuneAndroidRestrictions) => void;
}

/** Graph takes a wipe count of 4 to 11 on Android; a lower protocol count is not weakened to 4. */
const WIPE_MIN = 4;

const passwordType = (p: NonNullable<EnforcementIntent['passcode']>): PasswordType =>
  // A length without letters asks for a PIN that is not 1234 or 1111 (as on the AMAPI target).
  p.alphanumeric ? 'alphanumeric' : p.minLength !== null ? 'numericComplex' : 'required';

const NOT_A_DEVICE_SETTING = 'not a device setting: Vigil records swaps and their custody';
const none = (level: CoverageLevel, note: string): IntuneAndroidMapping => ({
  level,
  compliance: [],
  restrictions: [],
  note,
});

export const INTUNE_ANDROID: Readonly<Record<ProtocolSetting, IntuneAndroidMapping>> = {
  'sensors.camera': {
    level: 'enforced',
    compliance: [],
    restrictions: ['cameraBlocked'],
    note: 'the camera is disabled',
    apply: (i, _c, r) => {
      if (i.camera) r.cameraBlocked = true;
    },
  },
  'sensors.microphone': {
    level: 'enforced',
    compliance: [],
    restrictions: ['microphoneForceMute'],
    note: 'the microphone is muted and cannot be unmuted',
    apply: (i, _c, r) => {
      if (i.microphone) r.microphoneForceMute = true;
    },
  },
  'sensors.location': {
    level: 'enforced',
    compliance: [],
    restrictions: ['deviceLocationMode'],
    note: '`disabled`: location is off (fully managed and corporate-owned work profile phones)',
    apply: (i, _c, r) => {
      if (i.location) r.deviceLocationMode = 'disabled';
    },
  },
  'sensors.bluetooth': {
    level: 'attested',
    compliance: [],
    restrictions: ['bluetoothBlockConfiguration', 'bluetoothBlockContactSharing'],
    note: 'Intune can only stop the user configuring Bluetooth and sharing contacts over it, not switch it off',
    apply: (i, _c, r) => {
      if (i.bluetooth) {
        r.bluetoothBlockConfiguration = true;
        r.bluetoothBlockContactSharing = true;
      }
    },
  },
  'apps.allow': {
    level: 'attested',
    compliance: [],
    restrictions: ['playStoreMode', 'appsAllowInstallFromUnknownSources', 'securityDeveloperSettingsEnabled'],
    note: '`allowList`, no unknown sources, no developer settings: only apps assigned in Intune install, but the list itself is Intune’s managed Google Play assignments, which Vigil does not push; compare them with the protocol',
    apply: (i, _c, r) => {
      if (i.apps !== null) {
        r.playStoreMode = 'allowList';
        // A side-loaded app would bypass the allow-list.
        r.appsAllowInstallFromUnknownSources = false;
        r.securityDeveloperSettingsEnabled = false;
      }
    },
  },
  'os.minVersion.ios': none('n/a', 'iOS setting'),
  'os.minVersion.android': {
    level: 'enforced',
    compliance: ['minAndroidSecurityPatchLevel'],
    restrictions: [],
    note: 'in the compliance policy, blocked at once',
    apply: (i, c) => {
      if (i.minAndroidPatch !== null) c.minAndroidSecurityPatchLevel = i.minAndroidPatch;
    },
  },
  'os.maxBehindLatest': {
    level: 'reported',
    compliance: [],
    restrictions: ['systemUpdateInstallType'],
    note: '`automatic` installs what the maker offers; the patch level is reported',
    apply: (i, _c, r) => {
      if (i.maxBehindLatest !== null || i.minAndroidPatch !== null) r.systemUpdateInstallType = 'automatic';
    },
  },
  'os.lockdownMode': none('n/a', 'iOS setting'),
  'controls.passcode': {
    level: 'enforced',
    compliance: [
      'passwordRequired',
      'passwordRequiredType',
      'passwordMinimumLength',
      'passwordMinutesOfInactivityBeforeLock',
    ],
    restrictions: [
      'passwordRequiredType',
      'passwordMinimumLength',
      'passwordSignInFailureCountBeforeFactoryReset',
      'passwordMinutesOfInactivityBeforeScreenTimeout',
    ],
    note: `the restrictions set the password; the compliance policy blocks a phone without one. Graph takes a wipe count of ${WIPE_MIN} to 11: a lower one is left to the device default, not raised`,
    apply: (i, c, r) => {
      if (i.passcode === null) return;
      const { minLength, maxFailedAttempts, autoLockMinutes } = i.passcode;
      const type = passwordType(i.passcode);
      c.passwordRequired = true;
      c.passwordRequiredType = type;
      r.passwordRequiredType = type;
      if (minLength !== null) {
        c.passwordMinimumLength = minLength;
        r.passwordMinimumLength = minLength;
      }
      if (maxFailedAttempts !== null && maxFailedAttempts >= WIPE_MIN)
        r.passwordSignInFailureCountBeforeFactoryReset = maxFailedAttempts;
      if (autoLockMinutes !== null) {
        c.passwordMinutesOfInactivityBeforeLock = autoLockMinutes;
        r.passwordMinutesOfInactivityBeforeScreenTimeout = autoLockMinutes;
      }
    },
  },
  'controls.screenCapture': {
    level: 'enforced',
    compliance: [],
    restrictions: ['screenCaptureBlocked'],
    note: 'screenshots and screen recording are disabled',
    apply: (i, _c, r) => {
      if (i.screenCapture) r.screenCaptureBlocked = true;
    },
  },
  'controls.cloudBackup': none('attested', 'the configuration has no backup setting'),
  'controls.hostPairing': {
    level: 'enforced',
    compliance: [],
    restrictions: ['storageBlockUsbFileTransfer'],
    note: 'also blocks AndroidQF and adb backups over USB',
    apply: (i, _c, r) => {
      // Pairing with a computer is what moves data over USB on Android.
      if (i.hostPairing) r.storageBlockUsbFileTransfer = true;
    },
  },
  rotation: none('attested', NOT_A_DEVICE_SETTING),
  inspection: none('attested', 'inspected: forensic scans and recorded checks, not an MDM setting'),
  'posture.maxAge': none('reported', 'the connector pulls the inventory; stale reports are findings'),
};

/** A mapping as the coverage table says it: its properties, then its note. */
export function intuneAndroidCell(m: IntuneAndroidMapping): CoverageCell {
  const fields = [...new Set([...m.restrictions, ...m.compliance])].map((f) => `\`${f}\``).join(', ');
  return { level: m.level, how: fields === '' ? m.note : `${fields}: ${m.note}` };
}

const describe = (i: EnforcementIntent) =>
  `Protocol ${i.protocol} version ${i.version}, ${i.role} phone, Android fully managed (compiled by Vigil).`;

/** Both objects for one role, every setting's properties written by its declaration. */
export function intuneAndroid(i: EnforcementIntent): {
  compliance: IntuneAndroidCompliance;
  restrictions: IntuneAndroidRestrictions;
} {
  const compliance: IntuneAndroidCompliance = {
    '@odata.type': '#microsoft.graph.androidDeviceOwnerCompliancePolicy',
    description: describe(i),
    displayName: intuneDisplayName(i, 'android compliance'),
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
  const restrictions: IntuneAndroidRestrictions = {
    '@odata.type': '#microsoft.graph.androidDeviceOwnerGeneralDeviceConfiguration',
    description: describe(i),
    displayName: intuneDisplayName(i, 'android restrictions'),
  };
  for (const m of Object.values(INTUNE_ANDROID)) m.apply?.(i, compliance, restrictions);
  return { compliance, restrictions };
}
