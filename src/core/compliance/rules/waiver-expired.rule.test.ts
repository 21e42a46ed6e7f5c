/** waiver.expired: a lapsed waiver reopens its finding and is reported itself, unless revoked, unapproved or fixed. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { cameraOn, evaluateWithFacts, history, ofRule, T0, waiver } from '../test-helpers.ts';

describe('waiver.expired', () => {
  const camera = waiver({ rule: 'sensor.camera', scope: { personId: 'p1' } });

  it('reopens the finding when the waiver lapses, and reports waiver.expired', () => {
    const r = evaluateWithFacts([cameraOn], { waivers: [camera] }, T0 + 10 * DAY);
    const camerasFinding = ofRule('sensor.camera', r.findings)[0];
    expect(camerasFinding).toMatchObject({ status: 'open', waiver: null });
    const [expired] = ofRule('waiver.expired', r.findings);
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
    const revoked = evaluateWithFacts([cameraOn], { waivers: [{ ...camera, endedAt: T0 }] }, at);
    expect(ofRule('waiver.expired', revoked.findings)).toEqual([]);
    const unapproved = evaluateWithFacts(
      [cameraOn],
      { waivers: [{ ...camera, approvedAt: null, approvedBy: null }] },
      at,
    );
    expect(ofRule('waiver.expired', unapproved.findings)).toEqual([]);
    expect(ofRule('sensor.camera', unapproved.findings)[0]?.status).toBe('open');
    const fixed = evaluateWithFacts([history('d1')], { waivers: [camera] }, at);
    expect(ofRule('waiver.expired', fixed.findings)).toEqual([]);
  });
});
