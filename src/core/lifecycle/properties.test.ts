/**
 * Properties of the swap and waiver machines over random command sequences (fast-check, fixed
 * seed): no transition reaches an undeclared state, terminal states stay terminal, custody of
 * every device involved always names a holder or a location, and a waiver never covers an
 * instant outside its window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_STATUSES } from '../model.ts';
import { DAY, HOUR } from '../time.ts';
import {
  applySwap,
  type Custody,
  hasCustodian,
  isTerminal,
  planSwap,
  SWAP_STATES,
  SWAP_TRANSITIONS,
  type Swap,
  type SwapCommand,
} from './swap.ts';
import {
  applyWaiver,
  requestWaiver,
  WAIVER_STATES,
  WAIVER_TERMINAL_STATES,
  WAIVER_TRANSITIONS,
  type WaiverCommand,
  type WaiverRecord,
  waiverCovers,
} from './waiver.ts';

const RUNS = { seed: 20_261_122, numRuns: 300 } as const;
const T = Date.UTC(2026, 10, 18);

const custodyArb: fc.Arbitrary<Custody> = fc.record({
  holderId: fc.constantFrom<string | null>(null, 'pm', 'kit'),
  location: fc.constantFrom<string | null>(null, 'store B12'),
});
const statusArb = fc.constantFrom(null, ...DEVICE_STATUSES);
const deviceId = fc.constantFrom('d-old', 'd-new', 'd-other');

const swapCommand: fc.Arbitrary<SwapCommand> = fc
  .record({
    type: fc.constantFrom(...(Object.keys(SWAP_TRANSITIONS) as (keyof typeof SWAP_TRANSITIONS)[])),
    statuses: fc.record({ 'd-old': statusArb, 'd-new': statusArb, 'd-other': statusArb }),
    replacement: fc.record({
      id: deviceId,
      ownership: fc.constantFrom('issued' as const, 'personal' as const),
      status: statusArb,
      custody: fc.option(custodyArb, { nil: null }),
    }),
    custody: custodyArb,
    withCustody: fc.boolean(),
    result: fc.constantFrom('clean' as const, 'suspicious' as const, 'compromised' as const),
  })
  .map((r): SwapCommand => {
    const base = { actor: 'token:t', statuses: r.statuses };
    switch (r.type) {
      case 'stage':
        return {
          ...base,
          type: 'stage',
          replacement: r.replacement,
          ...(r.withCustody ? { custody: r.custody } : {}),
        };
      case 'handover':
        return { ...base, type: 'handover', rotationId: 'rot' };
      case 'collect':
        return { ...base, type: 'collect', custody: r.custody };
      case 'examine':
        return {
          ...base,
          type: 'examine',
          inspection: { id: 'ins', method: 'forensic-scan', result: r.result, notes: null, evidence: [] },
        };
      case 'wipe':
        return { ...base, type: 'wipe' };
      case 'retain':
        return { ...base, type: 'retain', ...(r.withCustody ? { custody: r.custody } : {}) };
      case 'decline':
        return { ...base, type: 'decline', refusalId: 'ref', declinedBy: 'pm', reason: 'inconvenient' };
      default:
        return { ...base, type: 'cancel', reason: 'no longer needed' };
    }
  });

describe('swap machine properties', () => {
  it('reaches only declared states, keeps terminal states terminal, and always knows where each device is', () => {
    fc.assert(
      fc.property(fc.array(swapCommand, { maxLength: 25 }), (commands) => {
        const planned = planSwap(
          {
            id: 'sw',
            oldDevice: {
              id: 'd-old',
              ownership: 'issued',
              status: 'active',
              custody: { holderId: 'pm', location: null },
            },
            dueAt: null,
            stageBy: null,
            actor: 'a',
          },
          T,
        );
        if (!planned.ok) throw new Error('plan failed');
        let swap: Swap = planned.value.swap;
        // Where every device involved is, as the effects record it.
        const where = new Map<string, Custody>([['d-old', swap.custody.old]]);
        let now = T;
        for (const cmd of commands) {
          now += HOUR;
          const before = swap.state;
          const r = applySwap(swap, cmd, now);
          if (isTerminal(before)) {
            expect(r.ok).toBe(false);
            continue;
          }
          if (!r.ok) continue;
          const { swap: next, transition, effects } = r.value;
          expect(SWAP_STATES).toContain(next.state);
          expect(next.state).toBe(SWAP_TRANSITIONS[cmd.type].to);
          expect(SWAP_TRANSITIONS[cmd.type].from as readonly string[]).toContain(before);
          expect(transition).toMatchObject({ from: before, to: next.state });
          if (cmd.type === 'stage')
            where.set(cmd.replacement.id, cmd.custody ?? (cmd.replacement.custody as Custody));
          for (const e of effects) {
            if (e.kind === 'custody') {
              expect(hasCustodian(e.record)).toBe(true);
              where.set(e.record.deviceId, e.record);
            }
          }
          expect(hasCustodian(next.custody.old)).toBe(true);
          if (next.newDeviceId !== null) {
            expect(next.custody.new).not.toBeNull();
            expect(hasCustodian(next.custody.new as Custody)).toBe(true);
          }
          for (const c of where.values()) expect(hasCustodian(c)).toBe(true);
          swap = next;
        }
      }),
      RUNS,
    );
  });
});

const policy = { maxDuration: 90 * DAY, approverRole: 'officer' };
const waiverCommand: fc.Arbitrary<WaiverCommand> = fc
  .record({
    type: fc.constantFrom('approve' as const, 'reject' as const, 'revoke' as const),
    actor: fc.constantFrom('token:req', 'token:o1', 'token:o2'),
    role: fc.constantFrom('officer', 'admin', 'technician'),
  })
  .map(({ type, actor, role }) =>
    type === 'approve' ? { type, actor, role, policy } : { type, actor, reason: 'because' },
  );

describe('waiver machine properties', () => {
  it('reaches only declared states, keeps terminal states terminal, and covers only its window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.tuple(waiverCommand, fc.integer({ min: 0, max: 5 * 24 })), { maxLength: 8 }),
        fc.array(fc.integer({ min: -40 * 24, max: 200 * 24 }), { minLength: 1, maxLength: 20 }),
        (startDays, lengthDays, commands, probes) => {
          const startsAt = T + startDays * DAY;
          const requested = requestWaiver(
            {
              id: 'wv',
              rule: 'sensor.camera',
              scope: { personId: 'pm' },
              reason: 'r',
              risk: 'k',
              startsAt,
              expiresAt: startsAt + lengthDays * DAY,
              actor: 'token:req',
            },
            { ruleIds: new Set(['sensor.camera']), scopeExists: true, policy },
            T,
          );
          if (lengthDays * DAY > policy.maxDuration) {
            expect(requested).toMatchObject({ ok: false, error: { code: 'WAIVER_TOO_LONG' } });
            return;
          }
          if (!requested.ok) throw new Error(requested.error.message);
          let w: WaiverRecord = requested.value.waiver;
          let now = T;
          for (const [cmd, hours] of commands) {
            now += hours * HOUR;
            const before = w.state;
            const r = applyWaiver(w, cmd, now);
            if (WAIVER_TERMINAL_STATES.includes(before)) expect(r.ok).toBe(false);
            if (cmd.type === 'approve' && cmd.actor === w.requestedBy) expect(r.ok).toBe(false);
            if (!r.ok) continue;
            expect(WAIVER_STATES).toContain(r.value.waiver.state);
            expect(r.value.waiver.state).toBe(WAIVER_TRANSITIONS[cmd.type].to);
            w = r.value.waiver;
          }
          for (const h of probes) {
            const t = T + h * HOUR;
            if (!waiverCovers(w, t)) continue;
            expect(t).toBeGreaterThanOrEqual(w.startsAt);
            expect(t).toBeLessThan(w.expiresAt);
            expect(w.approvedAt).not.toBeNull();
            expect(t).toBeGreaterThanOrEqual(w.approvedAt as number);
            if (w.endedAt !== null) expect(t).toBeLessThan(w.endedAt);
          }
        },
      ),
      RUNS,
    );
  });
});
