import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors.ts';
import type { DeviceStatus } from '../model.ts';
import { compileProtocol } from '../protocol/compile.ts';
import { protocolSchema } from '../protocol/protocol.schema.ts';
import { DAY } from '../time.ts';
import {
  applyIncidentCommand,
  DEFAULT_PLAYBOOK,
  INCIDENT_RESOLUTIONS,
  INCIDENT_STATES,
  type Incident,
  type IncidentCommand,
  involvedActors,
  openIncident,
  playbookOf,
  STEP_STATUSES,
  type Transition,
} from './incident.ts';

const T0 = Date.UTC(2026, 10, 1, 9);

function opened(devices: { deviceId: string; priorStatus: DeviceStatus | null }[] = []): Transition {
  return openIncident(
    {
      id: 'inc_1',
      compromise: 'confirmed',
      severity: 'critical',
      summary: 'Spyware indicators on the personal phone',
      devices: devices.length > 0 ? devices : [{ deviceId: 'dev_1', priorStatus: 'active' }],
      personIds: ['per_1', 'per_1'],
      inspectionId: null,
      playbook: DEFAULT_PLAYBOOK,
    },
    T0,
    'token:officer',
  );
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof VigilError) return e.code;
    throw e;
  }
  return null;
};

describe('incident state machine', () => {
  it('opening quarantines every device and starts the default playbook', () => {
    const t = opened([
      { deviceId: 'a', priorStatus: 'active' },
      { deviceId: 'b', priorStatus: 'staged' },
    ]);
    expect(t.state.status).toBe('open');
    expect(t.state.personIds).toEqual(['per_1']);
    expect(t.state.steps.map((s) => s.id)).toEqual([
      'quarantine',
      'replacement',
      'revoke-accounts',
      'forensic-copy',
      'notify-officer',
    ]);
    expect(t.state.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(t.effects).toEqual([
      { deviceId: 'a', status: 'quarantined', reason: 'Quarantined by incident inc_1' },
      { deviceId: 'b', status: 'quarantined', reason: 'Quarantined by incident inc_1' },
    ]);
    expect(t.state.timeline).toHaveLength(1);
  });

  it('refuses no device, a device twice, a device already quarantined or wiped', () => {
    const base = {
      id: 'i',
      compromise: 'suspected' as const,
      severity: 'high' as const,
      summary: 's',
      personIds: [],
      inspectionId: null,
      playbook: DEFAULT_PLAYBOOK,
    };
    expect(code(() => openIncident({ ...base, devices: [] }, T0, 'x'))).toBe('INCIDENT_INVALID');
    const d = { deviceId: 'a', priorStatus: 'active' as const };
    expect(code(() => openIncident({ ...base, devices: [d, d] }, T0, 'x'))).toBe('INCIDENT_INVALID');
    for (const priorStatus of ['quarantined', 'wiped'] as const) {
      expect(code(() => openIncident({ ...base, devices: [{ deviceId: 'a', priorStatus }] }, T0, 'x'))).toBe(
        'INCIDENT_INVALID',
      );
    }
  });

  it('moves open -> containing -> contained with the steps, and records each in the timeline', () => {
    let s = opened().state;
    const run = (c: IncidentCommand, at = T0 + DAY) => {
      const t = applyIncidentCommand(s, c, at, 'token:tech');
      s = t.state;
      return t;
    };
    run({ kind: 'step', stepId: 'quarantine', status: 'in-progress' });
    expect(s.status).toBe('containing');
    run({ kind: 'step', stepId: 'quarantine', status: 'done' });
    run({ kind: 'step', stepId: 'replacement', status: 'done' });
    run({ kind: 'step', stepId: 'revoke-accounts', status: 'done' });
    run({
      kind: 'step',
      stepId: 'forensic-copy',
      status: 'skipped',
      reason: 'Device already wiped by its holder',
    });
    expect(s.status).toBe('containing');
    const last = run({ kind: 'step', stepId: 'notify-officer', status: 'done' });
    expect(s.status).toBe('contained');
    expect(last.added.map((e) => e.kind)).toEqual(['step', 'state']);
    expect(s.steps.find((x) => x.id === 'forensic-copy')).toMatchObject({
      status: 'skipped',
      reason: 'Device already wiped by its holder',
      by: 'token:tech',
    });
    const closed = run({ kind: 'close', resolution: 'retained', note: 'Evidence' }, T0 + 2 * DAY);
    expect(s.status).toBe('closed');
    expect(closed.effects).toEqual([
      { deviceId: 'dev_1', status: 'retired', reason: 'Released by incident inc_1: retained' },
    ]);
    expect(s.timeline.map((e) => e.kind)).toEqual([
      'opened',
      'step',
      'state',
      'step',
      'step',
      'step',
      'step',
      'step',
      'state',
      'closed',
    ]);
  });

  it('refuses a skip without a reason, a step going back, an unknown step, closing early, and any command once closed', () => {
    const s = opened().state;
    expect(
      code(() => applyIncidentCommand(s, { kind: 'step', stepId: 'quarantine', status: 'skipped' }, T0, 'x')),
    ).toBe('INCIDENT_STEP_INVALID');
    const done = applyIncidentCommand(
      s,
      { kind: 'step', stepId: 'quarantine', status: 'done' },
      T0,
      'x',
    ).state;
    expect(
      code(() =>
        applyIncidentCommand(done, { kind: 'step', stepId: 'quarantine', status: 'in-progress' }, T0, 'x'),
      ),
    ).toBe('INCIDENT_STEP_INVALID');
    expect(
      code(() => applyIncidentCommand(s, { kind: 'step', stepId: 'nope', status: 'done' }, T0, 'x')),
    ).toBe('INCIDENT_STEP_NOT_FOUND');
    expect(code(() => applyIncidentCommand(s, { kind: 'close', resolution: 'cleared' }, T0, 'x'))).toBe(
      'INCIDENT_NOT_CONTAINED',
    );
    expect(
      code(() =>
        applyIncidentCommand(s, { kind: 'step', stepId: 'quarantine', status: 'done' }, T0 - 1, 'x'),
      ),
    ).toBe('TRANSITION_OUT_OF_ORDER');
    let c = s;
    for (const step of s.steps)
      c = applyIncidentCommand(c, { kind: 'step', stepId: step.id, status: 'done' }, T0, 'x').state;
    c = applyIncidentCommand(c, { kind: 'close', resolution: 'cleared' }, T0, 'x').state;
    expect(code(() => applyIncidentCommand(c, { kind: 'close', resolution: 'wiped' }, T0, 'x'))).toBe(
      'INCIDENT_CLOSED',
    );
  });

  it('is closed by a person who neither declared it nor recorded a step (a two-person rule)', () => {
    let s = opened().state;
    s = applyIncidentCommand(
      s,
      { kind: 'step', stepId: 'quarantine', status: 'in-progress' },
      T0,
      'cli:kit',
    ).state;
    for (const step of s.steps)
      s = applyIncidentCommand(s, { kind: 'step', stepId: step.id, status: 'done' }, T0, 'token:tech').state;
    // Every actor who took part, including one whose step another actor finished later.
    expect([...involvedActors(s)].sort()).toEqual(['cli:kit', 'token:officer', 'token:tech']);
    const close = (closerPersonId: string | null) =>
      code(() =>
        applyIncidentCommand(
          s,
          {
            kind: 'close',
            resolution: 'cleared',
            closerPersonId,
            involvedPersonIds: ['officer-lee', 'tech-kit'],
          },
          T0,
          'user:someone',
        ),
      );
    expect(close('officer-lee')).toBe('INCIDENT_SAME_PERSON');
    expect(close('tech-kit')).toBe('INCIDENT_SAME_PERSON');
    expect(close('officer-sam')).toBeNull();
    // No person behind the closer (imported history, the CLI operator): nothing to compare.
    expect(close(null)).toBeNull();
  });

  it('closing as cleared restores each device to its prior status; wiped wipes them', () => {
    let s = opened([
      { deviceId: 'a', priorStatus: 'active' },
      { deviceId: 'b', priorStatus: 'staged' },
      { deviceId: 'c', priorStatus: null },
    ]).state;
    for (const step of s.steps)
      s = applyIncidentCommand(s, { kind: 'step', stepId: step.id, status: 'done' }, T0, 'x').state;
    const cleared = applyIncidentCommand(s, { kind: 'close', resolution: 'cleared' }, T0, 'x');
    expect(cleared.effects.map((e) => [e.deviceId, e.status])).toEqual([
      ['a', 'active'],
      ['b', 'staged'],
      ['c', 'active'],
    ]);
    const wiped = applyIncidentCommand(s, { kind: 'close', resolution: 'wiped' }, T0, 'x');
    expect(wiped.effects.map((e) => e.status)).toEqual(['wiped', 'wiped', 'wiped']);
  });

  it('takes the playbook from the protocol, else the default', () => {
    const doc = protocolSchema.parse({
      apiVersion: 'vigil/v1',
      kind: 'Protocol',
      metadata: { name: 'p', title: 'P', version: '1' },
      incidents: { playbook: [{ id: 'isolate', title: 'Isolate', owner: 'technician' }] },
    });
    expect(playbookOf(compileProtocol(doc))).toEqual([
      { id: 'isolate', title: 'Isolate', owner: 'technician' },
    ]);
    expect(playbookOf(null)).toBe(DEFAULT_PLAYBOOK);
    const dup = protocolSchema.safeParse({
      ...doc,
      incidents: { playbook: [doc.incidents?.playbook[0], doc.incidents?.playbook[0]] },
    });
    expect(dup.success).toBe(false);
  });
});

// ---------------------------------------------------------------- properties

const STEP_IDS = DEFAULT_PLAYBOOK.map((s) => s.id);
const commandArb: fc.Arbitrary<IncidentCommand> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      stepId: fc.constantFrom(...STEP_IDS, 'unknown-step'),
      status: fc.constantFrom('in-progress' as const, 'done' as const, 'skipped' as const),
      reason: fc.option(fc.constantFrom('not applicable', ' ', ''), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('close' as const),
      resolution: fc.constantFrom(...INCIDENT_RESOLUTIONS),
      note: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    }),
  },
);
const priorArb = fc.constantFrom<DeviceStatus | null>('active', 'staged', 'retired', null);

