/** protocol.role-uncovered: a device whose role the protocol does not cover. */
import { describe, expect, it } from 'vitest';
import { evaluateFleet } from '../evaluate.ts';
import {
  compiledProtocol,
  compiledRole,
  evaluationInput,
  findingsOf,
  history,
  onlyFindingOf,
  strictRole,
} from '../test-helpers.ts';

describe('protocol.role-uncovered', () => {
  it('fails a device whose role the protocol does not cover', () => {
    const protocol = compiledProtocol({ roles: { calls: strictRole() } });
    const d = history('d1', { device: { role: 'news' } });
    const f = onlyFindingOf('protocol.role-uncovered', [d], { protocols: [protocol] });
    expect(f.message).toBe(
      'Protocol "test-protocol" has no requirements for news phones, so nothing about this device can be checked',
    );
    expect(findingsOf('protocol.role-uncovered', [history('d2')], { protocols: [protocol] })).toEqual([]);
  });

  it('accepts a role covered by an empty set of requirements', () => {
    const protocol = compiledProtocol({ roles: { calls: compiledRole() } });
    expect(evaluateFleet(evaluationInput([history('d1')], { protocols: [protocol] })).findings).toEqual([]);
  });
});
