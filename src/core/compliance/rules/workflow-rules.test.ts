/** refusal.unwaived, inspection.failed and waiver.expired, and waivers applied by the evaluator. */
import { describe, expect, it } from 'vitest';
import type { Finding, IncidentFact, Refusal, Waiver } from '../../model.ts';
import { DAY } from '../../time.ts';
import { evaluateFleet } from '../evaluate.ts';
import {
  compliantPosture,
  evaluationInput,
  history,
  inspection,
  reading,
  rotation,
  sensors,
  T0,
} from '../test-helpers.ts';
import type { DeviceHistory } from '../types.ts';
import { type LifecycleFacts, NO_LIFECYCLE_FACTS } from '../types.ts';

function evaluate(devices: DeviceHistory[], facts: Partial<LifecycleFacts>, at = T0) {
  return evaluateFleet({
    ...evaluationInput(devices, { at }),
    lifecycle: { ...NO_LIFECYCLE_FACTS, ...facts },
  });
}
const of = (rule: string, findings: readonly Finding[]) => findings.filter((f) => f.rule === rule);

const refusal = (fields: Partial<Refusal> = {}): Refusal => ({
  id: 'ref1',
  personId: 'p1',
  deviceId: 'd1',
  action: 'swap',
  rule: 'rotation.overdue',
  at: T0 - 5 * DAY,
  reason: 'inconvenient',
  recordedBy: 'token:tech',
  ...fields,
});
const waiver = (fields: Partial<Waiver> = {}): Waiver => ({
  id: 'wv1',
  rule: 'rotation.overdue',
  scope: { deviceId: 'd1' },
  reason: 'travel',
  risk: 'older device',
  requestedBy: 'token:tech',
  requestedAt: T0 - 20 * DAY,
  approvedBy: 'token:officer',
  approvedAt: T0 - 19 * DAY,
  startsAt: T0 - 20 * DAY,
  expiresAt: T0 + 10 * DAY,
  endedAt: null,
  ...fields,
});

describe('refusal.unwaived', () => {
  it('reports a declined swap with who, when and why, until a waiver covers it', () => {
    const d = history('d1');
    const [f] = of('refusal.unwaived', evaluate([d], { refusals: [refusal()] }).findings);
    expect(f).toMatchObject({ severity: 'high', since: T0 - 5 * DAY, status: 'open' });
    expect(f?.evidence).toMatchObject({ personId: 'p1', reason: 'inconvenient', refusedAt: T0 - 5 * DAY });
    expect(
      of('refusal.unwaived', evaluate([d], { refusals: [refusal()], waivers: [waiver()] }).findings),
    ).toEqual([]);
  });

  it('stops counting once the refused action is done afterwards', () => {
    // The device came into service (a later swap) after the refusal: the refusal no longer applies.
    const fresh = history('d1', {
      device: { issuedAt: null },
      rotations: [rotation({ id: 'r', oldDeviceId: 'd0', newDeviceId: 'd1', at: T0 - 2 * DAY })],
    });
    expect(of('refusal.unwaived', evaluate([fresh], { refusals: [refusal()] }).findings)).toEqual([]);
    // A declined check counts until a later check.
    const checkRefusal = refusal({ action: 'check', rule: 'inspection.overdue', at: T0 - 3 * DAY });
    const checkedBefore = history('d1', {
      inspections: [inspection({ id: 'i', deviceId: 'd1', at: T0 - 4 * DAY })],
    });
    const checkedAfter = history('d1', {
      inspections: [inspection({ id: 'i', deviceId: 'd1', at: T0 - 2 * DAY })],
    });
    expect(
      of('refusal.unwaived', evaluate([checkedBefore], { refusals: [checkRefusal] }).findings),
    ).toHaveLength(1);
    expect(of('refusal.unwaived', evaluate([checkedAfter], { refusals: [checkRefusal] }).findings)).toEqual(
      [],
    );
  });

  it("counts the holder's person-wide refusals on each of their devices", () => {
    const d = history('d1');
    const found = of('refusal.unwaived', evaluate([d], { refusals: [refusal({ deviceId: null })] }).findings);
    expect(found).toHaveLength(1);
  });
});

