/**
 * The Android Management API `Policy` of one role (enterprises.policies): only the fields the
 * protocol implies, so the rest keeps Google's defaults.
 */
import type { EnforcementIntent } from './intent.ts';

/** The fields Vigil sets, typed so a test can hold them to @googleapis/androidmanagement's Policy. */
export type AndroidPolicy = {
  cameraAccess?: 'CAMERA_ACCESS_DISABLED';
  microphoneAccess?: 'MICROPHONE_ACCESS_DISABLED';
  locationMode?: 'LOCATION_DISABLED';
  bluetoothDisabled?: boolean;
  bluetoothConfigDisabled?: boolean;
  playStoreMode?: 'WHITELIST';
  applications?: { installType: 'AVAILABLE'; packageName: string }[];
  advancedSecurityOverrides?: {
    developerSettings: 'DEVELOPER_SETTINGS_DISABLED';
    untrustedAppsPolicy: 'DISALLOW_INSTALL';
  };
  systemUpdate?: { type: 'AUTOMATIC' };
  passwordPolicies?: {
    maximumFailedPasswordsForWipe?: number;
    passwordMinimumLength?: number;
    passwordQuality: 'ALPHANUMERIC' | 'NUMERIC_COMPLEX' | 'SOMETHING';
    passwordScope: 'SCOPE_DEVICE';
  }[];
  /** Milliseconds, as the API's int64 string. */
  maximumTimeToLock?: string;
  screenCaptureDisabled?: boolean;
  usbFileTransferDisabled?: boolean;
};

export function androidPolicy(i: EnforcementIntent): AndroidPolicy {
  const p: AndroidPolicy = {};
  if (i.camera) p.cameraAccess = 'CAMERA_ACCESS_DISABLED';
  if (i.microphone) p.microphoneAccess = 'MICROPHONE_ACCESS_DISABLED';
  if (i.location) p.locationMode = 'LOCATION_DISABLED';
  if (i.bluetooth) {
    p.bluetoothDisabled = true;
    p.bluetoothConfigDisabled = true;
  }
  if (i.apps !== null) {
    p.playStoreMode = 'WHITELIST';
    p.applications = i.apps.map((packageName) => ({ installType: 'AVAILABLE', packageName }));
    // A side-loaded app would bypass the allow-list.
    p.advancedSecurityOverrides = {
      developerSettings: 'DEVELOPER_SETTINGS_DISABLED',
      untrustedAppsPolicy: 'DISALLOW_INSTALL',
    };
  }
  // "Within N days of the latest release": install updates as soon as they are offered.
  if (i.maxBehindLatest !== null || i.minAndroidPatch !== null) p.systemUpdate = { type: 'AUTOMATIC' };
  if (i.passcode !== null) {
    const { minLength, alphanumeric, maxFailedAttempts, autoLockMinutes } = i.passcode;
    p.passwordPolicies = [
      {
        // A length without letters asks for a PIN that is not 1234 or 1111.
        passwordQuality: alphanumeric ? 'ALPHANUMERIC' : minLength !== null ? 'NUMERIC_COMPLEX' : 'SOMETHING',
        passwordScope: 'SCOPE_DEVICE',
        ...(minLength === null ? {} : { passwordMinimumLength: minLength }),
        ...(maxFailedAttempts === null ? {} : { maximumFailedPasswordsForWipe: maxFailedAttempts }),
      },
    ];
    if (autoLockMinutes !== null) p.maximumTimeToLock = String(autoLockMinutes * 60_000);
  }
  if (i.screenCapture) p.screenCaptureDisabled = true;
  // Pairing with a computer is what moves data over USB on Android.
  if (i.hostPairing) p.usbFileTransferDisabled = true;
  return p;
}
