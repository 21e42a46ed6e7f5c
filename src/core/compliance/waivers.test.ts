/** Waivers applied by the evaluator: a covered finding shows as waived while the waiver is in force. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { cameraOn, evaluateWithFacts, ofRule, T0, waiver } from './test-helpers.ts';

describe('waivers in the evaluator', () => {
  const camera = waiver({ rule: 'sensor.camera', scope: { personId: 'p1' } });

  it('shows a covered finding as waived, and the device as waived when all its findings are', () => {
    const r = evaluateWithFacts([cameraOn], { waivers: [camera] });
    expect(r.findings).toMatchObject([{ rule: 'sensor.camera', status: 'waived', waiver: 'wv1' }]);
    expect(r.devices[0]).toMatchObject({ verdict: 'waived', openFindings: 0 });
  });

  it('a waiver approved after the instant does not cover it', () => {
    const late = evaluateWithFacts([cameraOn], { waivers: [{ ...camera, approvedAt: T0 + DAY }] });
    expect(ofRule('sensor.camera', late.findings)[0]?.status).toBe('open');
  });
});
