import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { type Assignment, inForceAt } from './in-force.ts';
import { compiledProtocol, person, T0 } from './test-helpers.ts';

const hq = {
  id: 'hq',
  title: 'Headquarters',
  personalDevices: 'banned' as const,
  acknowledgement: 'required' as const,
  policyVersion: null,
};
const office = { ...compiledProtocol({ name: 'office' }), facilities: [hq] };
const home = compiledProtocol({ name: 'home' });
const protocols = new Map([
  ['office', office],
  ['home', home],
]);

const people = [
  person({ id: 'pm', protocol: null }),
  person({ id: 'aide', kind: 'staff', protocol: null, principalId: 'pm' }),
  person({ id: 'own', kind: 'staff', protocol: null, principalId: 'pm' }),
  person({ id: 'later', protocol: null, since: T0 + DAY }),
];
const assign = (personId: string, protocol: string | null, at: number): Assignment => ({
  personId,
  protocol,
  at,
});

describe('inForceAt', () => {
  const assignments = [
    assign('pm', 'home', T0 - 30 * DAY),
    assign('pm', 'office', T0 - 10 * DAY),
    assign('own', 'home', T0 - 5 * DAY),
    assign('pm', 'home', T0 + DAY),
    assign('later', 'office', T0 + DAY),
  ];
  const at = (t: number, whatIf?: string) =>
    inForceAt({ at: t, people, assignments, protocols, ...(whatIf === undefined ? {} : { whatIf }) });

  it('counts people from their since, not from when they were recorded', () => {
    expect([...at(T0).people.keys()]).toEqual(['pm', 'aide', 'own']);
    expect([...at(T0 + DAY).people.keys()]).toEqual(['pm', 'aide', 'own', 'later']);
    // Everyone is still known as they stood (for names), present or not.
    expect(at(T0).everyone.has('later')).toBe(true);
    // An assignment naming someone is a fact that they were there: they count from it.
    const early = inForceAt({ at: T0, people, assignments: [assign('later', 'home', T0 - DAY)], protocols });
    expect(early.governing.get('later')?.name).toBe('home');
  });

  it('governs each person by their latest assignment at or before T; staff inherit unless they have their own', () => {
    const now = at(T0);
    expect(now.governing.get('pm')?.name).toBe('office');
    expect(now.governing.get('aide')?.name).toBe('office');
    expect(now.governing.get('own')?.name).toBe('home');
    expect(now.governing.has('later')).toBe(false);
    expect(at(T0 - 20 * DAY).governing.get('aide')?.name).toBe('home');
    expect(at(T0 - 40 * DAY).governing.get('pm')).toBeNull();
  });

  it('puts in use, and takes facilities from, only the protocols governing someone present', () => {
    const now = at(T0);
    expect(now.protocolsInUse.map((p) => p.name).sort()).toEqual(['home', 'office']);
    expect(now.facilities.get('hq')?.map((f) => f.version)).toEqual(['office@2026.1']);
    const before = at(T0 - 20 * DAY);
    expect(before.protocolsInUse.map((p) => p.name)).toEqual(['home']);
    expect(before.facilities.size).toBe(0);
  });

  it('a protocol named but not in force at T governs no one', () => {
    const r = inForceAt({ at: T0, people, assignments, protocols: new Map([['home', home]]) });
    expect(r.governing.get('pm')).toBeNull();
    expect(r.governing.get('own')?.name).toBe('home');
  });

  it('a what-if protocol governs everyone present, and only them', () => {
    const whatIf = at(T0 - 20 * DAY, 'office');
    expect([...whatIf.governing.values()].map((p) => p?.name)).toEqual(['office', 'office', 'office']);
    expect(whatIf.protocolsInUse).toEqual([office]);
    expect(whatIf.facilities.get('hq')).toHaveLength(1);
    const nobody = inForceAt({ at: T0 - 20 * DAY, people: [], assignments: [], protocols, whatIf: 'office' });
    expect(nobody.protocolsInUse).toEqual([]);
    expect(nobody.facilities.size).toBe(0);
  });

  it('refuses a what-if protocol with no version in force at T', () => {
    expect(() => at(T0, 'nope')).toThrow(expect.objectContaining({ code: 'PROTOCOL_NOT_FOUND' }));
  });
});
