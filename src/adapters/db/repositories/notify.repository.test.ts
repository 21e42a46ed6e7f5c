/**
 * Sizes the planner meets on a large fleet, on the database the environment selects: finding
 * states and audit events past one statement's 65,535 parameters (a first plan over 10,000
 * devices used to fail at the upsert, every round).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import type { FindingState } from '../../../services/notices/ports.ts';
import type { Database } from '../client.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());

const N = 9000; // 9,000 states x 8 parameters = 72,000: more than one statement takes

const state = (i: number, status: FindingState['status'], at: number): FindingState => ({
  key: `device:d${i}:posture.stale`,
  deviceId: `d${i}`,
  personId: null,
  rule: 'posture.stale',
  status,
  waiverId: null,
  since: at,
  updatedAt: at,
});

describe('FindingStateRepository.upsertMany', () => {
  it('stores and then updates more states than one statement can carry', async () => {
    await db.uow.run((r) =>
      r.findingStates.upsertMany(Array.from({ length: N }, (_, i) => state(i, 'open', 1000))),
    );
    let stored = await db.uow.read((r) => r.findingStates.list());
    expect(stored).toHaveLength(N);
    await db.uow.run((r) =>
      r.findingStates.upsertMany(Array.from({ length: N }, (_, i) => state(i, 'resolved', 2000))),
    );
    stored = await db.uow.read((r) => r.findingStates.list());
    expect(stored).toHaveLength(N);
    expect(stored.every((s) => s.status === 'resolved' && s.since === 2000)).toBe(true);
  });
});
