// Generated from src/core/posture/fields.ts by `npm run generate` (scripts/posture-fields.ts). Do not edit.
/**
 * The snapshot’s posture: for each posture field (each sensor on its own), the latest report that
 * states it, found by one unrolled pass (this runs once per device, for fleets of a million).
 */
import type { PostureReport, Sensor, SensorState } from '../model.ts';
import type { AppliedConfiguration, PostureFieldName } from '../posture/fields.ts';
import type { Instant } from '../time.ts';
import { laterReport, type Observed, observedField, observedSensor } from './posture-report.ts';

/**
 * Every declared field, handled here: a field declared in fields.ts but not generated into this
 * file fails to compile (run `npm run generate`).
 */
export const POSTURE_HANDLED: Readonly<Record<PostureFieldName, true>> = {
  osVersion: true,
  osBuild: true,
  patchLevel: true,
  sensors: true,
  apps: true,
  lockdownMode: true,
  supervised: true,
  applied: true,
};

/** The latest report of any kind, and per field the latest report that states it. */
export interface LatestReports {
  readonly any: PostureReport | null;
  readonly osVersion: PostureReport | null;
  readonly osBuild: PostureReport | null;
  readonly patchLevel: PostureReport | null;
  readonly camera: PostureReport | null;
  readonly microphone: PostureReport | null;
  readonly location: PostureReport | null;
  readonly bluetooth: PostureReport | null;
  readonly apps: PostureReport | null;
  readonly lockdownMode: PostureReport | null;
  readonly supervised: PostureReport | null;
  readonly applied: PostureReport | null;
}

/** Mutable (the interface is read-only) so the evaluator refills one instance per device. */
export class Posture implements LatestReports {
  any: PostureReport | null = null;
  osVersion: PostureReport | null = null;
  osBuild: PostureReport | null = null;
  patchLevel: PostureReport | null = null;
  camera: PostureReport | null = null;
  microphone: PostureReport | null = null;
  location: PostureReport | null = null;
  bluetooth: PostureReport | null = null;
  apps: PostureReport | null = null;
  lockdownMode: PostureReport | null = null;
  supervised: PostureReport | null = null;
  applied: PostureReport | null = null;
}

/**
 * Fills `target` with the latest reports of `posture` as of `at`; returns the latest report.
 * Reports are usually complete, so the latest report is found first; only the fields it leaves
 * out need a second look. Indexed loops: V8 does not always optimize the iterator away.
 */
