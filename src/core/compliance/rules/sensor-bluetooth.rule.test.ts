/** sensor.bluetooth: checked only when the protocol requires it off. */
import { describe, expect, it } from 'vitest';
import { compiledProtocol, history, onlyFindingOf, strictRole } from '../test-helpers.ts';

describe('sensor.bluetooth', () => {
  it('checks bluetooth when the protocol requires it off', () => {
    const role = strictRole({ sensors: { disabled: ['bluetooth'], cite: [] } });
    const f = onlyFindingOf('sensor.bluetooth', [history('d1')], {
      protocols: [compiledProtocol({ roles: { calls: role } })],
    });
    expect(f.outcome).toBe('fail');
  });
});
