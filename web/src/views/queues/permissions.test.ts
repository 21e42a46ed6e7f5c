import { describe, expect, it } from 'vitest';
import type { Incident, User } from '../../api/types.ts';
import { whyNotCloser } from './permissions.ts';

const user = (personId: string | null): User => ({
  id: 'usr_1',
  username: 'olive',
  name: 'Olive',
  role: 'officer',
  personId,
});
const incident = (involvedPersonIds?: string[]) =>
  ({ id: 'inc_1', ...(involvedPersonIds === undefined ? {} : { involvedPersonIds }) }) as unknown as Incident;

describe('whyNotCloser', () => {
  it('offers closing to another person only, saying why not otherwise', () => {
    expect(whyNotCloser(incident(['oscar']), user('olive'))).toBeNull();
    expect(whyNotCloser(incident(['olive', 'oscar']), user('olive'))).toMatch(/another person closes it/);
    expect(whyNotCloser(incident([]), user(null))).toMatch(/linked to no person/);
    expect(whyNotCloser(incident(), user('olive'))).toBeNull();
  });
});