describe('incident properties (random command sequences)', () => {
  it('reach only declared states; closed stays closed; steps never leave done or skipped; quarantine holds until close', () => {
    fc.assert(
      fc.property(
        fc.array(priorArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(commandArb, fc.integer({ min: -DAY, max: 3 * DAY })), { maxLength: 40 }),
        (priors, commands) => {
          const devices = priors.map((priorStatus, i) => ({ deviceId: `d${i}`, priorStatus }));
          const first = opened(devices);
          let s: Incident = first.state;
          // The device statuses the service would hold, from the effects alone.
          const status = new Map<string, DeviceStatus>();
          for (const e of first.effects) status.set(e.deviceId, e.status);
          let now = T0;
          for (const [command, dt] of commands) {
            now += dt;
            const before = s;
            let t: Transition | null = null;
            try {
              t = applyIncidentCommand(s, command, now, 'actor');
            } catch (e) {
              expect(e).toBeInstanceOf(VigilError);
            }
            if (t === null) {
              expect(s).toBe(before); // a refused command changes nothing
              continue;
            }
            s = t.state;
            expect(INCIDENT_STATES).toContain(s.status);
            for (const step of s.steps) expect(STEP_STATUSES).toContain(step.status);
            if (before.status === 'closed') throw new Error('a closed incident changed');
            // Steps only move forward; done and skipped are final.
            before.steps.forEach((b, i) => {
              const a = s.steps[i];
              if (b.status === 'done' || b.status === 'skipped') expect(a).toEqual(b);
              if (a?.status === 'skipped') expect(a.reason).toBeTruthy();
            });
            expect(s.timeline.length).toBeGreaterThan(before.timeline.length);
            expect(s.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
            for (const e of t.effects) status.set(e.deviceId, e.status);
            // Quarantine: held while the incident is not closed, released only by closing.
            for (const d of devices) {
              if (s.status === 'closed') expect(status.get(d.deviceId)).not.toBe('quarantined');
              else expect(status.get(d.deviceId)).toBe('quarantined');
            }
            if (t.effects.length > 0) expect(s.status).toBe('closed');
          }
          // Once closed, every further command is refused.
          if (s.status === 'closed') {
            for (const [command] of commands.slice(0, 3)) {
              expect(() => applyIncidentCommand(s, command, now + DAY, 'x')).toThrow(VigilError);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
