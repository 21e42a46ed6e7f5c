/** "As known at K" (known.ts): the per-kind rules, and the evaluator answering both questions. */
import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { evaluateFleet } from './evaluate.ts';
import { inForceAt } from './in-force.ts';
import { knownHistory, knownIncident, knownInput, knownWaiver } from './known.ts';
import {
  compliantPosture,
  evaluationInput,
  history,
  inspection,
  ofRule,
  person,
  status,
  T0,
  waiver,
} from './test-helpers.ts';
import { NO_LIFECYCLE_FACTS } from './types.ts';

describe('knownHistory', () => {
  const h = history('d1', {
    posture: [
      compliantPosture({ id: 'r1', deviceId: 'd1', observedAt: T0 - 3 * DAY, receivedAt: T0 - 3 * DAY }),
      // Observed long ago, received only yesterday.
      compliantPosture({ id: 'r2', deviceId: 'd1', observedAt: T0 - 2 * DAY, receivedAt: T0 - DAY }),
    ],
  });

  it('returns the history itself when every fact was recorded by K', () => {
    expect(knownHistory(h, T0)).toBe(h);
  });

  it('drops the facts recorded after K (a report by its receipt)', () => {
    const k = knownHistory(h, T0 - 2 * DAY);
    expect(k.posture.map((r) => r.id)).toEqual(['r1']);
    expect(k.custody).toBe(h.custody);
  });
});

describe('waivers and incidents: each transition counts once recorded', () => {
  const w = waiver({ approvalRecordedAt: T0 - 5 * DAY, endedAt: T0 - 4 * DAY, endRecordedAt: T0 - DAY });

  it('knows nothing of a waiver before its request was recorded', () => {
    expect(knownWaiver(w, T0 - 30 * DAY)).toBeNull();
  });

  it('knows the request but not an approval recorded later', () => {
    expect(knownWaiver(w, T0 - 10 * DAY)).toMatchObject({
      approvedAt: null,
      approvedBy: null,
      endedAt: null,
    });
  });

  it('knows the approval but not an end recorded later, though effective earlier', () => {
    expect(knownWaiver(w, T0 - 2 * DAY)).toMatchObject({ approvedAt: T0 - 19 * DAY, endedAt: null });
    expect(knownWaiver(w, T0)).toBe(w);
  });

  it('knows an incident open until its close is recorded', () => {
    const i = {
      id: 'inc1',
      deviceIds: ['d1'],
      personIds: [],
      openedAt: T0 - 5 * DAY,
      closedAt: T0 - 4 * DAY,
      inspectionId: null,
      recordedAt: T0 - 5 * DAY,
      closeRecordedAt: T0 - DAY,
    };
    expect(knownIncident(i, T0 - 6 * DAY)).toBeNull();
    expect(knownIncident(i, T0 - 2 * DAY)).toMatchObject({ closedAt: null, closeRecordedAt: null });
    expect(knownIncident(i, T0)).toBe(i);
  });
});

describe('evaluating as known at K', () => {
  it('is the input itself without knownAt', () => {
    const input = evaluationInput([history('d1')]);
    expect(knownInput(input)).toBe(input);
  });

  it('leaves out people and devices recorded after K', () => {
    const input = evaluationInput([history('d1', { device: { createdAt: T0 - DAY } }), history('d2')], {
      people: [person({ id: 'p1' }), person({ id: 'p2', createdAt: T0 })],
    });
    const known = knownInput({ ...input, knownAt: T0 - 2 * DAY });
    expect(known.devices.map((h) => h.device.id)).toEqual(['d2']);
    // People as known at K are inForceAt's to select (in-force.test.ts).
    const people = [person({ id: 'p1' }), person({ id: 'p2', createdAt: T0 })];
    const inForce = inForceAt({
      at: T0,
      knownAt: T0 - 2 * DAY,
      people,
      assignments: [],
      protocols: new Map(),
    });
    expect([...inForce.people.keys()]).toEqual(['p1']);
  });

  it('answers "as true then" and "as known then" differently for a check recorded late', () => {
    // The check happened 20 days before T0 but was recorded only at T0: as known a day before
    // T0, the device had no check for 40 days (its previous one) and was overdue.
    const h = history('d1', {
      device: { issuedAt: T0 - 60 * DAY },
      statuses: [status('d1', 'active', T0 - 60 * DAY)],
      inspections: [
        inspection({ id: 'i1', deviceId: 'd1', at: T0 - 50 * DAY }),
        inspection({ id: 'i2', deviceId: 'd1', at: T0 - 20 * DAY, recordedAt: T0 }),
      ],
    });
    const input = { ...evaluationInput([h], { at: T0 - DAY }), lifecycle: NO_LIFECYCLE_FACTS };
    const trueThen = evaluateFleet(input);
    const knownThen = evaluateFleet({ ...input, knownAt: T0 - DAY });
    expect(ofRule('inspection.overdue', trueThen.findings)).toEqual([]);
    expect(ofRule('inspection.overdue', knownThen.findings)).toHaveLength(1);
    expect(knownThen.knownAt).toBe(T0 - DAY);
    expect(trueThen.knownAt).toBeUndefined();
  });
});
