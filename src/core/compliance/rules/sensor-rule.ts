/**
 * The four `sensor.*` rules share one definition; each sensor has its own module and
 * registry entry (sensor-camera.rule.ts, ...), so each can be waived, documented and
 * overridden on its own.
 */
import type { Platform, PostureReport, Sensor } from '../../model.ts';
import type { CompiledRole } from '../../protocol/compiled.ts';
import type { Instant } from '../../time.ts';
import { isoDate, provenanceText } from '../format.ts';
import { DRAFTS, type FindingMaker, type Rule } from '../rule.ts';
import { laterReport, type RunTest, runStart } from '../snapshot.ts';

const LABELS: Readonly<Record<Sensor, string>> = {
  camera: 'Camera',
  microphone: 'Microphone',
  location: 'Location (GPS)',
  bluetooth: 'Bluetooth',
};

/**
 * Sensors no MDM can enforce or report on a platform (Apple's restrictions have no microphone
 * or Location Services key): evidence there can only be a named person's attestation.
 */
const NOT_ENFORCEABLE: Readonly<Record<Platform, readonly Sensor[]>> = {
  ios: ['microphone', 'location'],
  android: [],
};
const PLATFORM_NAMES: Readonly<Record<Platform, string>> = { ios: 'iOS', android: 'Android' };

export function sensorRule(sensor: Sensor): Rule {
  const label = LABELS[sensor];
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  const enabledRun: RunTest = (r) => {
    const s = r.sensors[sensor];
    return s === undefined ? -1 : s.state === 'enabled' ? 1 : 0;
  };
  const unknownRun: RunTest = (r) => {
    const s = r.sensors[sensor];
    return s === undefined ? -1 : s.state !== 'enabled' && s.state !== 'disabled' ? 1 : 0;
  };
  // Texts that depend only on the sensor, built once here rather than once per device.
  const remedy = `Disable the ${lower} (enforce it by MDM configuration where possible) and confirm it in a new posture report.`;
  const attest = `Check the ${lower} on the device and record a named person's attestation (vigil mdm attest, or POST /api/v1/devices/{id}/attestations).`;
  const reportRemedy = `Report the ${lower} state from the device's MDM, or attest it after a physical check.`;
  const unknownRemedy = `Confirm the ${lower} is disabled: enforce it by MDM so it is reported, or attest it after a physical check.`;
  /** The finding of a device of `platform` whose latest report stating the sensor is `report`, as of `at`. */
  const disabled = <T>(
    make: FindingMaker<T>,
    req: NonNullable<CompiledRole['sensors']>,
    platform: Platform,
    report: PostureReport | null,
    inServiceSince: Instant | null,
    latestPostureAt: Instant | null,
    posture: readonly PostureReport[],
    at: Instant,
  ): T | null => {
    const reading = report === null ? undefined : report.sensors[sensor];
    const gap = NOT_ENFORCEABLE[platform].includes(sensor);
    if (report === null || reading === undefined) {
      if (!make.describes) return make.decide('unverified', 'medium', inServiceSince ?? at);
      return make.make(
        'unverified',
        'medium',
        inServiceSince ?? at,
        gap
          ? `${label} not verified: ${PLATFORM_NAMES[platform]} MDM can neither enforce nor report it, so it needs an attestation`
          : `${label} not verified: no posture report has said whether it is disabled`,
        {
          sensor,
          required: 'disabled',
          state: null,
          latestPostureAt: latestPostureAt,
          enforceableByMdm: !gap,
          cite: req.cite,
        },
        gap ? attest : reportRemedy,
      );
    }
    if (reading.state === 'disabled') return null;
    if (reading.state === 'enabled') {
      const since = runStart(posture, at, enabledRun) ?? report.observedAt;
      if (!make.describes) return make.decide('fail', undefined, since);
      return make.make(
        'fail',
        undefined,
        since,
        `${label} is enabled (${provenanceText(reading.provenance)}, ${report.source} on ${isoDate(report.observedAt)}); the protocol requires it disabled`,
        {
          sensor,
          required: 'disabled',
          state: 'enabled',
          observedAt: report.observedAt,
          source: report.source,
          provenance: reading.provenance,
          reportId: report.id,
          enabledSince: since,
          cite: req.cite,
        },
        remedy,
      );
    }
    // Unknown (or a state Vigil does not recognise): say what was last known, and how.
    const since = runStart(posture, at, unknownRun) ?? report.observedAt;
    if (!make.describes) return make.decide('unverified', 'medium', since);
    let known: PostureReport | null = null;
    for (const r of posture) {
      if (r.observedAt > at || unknownRun(r) !== 0) continue;
      if (known === null || laterReport(r, known)) known = r;
    }
    const knownReading = known === null ? undefined : known.sensors[sensor];
    const lastKnown =
      known === null || knownReading === undefined
        ? null
        : {
            state: knownReading.state,
            observedAt: known.observedAt,
            source: known.source,
            provenance: knownReading.provenance,
          };
    return make.make(
      'unverified',
      'medium',
      since,
      `${label} state unknown (${provenanceText(reading.provenance)}, ${report.source} on ${isoDate(report.observedAt)})` +
        (lastKnown === null ? '' : `; last known ${lastKnown.state} on ${isoDate(lastKnown.observedAt)}`),
      {
        sensor,
        required: 'disabled',
        state: reading.state,
        observedAt: report.observedAt,
        source: report.source,
        provenance: reading.provenance,
        reportId: report.id,
        lastKnown,
        cite: req.cite,
      },
      unknownRemedy,
    );
  };
  return {
    id: `sensor.${sensor}`,
    title: `${label} must be disabled`,
    description:
      `When the protocol requires the ${lower} disabled for the device's role, the latest posture report ` +
      `that mentions it must show it disabled. Enabled is a failure since the first report of the current ` +
      `run of enabled readings; a missing or unknown reading is unverified, never compliant.`,
    defaultSeverity: 'high',
    evaluate(ctx) {
      const req = ctx.requirements?.sensors;
      if (req == null || !req.disabled.includes(sensor)) return null;
      const snap = ctx.snapshot;
      return disabled(
        DRAFTS,
        req,
        ctx.device.platform,
        snap.posture[sensor],
        snap.inServiceSince,
        snap.latestPostureAt,
        snap.history.posture,
        ctx.at,
      );
    },
    columnar(row) {
      const req = row.requirements.sensors;
      if (req == null || !req.disabled.includes(sensor)) return null;
      return disabled(
        row.findings,
        req,
        row.device.platform,
        row.posture[sensor],
        row.inServiceSince,
        row.latestPostureAt,
        row.postureReports,
        row.at,
      );
    },
  };
}
