/** custody.unassigned: an active device held by no one and stored nowhere. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../time.ts';
import { custody, findingsOf, history, onlyFindingOf, T0 } from '../test-helpers.ts';

describe('custody.unassigned', () => {
  it('fails an active device held by no one and stored nowhere', () => {
    const f = onlyFindingOf('custody.unassigned', [
      history('d1', { custody: [custody('d1', null, T0 - 2 * DAY)] }),
    ]);
    expect(f).toMatchObject({ since: T0 - 2 * DAY, outcome: 'fail' });
    expect(onlyFindingOf('custody.unassigned', [history('d1', { custody: [] })]).since).toBe(T0 - 10 * DAY);
  });

  it('accepts a device in storage', () => {
    expect(
      findingsOf('custody.unassigned', [
        history('d1', { custody: [custody('d1', null, T0 - 2 * DAY, 'safe-1')] }),
      ]),
    ).toEqual([]);
  });
});
