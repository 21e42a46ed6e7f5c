import { describe, expect, it } from 'vitest';
import { noProtocolNamed } from './names.ts';

describe('noProtocolNamed', () => {
  it('lists the stored names, sorted and once each', () => {
    expect(noProtocolNamed('strict', ['b', 'a', 'b'])).toBe(
      'no protocol is named strict; stored protocols: a, b',
    );
  });

  it('tells a fresh data folder how to add the shipped baselines', () => {
    expect(noProtocolNamed('relaxed-social', [])).toMatch(
      /none is stored yet.*vigil protocol add baselines\/\*\.yaml/,
    );
  });

  it('lists at most twenty and points at the full list', () => {
    const names = Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const m = noProtocolNamed('x', names);
    expect(m).toContain('p19');
    expect(m).not.toContain('p20');
    expect(m).toContain('and 5 more (`vigil protocol list`)');
  });
});
