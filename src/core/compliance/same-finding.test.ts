import { describe, expect, it } from 'vitest';
import type { Finding } from '../model.ts';
import { keepSame, sameFinding } from './same-finding.ts';

const finding = (over: Partial<Finding> = {}): Finding => ({
  deviceId: 'd1',
  personId: 'p1',
  protocol: 'strict',
  rule: 'posture.stale',
  severity: 'high',
  status: 'open',
  outcome: 'fail',
  since: 5,
  message: 'm',
  evidence: { days: 3, apps: ['a', 'b'], at: { x: 1 } },
  remedy: 'r',
  waiver: null,
  ...over,
});

describe('sameFinding', () => {
  it('compares every field and the evidence as data', () => {
    expect(sameFinding(finding(), finding())).toBe(true);
    for (const over of [
      { personId: null },
      { severity: 'low' as const },
      { since: 6 },
      { message: 'n' },
      { waiver: 'w' },
      { evidence: { days: 3, apps: ['a'], at: { x: 1 } } },
      { evidence: { days: 3, apps: ['a', 'b'], at: { x: 2 } } },
      { evidence: { apps: ['a', 'b'], days: 3, at: { x: 1 } } },
      { evidence: { days: '3', apps: ['a', 'b'], at: { x: 1 } } },
    ])
      expect(sameFinding(finding(), finding(over))).toBe(false);
  });
});

describe('keepSame', () => {
  it('puts back each old finding once, in whatever order they come', () => {
    const old = [finding({ since: 1 }), finding({ since: 2 }), finding({ since: 2 })];
    const next = [finding({ since: 2 }), finding({ since: 3 }), finding({ since: 2 }), finding({ since: 1 })];
    expect(keepSame(old, next)).toBe(3);
    expect(next[0]).toBe(old[1]);
    expect(next[2]).toBe(old[2]);
    expect(next[3]).toBe(old[0]);
    expect(old).not.toContain(next[1]);
  });
});
