/**
 * Records a finished forensic scan against a device: the posture it observed (provenance
 * `observed`), optionally the scan as the device's inspection (method `forensic-scan`, result
 * from the alerts, the result files as evidence; a failed one opens an incident), and a
 * `scan.completed` audit event naming
 * every input and indicator file by its SHA-256, all in one transaction. Reading the evidence is the evidence adapter's job; this
 * service only takes the summary, so it stays free of I/O.
 */

import { protocolFor } from '../../core/compliance/in-force.ts';
import { VigilError } from '../../core/errors.ts';
import {
  DEFAULT_COVERAGE,
  describeCoverage,
  type ScanCoverage,
  scanCoverage,
} from '../../core/forensics/coverage.ts';
import type { ObservedPosture } from '../../core/forensics/posture.ts';
import type { EvidenceFile, Inspection, InspectionResult, PostureReport } from '../../core/model.ts';
import { scannedPosture } from '../../core/posture/fields.ts';
import { type Instant, toIso } from '../../core/time.ts';
import { governingInTx } from '../compliance/compliance.service.ts';
import { openIncidentInTx } from '../incidents/incident.service.ts';
import { recordInspectionInTx, requireDevice } from '../inventory/inventory.service.ts';
import { CommandService, type Tx } from '../kernel/command-service.ts';
import type { IdSource } from '../kernel/ports.ts';
import { recordPostureInTx } from '../posture/posture.service.ts';

export interface ScanSummary {
  readonly kind: string;
  readonly encrypted: boolean;
  readonly startedAt: Instant;
  readonly finishedAt: Instant;
  readonly posture: ObservedPosture | null;
  readonly alertCounts: Readonly<Record<string, number>>;
  readonly inputs: readonly { path: string; sha256: string }[];
  readonly indicators: readonly { file: string; sha256: string; count: number }[];
  /** Every module with its status; `message` carries a failed module's error. */
  readonly modules: readonly { module: string; status: string; message?: string | null }[];
  /** The inspection result the alerts support (core/forensics scanVerdict). */
  readonly verdict: InspectionResult;
  /** SHA-256 of the scan's info.json (chain of custody); null when none was written. */
  readonly infoSha256?: string | null;
}

/**
 * What a scan supports once its coverage is weighed: the alerts' verdict, except that a scan
 * that found nothing but did not run every required module is `incomplete`, never `clean`.
 * A scan that missed required evidence but still alerted keeps the alerts' verdict (the alerts
 * are real), yet is no qualifying check either: see `recordScanInTx`.
 */
export type ScanVerdict = InspectionResult | 'incomplete';

/** Record the scan as the device's security check, with the result files as evidence. */
export interface ScanInspection {
  readonly performedBy: string;
  readonly evidence: readonly EvidenceFile[];
  readonly notes?: string;
}

export interface RecordedScan {
  readonly deviceId: string;
  readonly posture: PostureReport | null;
  /** The device's check: only a scan that covered the required evidence is one. */
  readonly inspection: Inspection | null;
  /**
   * The incident a suspicious or compromised scan recorded as a check opened, complete or not
   * (none when one was already open).
   */
  readonly incidentId: string | null;
  readonly verdict: ScanVerdict;
  /** Against the coverage the protocol governing the device requires (defaults when none). */
  readonly coverage: ScanCoverage;
}

/**
 * The modules the protocol governing the device requires a qualifying forensic scan to run
 * (its role's `inspection.coverage`); the defaults when no protocol or no inspection applies.
 */
async function requiredCoverageInTx(
  tx: Tx<'assignments' | 'people' | 'protocols'>,
  device: { readonly holderId: string | null; readonly role: string; readonly platform: 'ios' | 'android' },
  at: Instant,
): Promise<readonly string[]> {
  const { people, protocols } = await governingInTx(tx, at);
  const holder = device.holderId === null ? null : (people.get(device.holderId) ?? null);
  const protocol = protocolFor(holder, people, protocols);
  const role = protocol?.roles[device.role as keyof typeof protocol.roles];
  return role?.inspection?.coverage?.[device.platform] ?? DEFAULT_COVERAGE[device.platform];
}

/** Where a scan's posture comes from, in posture reports. */
export const SCAN_SOURCE = 'vigil-scan';

/**
 * Records a finished scan inside the caller's transaction: posture, optionally the inspection
 * (and the incident a failed one opens), and the `scan.completed` event. Shared by `vigil scan`
 * (ScanService.record) and the background jobs (ScanJobService.complete).
 */
