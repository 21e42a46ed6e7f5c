import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import {
  applyWaiver,
  requestWaiver,
  type WaiverRecord,
  waiverAsOf,
  waiverCovers,
  waiverLapsed,
  waiverStateOf,
} from './waiver.ts';

const T = Date.UTC(2026, 10, 18);
const policy = { maxDuration: 90 * DAY, approverRole: 'officer' };
const ctx = { ruleIds: new Set(['sensor.camera']), scopeExists: true, policy };
const request = {
  id: 'wv1',
  rule: 'sensor.camera',
  scope: { deviceId: 'd1' },
  reason: 'video calls',
  risk: 'camera may be abused',
  startsAt: T,
  expiresAt: T + 30 * DAY,
  actor: 'token:tech',
};

function requested(): WaiverRecord {
  const r = requestWaiver(request, ctx, T - DAY);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.waiver;
}

describe('waivers', () => {
  it('is approved by another person holding the role the protocol names', () => {
    const r = applyWaiver(
      requested(),
      { type: 'approve', actor: 'token:officer', role: 'officer', policy },
      T + DAY,
    );
    expect(r).toMatchObject({
      ok: true,
      value: { waiver: { state: 'approved', approvedBy: 'token:officer', approvedAt: T + DAY } },
    });
  });

  it('can never be approved by its requester, nor by another role (admin included)', () => {
    const w = requested();
    expect(
      applyWaiver(w, { type: 'approve', actor: 'token:tech', role: 'officer', policy }, T),
    ).toMatchObject({
      error: { code: 'WAIVER_SELF_APPROVAL' },
    });
    expect(applyWaiver(w, { type: 'approve', actor: 'token:adm', role: 'admin', policy }, T)).toMatchObject({
      error: { code: 'WAIVER_APPROVER_ROLE' },
    });
  });

  it('refuses windows longer than maxDuration, inverted windows, unknown rules and scopes, no policy', () => {
    expect(requestWaiver({ ...request, expiresAt: T + 91 * DAY }, ctx, T)).toMatchObject({
      error: { code: 'WAIVER_TOO_LONG' },
    });
    expect(requestWaiver({ ...request, expiresAt: T }, ctx, T)).toMatchObject({
      error: { code: 'WAIVER_INVALID' },
    });
    expect(requestWaiver({ ...request, rule: 'nope.rule' }, ctx, T)).toMatchObject({
      error: { code: 'WAIVER_INVALID' },
    });
    expect(requestWaiver(request, { ...ctx, scopeExists: false }, T)).toMatchObject({
      error: { code: 'WAIVER_INVALID' },
    });
    expect(requestWaiver(request, { ...ctx, policy: null }, T)).toMatchObject({
      error: { code: 'WAIVER_NOT_PERMITTED' },
    });
  });

  it('covers from the later of start and approval to the earlier of expiry and revocation', () => {
    const approved = { ...requested(), approvedBy: 'o', approvedAt: T + 5 * DAY, state: 'approved' as const };
    expect(waiverCovers(approved, T + DAY)).toBe(false);
    expect(waiverCovers(approved, T + 5 * DAY)).toBe(true);
    expect(waiverCovers(approved, T + 30 * DAY - 1)).toBe(true);
    expect(waiverCovers(approved, T + 30 * DAY)).toBe(false);
    expect(waiverLapsed(approved, T + 30 * DAY)).toBe(true);
    const revoked = { ...approved, endedAt: T + 10 * DAY };
    expect(waiverCovers(revoked, T + 10 * DAY)).toBe(false);
    expect(waiverLapsed(revoked, T + 40 * DAY)).toBe(false);
    expect(waiverStateOf(revoked)).toBe('revoked');
    // As known before the revocation and before the approval:
    expect(waiverStateOf(waiverAsOf(revoked, T + 9 * DAY))).toBe('approved');
    expect(waiverStateOf(waiverAsOf(revoked, T + 4 * DAY))).toBe('requested');
  });

  it('revokes only approved waivers, rejects only requested ones', () => {
    const w = requested();
    expect(applyWaiver(w, { type: 'revoke', actor: 'o', reason: 'r' }, T)).toMatchObject({
      error: { code: 'WAIVER_TRANSITION_INVALID' },
    });
    const rejected = applyWaiver(w, { type: 'reject', actor: 'o', reason: 'no' }, T);
    expect(rejected).toMatchObject({
      ok: true,
      value: { waiver: { state: 'rejected', endedAt: T, endReason: 'no' } },
    });
  });
});
