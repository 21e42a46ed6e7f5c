/**
 * Sizes the planner meets on a large fleet, on the database the environment selects: finding
 * states and audit events past one statement's 65,535 parameters (a first plan over 10,000
 * devices used to fail at the upsert, every round); the states a round changes, diffed by the
 * database, against the diff of every state read; notices enqueued and cancelled many at a time.
 */
import fc from 'fast-check';
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

type Changing = { stored: FindingState[]; absent: string[] };
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

describe('FindingStateRepository.changing', () => {
  it('gives what diffing every stored state against the findings now gives', async () => {
    const status = fc.constantFrom<FindingState['status']>('open', 'waived', 'resolved');
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.integer({ min: 0, max: 30 }).map(String), status, { maxKeys: 20 }),
        fc.dictionary(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom('open', 'waived'), {
          maxKeys: 20,
        }),
        async (storedBy, currentBy) => {
          const key = (i: string) => `person:p${i}|zone.unknown`;
          const current = new Map(
            Object.entries(currentBy).map(([i, s]) => [key(i), s as 'open' | 'waived']),
          );
          const got = await db.uow
            .run(async (r) => {
              await r.findingStates.upsertMany(
                Object.entries(storedBy).map(([i, s]) => ({ ...state(Number(i), s, 5000), key: key(i) })),
              );
              const changing = await r.findingStates.changing(current);
              const all = await r.findingStates.list();
              // Rolled back: each run starts from the states of the test above.
              throw Object.assign(new Error('rollback'), { changing, all });
            })
            .catch((e: unknown) => e as { changing: Changing; all: FindingState[] });
          const stored = new Map(got.all.map((s) => [s.key, s]));
          const expected = got.all.filter((s) =>
            current.has(s.key) ? current.get(s.key) !== s.status : s.status !== 'resolved',
          );
          expect(got.changing.stored.toSorted(byKey)).toEqual(expected.toSorted(byKey));
          expect(got.changing.absent.toSorted()).toEqual(
            [...current.keys()].filter((k) => !stored.has(k)).sort(),
          );
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('OutboxRepository.enqueueMany and cancelMany', () => {
  const notice = (key: string, subject = key) => ({
    key,
    kind: 'test',
    audience: { role: 'officer' as const },
    subject,
    text: 'text',
    data: {},
    notBefore: 1000,
    createdAt: 1000,
  });
  it('stores the keys that did not exist, the first of a key in a batch, each with its job', async () => {
    await db.uow.run((r) => r.outbox.enqueue(notice('n-old')));
    const stored = await db.uow.run((r) =>
      r.outbox.enqueueMany([notice('n-old'), notice('n-1', 'first'), notice('n-2'), notice('n-1', 'second')]),
    );
    expect([...stored].sort()).toEqual(['n-1', 'n-2']);
    expect((await db.uow.read((r) => r.outbox.getByKey('n-1')))?.subject).toBe('first');
    expect((await db.uow.read((r) => r.outbox.pending())).length).toBe(3);
    const cancelled = await db.uow.run((r) => r.outbox.cancelMany(['n-1', 'n-missing', 'n-2']));
    expect([...cancelled].sort()).toEqual(['n-1', 'n-2']);
    expect(await db.uow.run((r) => r.outbox.cancelMany(['n-1']))).toEqual(new Set());
  });
});
