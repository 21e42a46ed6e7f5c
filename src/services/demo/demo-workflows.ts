/**
 * The demo office's workflow history, recorded as it happened, relative to `now`:
 * - the premier declined two swaps of the social phone as "inconvenient" (the second after the
 *   replacement had been staged), and no waiver covers either: `refusal.unwaived` reports both;
 * - the premier's waiver to keep the calls phone's camera on (video calls) expired three weeks
 *   ago: the camera finding is open again and `waiver.expired` reports it;
 * - a waiver for the social phone's news app, requested yesterday and awaiting an officer's
 *   decision (the dashboard's work queue offers it to approve or reject).
 * Each step runs through the same state machines and storage as the API, with the instant it
 * happened as its "now", so evaluating a past day shows what was known that day.
 */

import { RULES } from '../../core/compliance/registry.ts';
import { VigilError } from '../../core/errors.ts';
import type { Outcome } from '../../core/lifecycle/outcome.ts';
import { applySwap, planSwap, type SwapStep } from '../../core/lifecycle/swap.ts';
import { applyWaiver, requestWaiver, type WaiverStep } from '../../core/lifecycle/waiver.ts';
import { DAY, type Instant } from '../../core/time.ts';
import type { Tx } from '../kernel/command-service.ts';
import { storeSwapStepInTx } from '../swaps/swap.service.ts';
import { storeWaiverStepInTx, waiverPolicyInTx } from '../waivers/waiver.service.ts';

const OFFICER = 'user:alex-reyes (security officer)';
const TECHNICIAN = 'user:kit-moreno (technician)';

function must<T>(o: Outcome<T>): T {
  if (!o.ok)
    throw new VigilError('INTERNAL', `demo workflow step refused: ${o.error.code} ${o.error.message}`);
  return o.value;
}

export async function loadDemoWorkflowsInTx(
  tx: Tx<
    | 'assignments'
    | 'audit'
    | 'devices'
    | 'inspections'
    | 'people'
    | 'protocols'
    | 'refusals'
    | 'rotations'
    | 'swaps'
    | 'waivers'
  >,
  now: Instant,
): Promise<void> {
  const base = Math.floor(now / 3_600_000) * 3_600_000;
  const ago = (days: number) => base - days * DAY;
  const at = (t: Instant, actor: string) => ({ actor, now: t });
  const swapStep = (step: Outcome<SwapStep>, t: Instant, actor = TECHNICIAN) =>
    storeSwapStepInTx(tx, must(step), at(t, actor));
  const social = {
    id: 'premier-social',
    ownership: 'issued' as const,
    status: 'active' as const,
    custody: { holderId: 'premier', location: null },
  };
  const statuses = { 'premier-social': 'active', 'premier-social-next': 'staged' } as const;

  // First declined swap: planned, then declined at the appointment.
  let swap = await swapStep(
    planSwap(
      { id: 'swap-social-1', oldDevice: social, dueAt: ago(118), stageBy: ago(125), actor: TECHNICIAN },
      ago(126),
    ),
    ago(126),
  );
  await swapStep(
    applySwap(
      swap,
      {
        type: 'decline',
        actor: TECHNICIAN,
        statuses,
        refusalId: 'refusal-social-1',
        declinedBy: 'premier',
        reason: 'inconvenient',
      },
      ago(120),
    ),
    ago(120),
  );

  // Second: the replacement was staged, and the premier declined again.
  swap = await swapStep(
    planSwap(
      { id: 'swap-social-2', oldDevice: social, dueAt: ago(44), stageBy: ago(51), actor: TECHNICIAN },
      ago(52),
    ),
    ago(52),
  );
  swap = await swapStep(
    applySwap(
      swap,
      {
        type: 'stage',
        actor: TECHNICIAN,
        statuses,
        replacement: {
          id: 'premier-social-next',
          ownership: 'issued',
          status: 'staged',
          custody: { holderId: null, location: 'Secure store, room B12' },
        },
      },
      ago(51),
    ),
    ago(51),
  );
  await swapStep(
    applySwap(
      swap,
      {
        type: 'decline',
        actor: TECHNICIAN,
        statuses,
        refusalId: 'refusal-social-2',
        declinedBy: 'premier',
        reason: 'inconvenient',
      },
      ago(45),
    ),
    ago(45),
  );

  // A waiver for the calls phone's camera, approved, and lapsed three weeks ago.
  const scope = { personId: 'premier' };
  const requested = ago(101);
  const { policy } = await waiverPolicyInTx(tx, scope, requested);
  const request: WaiverStep = must(
    requestWaiver(
      {
        id: 'waiver-premier-camera',
        rule: 'sensor.camera',
        scope,
        reason: 'Video calls with family while travelling',
        risk: 'A compromised calls phone could film its surroundings',
        startsAt: ago(100),
        expiresAt: ago(21),
        actor: TECHNICIAN,
      },
      { ruleIds: new Set(RULES.map((r) => r.id)), scopeExists: true, policy },
      requested,
    ),
  );
  const w = await storeWaiverStepInTx(tx, request, at(requested, TECHNICIAN));
  await storeWaiverStepInTx(
    tx,
    must(applyWaiver(w, { type: 'approve', actor: OFFICER, role: 'officer', policy }, ago(100))),
    at(ago(100), OFFICER),
  );

  // Requested by the technician and not yet decided: an officer approves or rejects it.
  const appsScope = { deviceId: 'premier-social' };
  const appsRequested = ago(1);
  const apps = await waiverPolicyInTx(tx, appsScope, appsRequested);
  await storeWaiverStepInTx(
    tx,
    must(
      requestWaiver(
        {
          id: 'waiver-social-news-app',
          rule: 'apps.unapproved',
          scope: appsScope,
          reason: 'The premier reads the morning briefing in Apple News until the social phone is swapped',
          risk: 'An app outside the allow-list widens what an attacker can reach on the phone',
          startsAt: appsRequested,
          expiresAt: appsRequested + 30 * DAY,
          actor: TECHNICIAN,
        },
        { ruleIds: new Set(RULES.map((r) => r.id)), scopeExists: true, policy: apps.policy },
        appsRequested,
      ),
    ),
    at(appsRequested, TECHNICIAN),
  );
}