describe('inspection.failed', () => {
  const failed = history('d1', {
    inspections: [inspection({ id: 'i1', deviceId: 'd1', at: T0 - 3 * DAY, result: 'compromised' })],
  });
  const incident = (openedAt: number): IncidentFact => ({
    id: 'inc1',
    deviceIds: ['d1'],
    personIds: [],
    openedAt,
    closedAt: null,
    inspectionId: null,
  });

  it('reports a compromised result with no incident opened since', () => {
    const [f] = of('inspection.failed', evaluate([failed], {}).findings);
    expect(f).toMatchObject({ severity: 'critical', since: T0 - 3 * DAY });
    expect(
      of('inspection.failed', evaluate([failed], { incidents: [incident(T0 - 4 * DAY)] }).findings),
    ).toHaveLength(1);
    expect(
      of('inspection.failed', evaluate([failed], { incidents: [incident(T0 - 3 * DAY)] }).findings),
    ).toEqual([]);
  });

  it('is high for a suspicious result and silent for a clean one', () => {
    const suspicious = history('d1', {
      inspections: [inspection({ id: 'i1', deviceId: 'd1', result: 'suspicious' })],
    });
    expect(of('inspection.failed', evaluate([suspicious], {}).findings)[0]?.severity).toBe('high');
    expect(of('inspection.failed', evaluate([history('d1')], {}).findings)).toEqual([]);
  });
});

describe('waivers in the evaluator', () => {
  // Camera on: sensor.camera is the only finding.
  const cameraOn = history('d1', {
    posture: [
      compliantPosture({
        id: 'r',
        deviceId: 'd1',
        sensors: { ...sensors('disabled'), bluetooth: reading('enabled'), camera: reading('enabled') },
      }),
    ],
  });
  const camera = waiver({ rule: 'sensor.camera', scope: { personId: 'p1' } });

  it('shows a covered finding as waived, and the device as waived when all its findings are', () => {
    const r = evaluate([cameraOn], { waivers: [camera] });
    expect(r.findings).toMatchObject([{ rule: 'sensor.camera', status: 'waived', waiver: 'wv1' }]);
    expect(r.devices[0]).toMatchObject({ verdict: 'waived', openFindings: 0 });
  });

  it('reopens the finding when the waiver lapses, and reports waiver.expired', () => {
    const r = evaluate([cameraOn], { waivers: [camera] }, T0 + 10 * DAY);
    const camerasFinding = of('sensor.camera', r.findings)[0];
    expect(camerasFinding).toMatchObject({ status: 'open', waiver: null });
    const [expired] = of('waiver.expired', r.findings);
    expect(expired).toMatchObject({
      status: 'open',
      since: T0 + 10 * DAY,
      severity: camerasFinding?.severity,
    });
    expect(expired?.evidence).toMatchObject({ waiverId: 'wv1', rule: 'sensor.camera' });
    expect(r.devices[0]).toMatchObject({ verdict: 'non-compliant' });
  });

  it('does not report waiver.expired for a revoked waiver, an unapproved one, or a fixed finding', () => {
    const at = T0 + 20 * DAY;
    const revoked = evaluate([cameraOn], { waivers: [{ ...camera, endedAt: T0 }] }, at);
    expect(of('waiver.expired', revoked.findings)).toEqual([]);
    const unapproved = evaluate(
      [cameraOn],
      { waivers: [{ ...camera, approvedAt: null, approvedBy: null }] },
      at,
    );
    expect(of('waiver.expired', unapproved.findings)).toEqual([]);
    expect(of('sensor.camera', unapproved.findings)[0]?.status).toBe('open');
    const fixed = evaluate([history('d1')], { waivers: [camera] }, at);
    expect(of('waiver.expired', fixed.findings)).toEqual([]);
  });

  it('a waiver approved after the instant does not cover it', () => {
    const late = evaluate([cameraOn], { waivers: [{ ...camera, approvedAt: T0 + DAY }] });
    expect(of('sensor.camera', late.findings)[0]?.status).toBe('open');
  });
});
