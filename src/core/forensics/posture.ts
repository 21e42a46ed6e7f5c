/**
 * The protocol facts a scan observes, as a posture report with `observed` provenance:
 * OS version and build, Lockdown Mode, camera/microphone/location permission grants,
 * installed apps and configuration profiles.
 */
import type { Platform, Sensor, SensorReading } from '../model.ts';
import type { AndroidPackage } from './android.ts';
import type { BackupInfo, ConfigurationProfile, InstalledApp, LocationClient, TccEntry } from './ios.ts';

export interface ObservedPosture {
  readonly platform: Platform;
  readonly osVersion: string | null;
  readonly osBuild: string | null;
  readonly patchLevel: string | null;
  readonly lockdownMode: boolean | null;
  readonly sensors: Readonly<Partial<Record<Sensor, SensorReading>>>;
  readonly apps: readonly string[] | null;
  /** Identifiers (or UUIDs) of installed configuration profiles; null when not read. */
  readonly profiles: readonly string[] | null;
}

const TCC_SENSORS: Readonly<Record<string, Sensor>> = {
  kTCCServiceCamera: 'camera',
  kTCCServiceMicrophone: 'microphone',
};

const observed = (enabled: boolean): SensorReading => ({
  state: enabled ? 'enabled' : 'disabled',
  provenance: 'observed',
});

export interface IosFacts {
  readonly info: BackupInfo | null;
  readonly lockdownMode: boolean | null;
  /** Null when TCC.db was not readable: then camera and microphone are not observed. */
  readonly tcc: readonly TccEntry[] | null;
  readonly locationClients: readonly LocationClient[] | null;
  readonly apps: readonly InstalledApp[] | null;
  readonly profiles: readonly ConfigurationProfile[] | null;
}

/**
 * A sensor is "enabled" when at least one app holds the permission, "disabled" when none does:
 * the permission level is what the protocol's "camera off" can be checked against in a backup.
 */
export function iosObservedPosture(f: IosFacts): ObservedPosture {
  const sensors: Partial<Record<Sensor, SensorReading>> = {};
  if (f.tcc !== null) {
    for (const s of ['camera', 'microphone'] as const) {
      sensors[s] = observed(f.tcc.some((e) => TCC_SENSORS[e.service] === s && e.allowed));
    }
  }
  if (f.locationClients !== null) {
    sensors.location = observed(f.locationClients.some((c) => c.authorized === true));
  }
  const apps = f.apps?.flatMap((a) => (a.bundleId === null ? [] : [a.bundleId])) ?? null;
  return {
    platform: 'ios',
    osVersion: f.info?.productVersion ?? null,
    osBuild: f.info?.buildVersion ?? null,
    patchLevel: null,
    lockdownMode: f.lockdownMode,
    sensors,
    apps: apps === null ? null : [...new Set(apps)].sort(),
    profiles: f.profiles?.map((p) => p.identifier ?? p.uuid ?? p.file) ?? null,
  };
}

export function androidObservedPosture(
  props: ReadonlyMap<string, string> | null,
  packages: readonly AndroidPackage[] | null,
): ObservedPosture {
  const prop = (k: string) => {
    const v = props?.get(k);
    return v === undefined || v === '' ? null : v;
  };
  return {
    platform: 'android',
    osVersion: prop('ro.build.version.release'),
    osBuild: prop('ro.build.display.id') ?? prop('ro.build.id'),
    patchLevel: prop('ro.build.version.security_patch'),
    lockdownMode: null,
    sensors: {},
    apps:
      packages === null
        ? null
        : packages
            .filter((p) => !p.system)
            .map((p) => p.name)
            .sort(),
    profiles: null,
  };
}
