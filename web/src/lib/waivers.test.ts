import { describe, expect, it } from 'vitest';
import { ruleOf, waiverGroup } from './waivers.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('ruleOf', () => {
  it('files an expired waiver under the rule it covered, anything else under its own rule', () => {
    expect(ruleOf({ rule: 'waiver.expired', evidence: { rule: 'sensor.camera', waiverId: 'w1' } })).toBe(
      'sensor.camera',
    );
    expect(ruleOf({ rule: 'refusal.unwaived', evidence: { refusalId: 'r1' } })).toBe('refusal.unwaived');
    expect(ruleOf({ rule: 'waiver.expired', evidence: {} })).toBe('waiver.expired');
  });
});

describe('waiverGroup', () => {
  it('separates waivers in force, awaiting a decision, expired and ended', () => {
    expect(waiverGroup({ state: 'approved', expiresAt: '2026-12-20T00:00:00Z' }, NOW)).toBe('in force');
    expect(waiverGroup({ state: 'approved', expiresAt: '2026-11-16T00:00:00Z' }, NOW)).toBe('expired');
    expect(waiverGroup({ state: 'requested', expiresAt: '2027-01-01T00:00:00Z' }, NOW)).toBe(
      'awaiting a decision',
    );
    expect(waiverGroup({ state: 'revoked', expiresAt: '2027-01-01T00:00:00Z' }, NOW)).toBe('ended');
    expect(waiverGroup({ state: 'rejected', expiresAt: '2027-01-01T00:00:00Z' }, NOW)).toBe('ended');
  });
});
