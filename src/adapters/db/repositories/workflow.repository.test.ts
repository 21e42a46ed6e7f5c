/**
 * The workflow repositories (swaps, refusals, waivers) and what the fleet reader loads of them,
 * on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../test/support/database.ts';
import { VigilError } from '../../../core/errors.ts';
import type { Swap, SwapTransition } from '../../../core/lifecycle/swap.ts';
import type { WaiverRecord, WaiverTransition } from '../../../core/lifecycle/waiver.ts';
import type { Repositories } from '../../../services/kernel/ports.ts';
import type { RefusalRecord } from '../../../services/refusals/ports.ts';
import type { Database } from '../client.ts';
import { device, person } from '../repositories.contract.ts';

const T = Date.UTC(2026, 0, 10, 9, 0, 0, 123);
const DAY = 86_400_000;

let db: Database;
const run = <X>(fn: (r: Repositories) => Promise<X>) => db.uow.run(fn);

beforeAll(async () => {
  db = await openTestDatabase();
  await run(async (r) => {
    await r.people.insert(person('pm'));
    for (const id of ['d1', 'd2', 'd3']) await r.devices.insert(device(id));
  });
});
afterAll(() => db?.close());

const swap = (id: string, over: Partial<Swap> = {}): Swap => ({
  id,
  oldDeviceId: 'd1',
  personId: 'pm',
  state: 'planned',
  dueAt: null,
  stageBy: null,
  newDeviceId: null,
  custody: { old: { holderId: 'pm', location: null }, new: null },
  rotationId: null,
  inspectionId: null,
  refusalId: null,
  reason: null,
  plannedAt: T,
  plannedBy: 'cli',
  updatedAt: T,
  ...over,
});

const waiver = (id: string, over: Partial<WaiverRecord> = {}): WaiverRecord => ({
  id,
  rule: 'sensor.camera',
  scope: { deviceId: 'd1' },
  reason: 'video calls',
  risk: 'camera could be abused',
  requestedBy: 'token:a',
  requestedAt: T,
  approvedBy: null,
  approvedAt: null,
  startsAt: T,
  expiresAt: T + 30 * DAY,
  endedAt: null,
  state: 'requested',
  endedBy: null,
  endReason: null,
  // Recorded when they took effect unless a test says otherwise.
  recordedAt: over.requestedAt ?? T,
  approvalRecordedAt: over.approvedAt ?? null,
  endRecordedAt: over.endedAt ?? null,
  ...over,
});

const refusal = (id: string, over: Partial<RefusalRecord> = {}): RefusalRecord => ({
  id,
  personId: 'pm',
  deviceId: 'd1',
  action: 'swap',
  rule: 'rotation.overdue',
  at: T,
  reason: 'inconvenient',
  recordedBy: 'cli',
  recordedAt: T,
  swapId: null,
  ...over,
});

const planOf = (s: Swap): SwapTransition => ({
  swapId: s.id,
  from: null,
  to: s.state,
  command: 'plan',
  at: s.plannedAt,
  actor: s.plannedBy,
  details: {},
});

const requestOf = (w: WaiverRecord): WaiverTransition => ({
  waiverId: w.id,
  from: null,
  to: w.state,
  command: 'request',
  at: w.requestedAt,
  actor: w.requestedBy,
  details: {},
});

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (err) {
    return err instanceof VigilError ? err.code : `not a VigilError: ${String(err)}`;
  }
}

describe('swaps', () => {
  it('round-trips every field, applies a transition, and keeps every transition in order', async () => {
    const planned = swap('s1');
    const staged = swap('s1', {
      state: 'staged',
      dueAt: T + 5 * DAY,
      stageBy: T - 2 * DAY,
      newDeviceId: 'd2',
      custody: { old: { holderId: 'pm', location: null }, new: { holderId: null, location: 'store' } },
      reason: 'r',
      rotationId: 'rot',
      inspectionId: 'ins',
      refusalId: 'ref',
      updatedAt: T + DAY,
    });
    const stage: SwapTransition = {
      swapId: 's1',
      from: 'planned',
      to: 'staged',
      command: 'stage',
      at: T + DAY,
      actor: 'cli',
      details: { newDeviceId: 'd2' },
    };
    await run(async (r) => {
      await r.swaps.insert(planned, planOf(planned));
      await r.swaps.apply(staged, stage);
    });
    expect(await run((r) => r.swaps.get('s1', true))).toEqual(staged);
    expect(await run((r) => r.swaps.get('nope'))).toBeNull();
    expect((await run((r) => r.swaps.transitions('s1'))).map((t) => [t.from, t.to, t.details])).toEqual([
      [null, 'planned', {}],
      ['planned', 'staged', { newDeviceId: 'd2' }],
    ]);
    expect(await codeOf(run((r) => r.swaps.insert(planned, planOf(planned))))).toBe('SWAP_EXISTS');
  });

  it('refuses a transition from a state the swap has left, and logs nothing for it', async () => {
    const again = swap('s1', { state: 'staged', newDeviceId: 'd3', updatedAt: T + 2 * DAY });
    const stale: SwapTransition = {
      swapId: 's1',
      from: 'planned',
      to: 'staged',
      command: 'stage',
      at: T + 2 * DAY,
      actor: 'cli',
      details: { newDeviceId: 'd3' },
    };
    expect(await codeOf(run((r) => r.swaps.apply(again, stale)))).toBe('SWAP_TRANSITION_INVALID');
    expect((await run((r) => r.swaps.get('s1')))?.newDeviceId).toBe('d2');
    expect(await run((r) => r.swaps.transitions('s1'))).toHaveLength(2);
  });

  it('lists by state, by device (old or new) and open ones only', async () => {
    await run(async (r) => {
      const s2 = swap('s2', { oldDeviceId: 'd3', state: 'wiped', plannedAt: T - DAY });
      await r.swaps.insert(s2, planOf(s2));
    });
    const ids = async (f: Parameters<Repositories['swaps']['list']>[0]) =>
      (await run((r) => r.swaps.list(f))).map((s) => s.id);
    expect(await ids({})).toEqual(['s2', 's1']);
    expect(await ids({ open: true })).toEqual(['s1']);
    expect(await ids({ state: 'wiped' })).toEqual(['s2']);
    expect(await ids({ deviceId: 'd2' })).toEqual(['s1']);
    expect(await ids({ deviceId: 'd3', open: true })).toEqual([]);
  });
});

describe('refusals', () => {
  it('round-trips, lists newest first, filters, and refuses a duplicate id', async () => {
    const a = refusal('r1');
    const b = refusal('r2', {
      deviceId: null,
      action: 'ack',
      rule: 'policy.unacknowledged',
      at: T + DAY,
      swapId: 's1',
    });
    await run(async (r) => {
      await r.refusals.insert(a);
      await r.refusals.insert(b);
    });
    expect(await run((r) => r.refusals.list())).toEqual([b, a]);
    expect(await run((r) => r.refusals.list({ deviceId: 'd1' }))).toEqual([a]);
    expect(await run((r) => r.refusals.list({ personId: 'someone' }))).toEqual([]);
    expect(await codeOf(run((r) => r.refusals.insert(a)))).toBe('REFUSAL_INVALID');
  });
});

describe('waivers', () => {
  it('round-trips both scopes, updates, filters, and keeps transitions', async () => {
    const w1 = waiver('w1');
    const w2 = waiver('w2', { scope: { personId: 'pm' }, rule: 'rotation.overdue', requestedAt: T + 1 });
    await run(async (r) => {
      await r.waivers.insert(w1, requestOf(w1));
      await r.waivers.insert(w2, requestOf(w2));
    });
    const approved = {
      ...w1,
      state: 'approved' as const,
      approvedBy: 'token:o',
      approvedAt: T + DAY,
      approvalRecordedAt: T + DAY,
    };
    const approve: WaiverTransition = {
      waiverId: 'w1',
      from: 'requested',
      to: 'approved',
      command: 'approve',
      at: T + DAY,
      actor: 'token:o',
      details: { approvedBy: 'token:o' },
    };
    await run((r) => r.waivers.apply(approved, approve));
    expect(await codeOf(run((r) => r.waivers.apply(approved, approve)))).toBe('WAIVER_TRANSITION_INVALID');
    expect(await run((r) => r.waivers.get('w1', true))).toEqual(approved);
    expect(await run((r) => r.waivers.list())).toEqual([approved, w2]);
    expect(await run((r) => r.waivers.list({ personId: 'pm' }))).toEqual([w2]);
    expect(
      await run((r) => r.waivers.list({ state: 'approved', rule: 'sensor.camera', deviceId: 'd1' })),
    ).toEqual([approved]);
    expect((await run((r) => r.waivers.transitions('w1'))).map((t) => [t.from, t.to, t.command])).toEqual([
      [null, 'requested', 'request'],
      ['requested', 'approved', 'approve'],
    ]);
    expect(await codeOf(run((r) => r.waivers.insert(w1, requestOf(w1))))).toBe('WAIVER_INVALID');
    const w3 = waiver('w3', { expiresAt: T - 1 });
    expect(await codeOf(run((r) => r.waivers.insert(w3, requestOf(w3))))).toBe('WAIVER_INVALID');
  });

  it('the fleet reader loads refusals and waivers as they stood at the instant, whenever recorded', async () => {
    await run(async (r) => {
      await r.refusals.insert(refusal('r-late', { at: T, recordedAt: T + 3 * DAY }));
      const revoked = waiver('w-revoked', {
        state: 'revoked',
        approvedBy: 'o',
        approvedAt: T + DAY,
        endedAt: T + 2 * DAY,
        endedBy: 'o',
        endReason: 'x',
      });
      await r.waivers.insert(revoked, requestOf(revoked));
    });
    const at = (t: number) => run((r) => r.fleet.load(t));
    const before = await at(T + DAY - 1);
    // Effective at T though recorded later: loaded, with its recorded instant for the evaluator.
    expect(before.refusals?.map((x) => [x.id, x.recordedAt])).toEqual([
      ['r-late', T + 3 * DAY],
      ['r1', T],
    ]);
    const early = before.waivers?.find((w) => w.id === 'w-revoked');
    expect(early).toMatchObject({ approvedAt: null, endedAt: null });
    expect(early).not.toHaveProperty('state');
    const mid = (await at(T + DAY)).waivers?.find((w) => w.id === 'w-revoked');
    expect(mid).toMatchObject({ approvedAt: T + DAY, endedAt: null });
    const late = await at(T + 3 * DAY);
    expect(late.waivers?.find((w) => w.id === 'w-revoked')).toMatchObject({ endedAt: T + 2 * DAY });
    expect(late.refusals?.map((x) => x.id).sort()).toEqual(['r-late', 'r1', 'r2']);
    expect((await at(T - 1)).waivers).toEqual([]);
  });
});
