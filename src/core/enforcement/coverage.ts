/**
 * How far each target can hold a phone to each protocol setting, stated honestly:
 * - enforced: the compiled artifact makes the device comply;
 * - reported: the MDM reports the state, so Vigil finds a breach, but cannot prevent it;
 * - attested: neither; only the holder's attestation or a forensic inspection shows it;
 * - n/a: the setting does not concern the target's platform.
 * docs/enforcement.md is generated from this table.
 */
import { INTUNE_ANDROID, intuneAndroidCell } from './intune-android.ts';
import type { EnforcementTarget } from './targets.ts';

export const COVERAGE_LEVELS = ['enforced', 'reported', 'attested', 'n/a'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

export interface CoverageCell {
  readonly level: CoverageLevel;
  readonly how: string;
}

export const PROTOCOL_SETTINGS = [
  'sensors.camera',
  'sensors.microphone',
  'sensors.location',
  'sensors.bluetooth',
  'apps.allow',
  'os.minVersion.ios',
  'os.minVersion.android',
  'os.maxBehindLatest',
  'os.lockdownMode',
  'controls.passcode',
  'controls.screenCapture',
  'controls.cloudBackup',
  'controls.hostPairing',
  'rotation',
  'inspection',
  'posture.maxAge',
] as const;
export type ProtocolSetting = (typeof PROTOCOL_SETTINGS)[number];

/**
 * The table's columns: one per target, but the intune target compiles for two platforms, so it
 * has two (`intune` for iOS, `intune-android` for fully managed Android).
 */
export const COVERAGE_COLUMNS = ['apple-profile', 'apple-ddm', 'amapi', 'intune', 'intune-android'] as const;
export type CoverageColumn = (typeof COVERAGE_COLUMNS)[number];

/** The columns whose artifacts a target compiles. */
export const TARGET_COLUMNS: Readonly<Record<EnforcementTarget, readonly CoverageColumn[]>> = {
  'apple-profile': ['apple-profile'],
  'apple-ddm': ['apple-ddm'],
  amapi: ['amapi'],
  intune: ['intune', 'intune-android'],
};

const c = (level: CoverageLevel, how: string): CoverageCell => ({ level, how });
const NOT_A_DEVICE_SETTING = c('attested', 'not a device setting: Vigil records swaps and their custody');
const INSPECTION = c('attested', 'inspected: forensic scans and recorded checks, not an MDM setting');
/** Said wherever host pairing is disabled: it takes away the evidence Vigil's iOS inspections read. */
const HOST_PAIRING_BLOCKS_SCANS =
  'Warning: this also blocks the computer backups that Vigil’s iOS forensic scans read; only the supervising host can still pair, so take inspection backups there.';
const POSTURE = c('reported', 'the connector pulls the inventory; stale reports are findings');

/** Stated by hand for the targets whose compilers are not yet declared setting by setting. */
const STATED: Readonly<Record<ProtocolSetting, Readonly<Record<EnforcementTarget, CoverageCell>>>> = {
  'sensors.camera': {
    'apple-profile': c('enforced', '`allowCamera` false'),
    'apple-ddm': c('enforced', 'the profile, as a legacy configuration'),
    amapi: c('enforced', '`cameraAccess` CAMERA_ACCESS_DISABLED'),
    intune: c('enforced', '`cameraBlocked`'),
  },
  'sensors.microphone': {
    'apple-profile': c(
      'attested',
      'iOS has no key to disable the microphone; Siri and dictation are turned off (`allowAssistant`, `allowAssistantWhileLocked`, `allowDictation`, supervised)',
    ),
    'apple-ddm': c(
      'attested',
      'iOS has no key to disable the microphone; the profile turns Siri and dictation off',
    ),
    amapi: c('enforced', '`microphoneAccess` MICROPHONE_ACCESS_DISABLED'),
    intune: c(
      'attested',
      'iOS has no such setting; Siri is blocked (`siriBlocked`, `siriBlockedWhenLocked`)',
    ),
  },
  'sensors.location': {
    'apple-profile': c('attested', 'iOS has no key to disable Location Services'),
    'apple-ddm': c('attested', 'iOS has no key to disable Location Services'),
    amapi: c('enforced', '`locationMode` LOCATION_DISABLED'),
    intune: c('attested', 'iOS has no such setting'),
  },
  'sensors.bluetooth': {
    'apple-profile': c(
      'attested',
      'iOS can only lock Bluetooth in the state it is in (`allowBluetoothModification` false, supervised); AirDrop is turned off (`allowAirDrop`)',
    ),
    'apple-ddm': c(
      'attested',
      'iOS can only lock Bluetooth in the state it is in (the profile); AirDrop off',
    ),
    amapi: c('enforced', '`bluetoothDisabled` and `bluetoothConfigDisabled`'),
    intune: c('attested', 'locked only (`bluetoothBlockModification`); AirDrop blocked'),
  },
  'apps.allow': {
    'apple-profile': c('enforced', '`allowListedAppBundleIDs` (supervised, iOS 15+)'),
    'apple-ddm': c('enforced', 'the profile, as a legacy configuration'),
    amapi: c(
      'enforced',
      '`playStoreMode` WHITELIST, each app AVAILABLE; unknown sources and developer settings off',
    ),
    intune: c('enforced', '`appsVisibilityList`, `appsInListCompliant` (supervised)'),
  },
  'os.minVersion.ios': {
    'apple-profile': c('reported', 'the MDM reports `OSVersion`'),
    'apple-ddm': c(
      'reported',
      'status `device.operating-system.version`; the update is enforced by os.maxBehindLatest',
    ),
    amapi: c('n/a', 'iOS setting'),
    intune: c('enforced', '`osMinimumVersion` in the compliance policy, blocked at once'),
  },
  'os.minVersion.android': {
    'apple-profile': c('n/a', 'Android setting'),
    'apple-ddm': c('n/a', 'Android setting'),
    amapi: c(
      'reported',
      'the device reports its security patch level; `systemUpdate` AUTOMATIC installs what the maker offers',
    ),
    intune: c('n/a', 'Android setting (see intune-android)'),
  },
  'os.maxBehindLatest': {
    'apple-profile': c('reported', 'a profile cannot force an update'),
    'apple-ddm': c(
      'enforced',
      '`softwareupdate.enforcement.specific`: the latest release known, due its release date plus the allowance (emitted only when patch intelligence knows the latest release)',
    ),
    amapi: c(
      'reported',
      '`systemUpdate` AUTOMATIC installs what the maker offers; the patch level is reported',
    ),
    intune: c('reported', 'the compliance policy holds only a fixed minimum version'),
  },
  'os.lockdownMode': {
    'apple-profile': c('attested', 'nothing enforces or reports Lockdown Mode'),
    'apple-ddm': c('attested', 'nothing enforces or reports Lockdown Mode'),
    amapi: c('n/a', 'iOS setting'),
    intune: c('attested', 'nothing enforces or reports Lockdown Mode'),
  },
  'controls.passcode': {
    'apple-profile': c(
      'enforced',
      'passcode payload (`forcePIN`, `minLength`, `requireAlphanumeric`, `maxFailedAttempts`, `maxInactivity`)',
    ),
    'apple-ddm': c(
      'enforced',
      '`passcode.settings` (`RequirePasscode`, `MinimumLength`, `MaximumFailedAttempts`, `MaximumInactivityInMinutes`)',
    ),
    amapi: c('enforced', '`passwordPolicies` (device scope) and `maximumTimeToLock`'),
    intune: c(
      'enforced',
      '`passcodeRequired` and its length, type, wipe count and auto-lock in the restrictions; the compliance policy blocks a phone without one',
    ),
  },
  'controls.screenCapture': {
    'apple-profile': c('enforced', '`allowScreenShot` false (screenshots and screen recording)'),
    'apple-ddm': c('enforced', 'the profile, as a legacy configuration'),
    amapi: c('enforced', '`screenCaptureDisabled`'),
    intune: c('enforced', '`screenCaptureBlocked`'),
  },
  'controls.cloudBackup': {
    'apple-profile': c('enforced', '`allowCloudBackup` false (iCloud Backup; deprecated unsupervised)'),
    'apple-ddm': c('enforced', 'the profile, as a legacy configuration'),
    amapi: c('attested', 'the Policy has no backup setting'),
    intune: c('enforced', '`iCloudBlockBackup`'),
  },
  'controls.hostPairing': {
    'apple-profile': c('enforced', `\`allowHostPairing\` false (supervised). ${HOST_PAIRING_BLOCKS_SCANS}`),
    'apple-ddm': c('enforced', `the profile, as a legacy configuration. ${HOST_PAIRING_BLOCKS_SCANS}`),
    amapi: c(
      'enforced',
      '`usbFileTransferDisabled` (company-owned): also blocks AndroidQF and adb backups over USB',
    ),
    intune: c('enforced', `\`hostPairingBlocked\`. ${HOST_PAIRING_BLOCKS_SCANS}`),
  },
  rotation: {
    'apple-profile': NOT_A_DEVICE_SETTING,
    'apple-ddm': NOT_A_DEVICE_SETTING,
    amapi: NOT_A_DEVICE_SETTING,
    intune: NOT_A_DEVICE_SETTING,
  },
  inspection: {
    'apple-profile': INSPECTION,
    'apple-ddm': INSPECTION,
    amapi: INSPECTION,
    intune: INSPECTION,
  },
  'posture.maxAge': { 'apple-profile': POSTURE, 'apple-ddm': POSTURE, amapi: POSTURE, intune: POSTURE },
};

export const COVERAGE: Readonly<Record<ProtocolSetting, Readonly<Record<CoverageColumn, CoverageCell>>>> =
  Object.fromEntries(
    PROTOCOL_SETTINGS.map((s) => [
      s,
      { ...STATED[s], 'intune-android': intuneAndroidCell(INTUNE_ANDROID[s]) },
    ]),
  ) as Record<ProtocolSetting, Record<CoverageColumn, CoverageCell>>;
