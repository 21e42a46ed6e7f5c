import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { applySwap, type DeviceFacts, planSwap, type Swap, type SwapCommand, type SwapStep } from './swap.ts';

const T = Date.UTC(2026, 10, 18);
const old: DeviceFacts = {
  id: 'd-old',
  ownership: 'issued',
  status: 'active',
  custody: { holderId: 'pm', location: null },
};
const spare: DeviceFacts = {
  id: 'd-new',
  ownership: 'issued',
  status: 'staged',
  custody: { holderId: null, location: 'store B12' },
};

function unwrap(r: ReturnType<typeof applySwap>): SwapStep {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const planned = (): Swap =>
  unwrap(planSwap({ id: 'sw1', oldDevice: old, dueAt: T + 7 * DAY, stageBy: T, actor: 'token:t' }, T)).swap;

const base = { actor: 'token:tech', statuses: { 'd-old': 'active', 'd-new': 'staged' } } as const;

describe('swap state machine', () => {
  it('runs the whole swap and says what each step caused', () => {
    let s = planned();
    expect(s).toMatchObject({
      state: 'planned',
      personId: 'pm',
      custody: { old: { holderId: 'pm' }, new: null },
    });
    const stage = unwrap(applySwap(s, { ...base, type: 'stage', replacement: spare }, T + DAY));
    expect(stage.swap).toMatchObject({
      state: 'staged',
      newDeviceId: 'd-new',
      custody: { new: { location: 'store B12' } },
    });
    expect(stage.effects).toEqual([]);
    s = stage.swap;
    const hand = unwrap(applySwap(s, { ...base, type: 'handover', rotationId: 'rot1' }, T + 2 * DAY));
    expect(hand.effects.map((e) => e.kind)).toEqual(['rotation', 'status', 'custody', 'status']);
    expect(hand.effects).toContainEqual({
      kind: 'custody',
      record: {
        deviceId: 'd-new',
        holderId: 'pm',
        location: null,
        at: T + 2 * DAY,
        recordedBy: 'token:tech',
        recordedAt: T + 2 * DAY,
      },
    });
    s = hand.swap;
    const after = { actor: 'token:tech', statuses: { 'd-old': 'retired', 'd-new': 'active' } } as const;
    s = unwrap(
      applySwap(s, { ...after, type: 'collect', custody: { holderId: 'kit', location: null } }, T + 2 * DAY),
    ).swap;
    const ex = unwrap(
      applySwap(
        s,
        {
          ...after,
          type: 'examine',
          inspection: {
            id: 'ins1',
            method: 'forensic-scan',
            result: 'clean',
            notes: null,
            evidence: [{ name: 'r.json', sha256: 'ab' }],
          },
        },
        T + 3 * DAY,
      ),
    );
    expect(ex.effects[0]).toMatchObject({
      kind: 'inspection',
      inspection: { deviceId: 'd-old', evidence: [{ name: 'r.json' }] },
    });
    const wipe = unwrap(applySwap(ex.swap, { ...after, type: 'wipe' }, T + 4 * DAY));
    expect(wipe.swap.state).toBe('wiped');
    expect(wipe.effects).toMatchObject([{ kind: 'status', change: { deviceId: 'd-old', status: 'wiped' } }]);
    expect(wipe.transition).toMatchObject({ from: 'examined', to: 'wiped', command: 'wipe' });
  });

  it('records a refusal when the swap is declined, and leaves the device in service', () => {
    const r = unwrap(
      applySwap(
        planned(),
        { ...base, type: 'decline', refusalId: 'ref1', declinedBy: 'pm', reason: 'inconvenient' },
        T,
      ),
    );
    expect(r.swap).toMatchObject({ state: 'declined', refusalId: 'ref1', reason: 'inconvenient' });
    expect(r.effects).toEqual([
      {
        kind: 'refusal',
        refusal: {
          id: 'ref1',
          personId: 'pm',
          deviceId: 'd-old',
          action: 'swap',
          rule: 'rotation.overdue',
          at: T,
          reason: 'inconvenient',
          recordedBy: 'token:tech',
          recordedAt: T,
        },
      },
    ]);
  });

  it('refuses steps out of order, and anything after a terminal state', () => {
    const r = applySwap(
      planned(),
      { ...base, type: 'collect', custody: { holderId: 'kit', location: null } },
      T,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'SWAP_TRANSITION_INVALID' } });
    const cancelled = unwrap(applySwap(planned(), { ...base, type: 'cancel', reason: 'x' }, T)).swap;
    expect(applySwap(cancelled, { ...base, type: 'stage', replacement: spare }, T)).toMatchObject({
      ok: false,
    });
  });

  it('excludes quarantined devices from every step but cancel', () => {
    const q = { actor: 'a', statuses: { 'd-old': 'quarantined' } } as const;
    expect(applySwap(planned(), { ...q, type: 'stage', replacement: spare }, T)).toMatchObject({
      error: { code: 'DEVICE_QUARANTINED' },
    });
    expect(applySwap(planned(), { ...q, type: 'cancel', reason: 'incident' }, T)).toMatchObject({ ok: true });
    expect(
      planSwap(
        { id: 's', oldDevice: { ...old, status: 'quarantined' }, dueAt: null, stageBy: null, actor: 'a' },
        T,
      ),
    ).toMatchObject({
      error: { code: 'DEVICE_QUARANTINED' },
    });
    const cmd: SwapCommand = { ...base, type: 'stage', replacement: { ...spare, status: 'quarantined' } };
    expect(applySwap(planned(), cmd, T)).toMatchObject({ error: { code: 'DEVICE_QUARANTINED' } });
  });

  it('wants a staged, issued, other replacement with a custodian', () => {
    const p = planned();
    const stage = (replacement: DeviceFacts) => applySwap(p, { ...base, type: 'stage', replacement }, T);
    expect(stage({ ...spare, status: 'active' })).toMatchObject({ error: { code: 'SWAP_INVALID' } });
    expect(stage({ ...spare, ownership: 'personal' })).toMatchObject({ error: { code: 'SWAP_INVALID' } });
    expect(stage({ ...spare, id: 'd-old' })).toMatchObject({ error: { code: 'SWAP_INVALID' } });
    expect(stage({ ...spare, custody: null })).toMatchObject({ error: { code: 'CUSTODY_INVALID' } });
  });

  it('plans only issued devices in service with a holder', () => {
    const plan = (d: DeviceFacts) =>
      planSwap({ id: 's', oldDevice: d, dueAt: null, stageBy: null, actor: 'a' }, T);
    expect(plan({ ...old, custody: { holderId: null, location: 'safe' } })).toMatchObject({
      error: { code: 'SWAP_INVALID' },
    });
    expect(plan({ ...old, status: 'staged' })).toMatchObject({ error: { code: 'SWAP_INVALID' } });
    expect(plan({ ...old, ownership: 'personal' })).toMatchObject({ error: { code: 'SWAP_INVALID' } });
  });
});