export async function recordScanInTx(
  tx: Tx<
    | 'assignments'
    | 'audit'
    | 'devices'
    | 'incidents'
    | 'inspections'
    | 'outbox'
    | 'people'
    | 'posture'
    | 'protocols'
  >,
  ids: IdSource,
  deviceId: string,
  scan: ScanSummary,
  ctx: { readonly actor: string; readonly now: Instant; readonly jobId?: string },
  inspect: ScanInspection | null,
): Promise<RecordedScan> {
  const { actor, now } = ctx;
  const device = await requireDevice(tx, deviceId);
  const p = scan.posture;
  if (p !== null && p.platform !== device.platform) {
    throw new VigilError(
      'POSTURE_INVALID',
      `the scan is of an ${p.platform} device but ${deviceId} is ${device.platform}`,
    );
  }
  let report: PostureReport | null = null;
  // What the scan observed, as the posture fields declare it (none observed: no report).
  const scanned = p === null ? null : scannedPosture(p);
  if (scanned !== null) {
    report = {
      id: ids.next('pos'),
      deviceId,
      observedAt: scan.finishedAt,
      receivedAt: now,
      source: SCAN_SOURCE,
      ...scanned,
    };
    await recordPostureInTx(tx, report, { actor, now });
  }
  const coverage = scanCoverage(device.platform, scan.modules, await requiredCoverageInTx(tx, device, now));
  // Alerts are evidence however little was read; finding nothing is only worth what was read.
  const verdict: ScanVerdict = scan.verdict === 'clean' && !coverage.complete ? 'incomplete' : scan.verdict;
  let inspection: Inspection | null = null;
  let incidentId: string | null = null;
  // Only a scan that read the evidence the protocol requires is the device's check: an
  // incomplete one is not recorded as an inspection, alerts or not, so it never resets
  // inspection.overdue. The scan job and scan.completed name the missing evidence.
  if (inspect !== null && verdict !== 'incomplete' && coverage.complete) {
    inspection = {
      id: ids.next('ins'),
      deviceId,
      at: scan.finishedAt,
      method: 'forensic-scan',
      result: verdict,
      performedBy: inspect.performedBy,
      notes:
        coverage.complete && coverage.failed.length === 0
          ? (inspect.notes ?? null)
          : `${inspect.notes ?? 'forensic scan'} (${describeCoverage(coverage)})`.slice(0, 2000),
      evidence: inspect.evidence.slice(0, 100),
      recordedAt: now,
    };
    await recordInspectionInTx(tx, inspection, { actor, now });
  }
  // Alerts are evidence however little was read: a suspicious or compromised scan recorded as a
  // check opens an incident (which quarantines the device), as a technician's failed check
  // would, whether or not it covered enough to be the check itself.
  if (inspect !== null && verdict !== 'clean' && verdict !== 'incomplete') {
    if ((await tx.incidents.openFor(deviceId)).length === 0) {
      const alerts = Object.entries(scan.alertCounts)
        .filter(([, n]) => n > 0)
        .map(([level, n]) => `${n} ${level}`)
        .join(', ');
      const incident = await openIncidentInTx(
        tx,
        ids.next('inc'),
        {
          deviceIds: [deviceId],
          compromise: verdict === 'compromised' ? 'confirmed' : 'suspected',
          summary:
            inspection === null
              ? `Forensic scan of ${scan.kind} (incomplete, not a qualifying check: ${describeCoverage(coverage)}): ${alerts} alert(s)`.slice(
                  0,
                  2000,
                )
              : `Forensic scan of ${scan.kind}: ${alerts} alert(s)`,
          ...(inspection === null ? {} : { inspectionId: inspection.id }),
        },
        { actor, now },
      );
      incidentId = incident.id;
    }
  }
  await tx.audit.append({
    type: 'scan.completed',
    at: now,
    actor,
    subject: `device:${deviceId}`,
    payload: {
      deviceId,
      kind: scan.kind,
      encrypted: scan.encrypted,
      startedAt: toIso(scan.startedAt),
      finishedAt: toIso(scan.finishedAt),
      postureReportId: report?.id ?? null,
      inspectionId: inspection?.id ?? null,
      incidentId,
      verdict,
      coverage: {
        complete: coverage.complete,
        required: [...coverage.required],
        missing: [...coverage.missing],
        failed: [...coverage.failed],
      },
      alerts: { ...scan.alertCounts },
      inputs: [...scan.inputs],
      indicators: [...scan.indicators],
      modules: scan.modules.map((m) => ({ module: m.module, status: m.status })),
      ...(scan.infoSha256 == null ? {} : { infoSha256: scan.infoSha256 }),
      ...(ctx.jobId === undefined ? {} : { jobId: ctx.jobId }),
    },
  });
  return { deviceId, posture: report, inspection, incidentId, verdict, coverage };
}

export class ScanService extends CommandService<
  | 'assignments'
  | 'audit'
  | 'devices'
  | 'incidents'
  | 'inspections'
  | 'outbox'
  | 'people'
  | 'posture'
  | 'protocols'
> {
  async record(
    deviceId: string,
    scan: ScanSummary,
    actor: string,
    inspect: ScanInspection | null = null,
  ): Promise<RecordedScan> {
    const now = this.clock.now();
    return this.transaction((tx) => recordScanInTx(tx, this.ids, deviceId, scan, { actor, now }, inspect));
  }
}