export function fillPosture(
  target: Posture,
  posture: readonly PostureReport[],
  at: Instant,
): PostureReport | null {
  let latest: PostureReport | null = null;
  for (let k = 0; k < posture.length; k++) {
    const r = posture[k] as PostureReport;
    if (r.observedAt <= at && (latest === null || laterReport(r, latest))) latest = r;
  }
  let osVersion: PostureReport | null = null;
  let osBuild: PostureReport | null = null;
  let patchLevel: PostureReport | null = null;
  let camera: PostureReport | null = null;
  let microphone: PostureReport | null = null;
  let location: PostureReport | null = null;
  let bluetooth: PostureReport | null = null;
  let apps: PostureReport | null = null;
  let lockdownMode: PostureReport | null = null;
  let supervised: PostureReport | null = null;
  let applied: PostureReport | null = null;
  if (latest !== null) {
    const latestSensors = latest.sensors;
    let missing = 0;
    if (latest.osVersion !== null) osVersion = latest;
    else missing++;
    if (latest.osBuild !== null) osBuild = latest;
    else missing++;
    if (latest.patchLevel !== null) patchLevel = latest;
    else missing++;
    if (latestSensors.camera !== undefined) camera = latest;
    else missing++;
    if (latestSensors.microphone !== undefined) microphone = latest;
    else missing++;
    if (latestSensors.location !== undefined) location = latest;
    else missing++;
    if (latestSensors.bluetooth !== undefined) bluetooth = latest;
    else missing++;
    if (latest.apps !== null) apps = latest;
    else missing++;
    if (latest.lockdownMode !== null) lockdownMode = latest;
    else missing++;
    if (latest.supervised !== null) supervised = latest;
    else missing++;
    if (latest.applied !== null) applied = latest;
    else missing++;
    if (missing > 0 && posture.length > 1) {
      // A field the latest report states is settled; the others take the latest report that states them.
      for (let k = 0; k < posture.length; k++) {
        const r = posture[k] as PostureReport;
        if (r === latest || r.observedAt > at) continue;
        const rSensors = r.sensors;
        if (
          osVersion !== latest &&
          r.osVersion !== null &&
          (osVersion === null || laterReport(r, osVersion))
        ) {
          osVersion = r;
        }
        if (osBuild !== latest && r.osBuild !== null && (osBuild === null || laterReport(r, osBuild))) {
          osBuild = r;
        }
        if (
          patchLevel !== latest &&
          r.patchLevel !== null &&
          (patchLevel === null || laterReport(r, patchLevel))
        ) {
          patchLevel = r;
        }
        if (
          camera !== latest &&
          rSensors.camera !== undefined &&
          (camera === null || laterReport(r, camera))
        ) {
          camera = r;
        }
        if (
          microphone !== latest &&
          rSensors.microphone !== undefined &&
          (microphone === null || laterReport(r, microphone))
        ) {
          microphone = r;
        }
        if (
          location !== latest &&
          rSensors.location !== undefined &&
          (location === null || laterReport(r, location))
        ) {
          location = r;
        }
        if (
          bluetooth !== latest &&
          rSensors.bluetooth !== undefined &&
          (bluetooth === null || laterReport(r, bluetooth))
        ) {
          bluetooth = r;
        }
        if (apps !== latest && r.apps !== null && (apps === null || laterReport(r, apps))) {
          apps = r;
        }
        if (
          lockdownMode !== latest &&
          r.lockdownMode !== null &&
          (lockdownMode === null || laterReport(r, lockdownMode))
        ) {
          lockdownMode = r;
        }
        if (
          supervised !== latest &&
          r.supervised !== null &&
          (supervised === null || laterReport(r, supervised))
        ) {
          supervised = r;
        }
        if (applied !== latest && r.applied !== null && (applied === null || laterReport(r, applied))) {
          applied = r;
        }
      }
    }
  }
  target.any = latest;
  target.osVersion = osVersion;
  target.osBuild = osBuild;
  target.patchLevel = patchLevel;
  target.camera = camera;
  target.microphone = microphone;
  target.location = location;
  target.bluetooth = bluetooth;
  target.apps = apps;
  target.lockdownMode = lockdownMode;
  target.supervised = supervised;
  target.applied = applied;
  return latest;
}

/** Display views of the latest reports. Each access allocates: not for hot paths. */
export interface PostureViews {
  readonly osVersion: Observed<string> | null;
  readonly osBuild: Observed<string> | null;
  readonly patchLevel: Observed<string> | null;
  readonly apps: Observed<readonly string[]> | null;
  readonly lockdownMode: Observed<boolean> | null;
  readonly supervised: Observed<boolean> | null;
  readonly applied: Observed<AppliedConfiguration> | null;
  readonly sensors: Readonly<Record<Sensor, Observed<SensorState> | null>>;
}

/** The views, read from `posture`; the snapshot extends this. */
export abstract class PostureViewsOf implements PostureViews {
  abstract readonly posture: LatestReports;
  get osVersion(): Observed<string> | null {
    return observedField(this.posture.osVersion, this.posture.osVersion?.osVersion);
  }
  get osBuild(): Observed<string> | null {
    return observedField(this.posture.osBuild, this.posture.osBuild?.osBuild);
  }
  get patchLevel(): Observed<string> | null {
    return observedField(this.posture.patchLevel, this.posture.patchLevel?.patchLevel);
  }
  get apps(): Observed<readonly string[]> | null {
    return observedField(this.posture.apps, this.posture.apps?.apps);
  }
  get lockdownMode(): Observed<boolean> | null {
    return observedField(this.posture.lockdownMode, this.posture.lockdownMode?.lockdownMode);
  }
  get supervised(): Observed<boolean> | null {
    return observedField(this.posture.supervised, this.posture.supervised?.supervised);
  }
  get applied(): Observed<AppliedConfiguration> | null {
    return observedField(this.posture.applied, this.posture.applied?.applied);
  }
  get sensors(): Readonly<Record<Sensor, Observed<SensorState> | null>> {
    const p = this.posture;
    return {
      camera: observedSensor(p.camera, 'camera'),
      microphone: observedSensor(p.microphone, 'microphone'),
      location: observedSensor(p.location, 'location'),
      bluetooth: observedSensor(p.bluetooth, 'bluetooth'),
    };
  }
}
