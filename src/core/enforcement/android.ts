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
  return p;
}
