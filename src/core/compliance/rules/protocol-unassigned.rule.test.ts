/** protocol.unassigned: a device whose holder (or their principal) has no known protocol. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { evaluateFleet } from '../evaluate.ts';
import { custody, evaluationInput, findingsOf, history, person, T0 } from '../test-helpers.ts';

describe('protocol.unassigned', () => {
  it('lets staff inherit their principal protocol', () => {
    const people = [
      person({ id: 'p1' }),
      person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1' }),
    ];
    expect(findingsOf('protocol.unassigned', [history('d1', { holderId: 's1' })], { people })).toEqual([]);
  });

  it('fails a device whose holder has no protocol, an unknown one, or no holder', () => {
    const people = [
      person({ id: 'p1', protocol: null }),
      person({ id: 'p2', protocol: 'missing' }),
      person({ id: 's1', kind: 'staff', protocol: null, principalId: 'p1', name: 'Sam' }),
    ];
    const devices = [
      history('d1', { holderId: 'p1' }),
      history('d2', { holderId: 'p2' }),
      history('d3', { holderId: 's1' }),
      history('d4', { custody: [custody('d4', null, T0 - DAY, 'safe-1')] }),
      history('d5', { holderId: 'nobody' }),
    ];
    const found = findingsOf('protocol.unassigned', devices, { people });
    expect(found.map((f) => f.deviceId).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    const byDevice = new Map(found.map((f) => [f.deviceId, f]));
    expect(byDevice.get('d2')?.message).toBe(`Person p2's protocol "missing" is not a known protocol`);
    expect(byDevice.get('d3')?.message).toBe('Neither Sam nor their principal (p1) has a known protocol');
    expect(byDevice.get('d4')?.since).toBe(T0 - DAY);
    // Without a protocol no other requirement can be checked: only this finding (and custody) remain.
    const all = evaluateFleet(evaluationInput(devices, { people })).findings;
    expect(new Set(all.map((f) => f.rule))).toEqual(new Set(['protocol.unassigned']));
  });
});
