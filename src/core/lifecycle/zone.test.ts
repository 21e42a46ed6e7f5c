import { describe, expect, it } from 'vitest';
import { compiledProtocol } from '../compliance/test-helpers.ts';
import { VigilError } from '../errors.ts';
import { acknowledgementVersion, hasAcknowledged, requiredAcknowledgements } from './acknowledgement.ts';
import {
  banningPolicy,
  classifyDetection,
  facilityPolicies,
  normalizeIdentifier,
  parseIdentifier,
} from './zone.ts';

const building = {
  id: 'main-building',
  title: 'Main building',
  personalDevices: 'banned' as const,
  acknowledgement: 'required' as const,
  policyVersion: null,
};

describe('identifiers', () => {
  it('accepts imei, serial and mac-sha256 forms, normalising hex to lower case', () => {
    expect(normalizeIdentifier(' imei:356789104512347 ')).toBe('imei:356789104512347');
    expect(normalizeIdentifier('serial:F2LXK0QJHG7F')).toBe('serial:F2LXK0QJHG7F');
    expect(normalizeIdentifier(`MAC-SHA256:${'AB'.repeat(32)}`)).toBe(`mac-sha256:${'ab'.repeat(32)}`);
    expect(parseIdentifier('imei:1234')).toBeNull();
    expect(parseIdentifier('mac:aa:bb')).toBeNull();
    expect(parseIdentifier('356789104512347')).toBeNull();
    expect(() => normalizeIdentifier('serial:')).toThrow(VigilError);
  });
});

describe('facility policies and detections', () => {
  const strict = { ...compiledProtocol({ name: 'strict' }), facilities: [building] };
  const lax = {
    ...compiledProtocol({ name: 'lax' }),
    facilities: [{ ...building, personalDevices: 'allowed' as const }],
  };

  it('the strictest policy in force governs a facility', () => {
    const policies = facilityPolicies([strict, lax]);
    expect(policies.get('main-building')?.map((p) => p.protocol)).toEqual(['lax', 'strict']);
    expect(banningPolicy(policies.get('main-building'))?.protocol).toBe('strict');
    expect(banningPolicy(facilityPolicies([lax]).get('main-building'))).toBeNull();
  });

  it('a personal or unknown device in a banning facility is a violation; an issued one is not', () => {
    const policy = banningPolicy(facilityPolicies([strict]).get('main-building') ?? []);
    expect(classifyDetection(policy, null)).toBe('violation');
    expect(classifyDetection(policy, { ownership: 'personal' })).toBe('violation');
    expect(classifyDetection(policy, { ownership: 'issued' })).toBe('allowed');
    expect(classifyDetection(null, null)).toBe('allowed');
  });
});

describe('acknowledgements', () => {
  const p1 = { ...compiledProtocol({ name: 'office', version: '2026.2' }), facilities: [building] };

  it('a required facility asks for <protocol>@<version>, or the facility’s own pinned version', () => {
    expect(requiredAcknowledgements(p1).map((r) => r.policyVersion)).toEqual(['office@2026.2']);
    const pinned = { ...p1, facilities: [{ ...building, policyVersion: 'v7' }] };
    expect(requiredAcknowledgements(pinned).map((r) => r.policyVersion)).toEqual(['office@v7']);
    const optional = { ...p1, facilities: [{ ...building, acknowledgement: 'optional' as const }] };
    expect(requiredAcknowledgements(optional)).toEqual([]);
    expect(requiredAcknowledgements(null)).toEqual([]);
  });

  it('only the version in force counts', () => {
    const acks = [
      { personId: 'a', facility: 'main-building', policyVersion: 'office@2026.1', at: 0, recordedAt: 0 },
    ];
    expect(hasAcknowledged(acks, 'a', 'main-building', 'office@2026.2')).toBe(false);
    expect(hasAcknowledged(acks, 'a', 'main-building', 'office@2026.1')).toBe(true);
    expect(acknowledgementVersion(p1, 'main-building', null)).toBe('office@2026.2');
    expect(() => acknowledgementVersion(p1, 'main-building', 'office@2026.1')).toThrow(/in force/);
    expect(() => acknowledgementVersion(p1, 'annex', null)).toThrow(VigilError);
    expect(() => acknowledgementVersion(null, 'main-building', null)).toThrow(VigilError);
  });
});
