import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { attestableSettings, type SelfTaskInput, selfTasks, verdictWords } from './self-service.ts';

const NOW = Date.UTC(2026, 10, 20, 12);
const unverified = (deviceId: string, rule: string) =>
  ({ deviceId, rule, outcome: 'unverified', status: 'open' }) as const;

const base: SelfTaskInput = {
  now: NOW,
  devices: [
    { id: 'ip', label: 'iPhone 16 (calls)', platform: 'ios' },
    { id: 'px', label: 'Pixel 9 (news)', platform: 'android' },
  ],
  schedule: [],
  swaps: [],
  acknowledgements: [],
  findings: [],
  attestations: [],
};

describe('attestableSettings', () => {
  it('offers an iPhone setting only while its rule finds it unverified', () => {
    const findings = [unverified('ip', 'lockdown.off'), unverified('ip', 'sensor.microphone')];
    expect(attestableSettings('ios', 'ip', findings)).toEqual(['microphone', 'lockdown-mode']);
    const failed = { ...unverified('ip', 'lockdown.off'), outcome: 'fail' } as const;
    expect(attestableSettings('ios', 'ip', [failed])).toEqual([]);
    expect(attestableSettings('android', 'ip', findings)).toEqual([]);
    expect(attestableSettings('ios', 'other', findings)).toEqual([]);
  });
});

describe('selfTasks', () => {
  it('puts what one tap does first, then the overdue, then by due date', () => {
    const tasks = selfTasks({
      ...base,
      schedule: [
        { kind: 'check', deviceId: 'px', dueAt: NOW + 3 * DAY, overdue: false },
        { kind: 'swap', deviceId: 'ip', dueAt: NOW - DAY, overdue: true },
      ],
      acknowledgements: [{ facility: 'main building', title: 'Main building', policyVersion: '2026.1' }],
    });
    expect(tasks.map((t) => t.id)).toEqual(['ack-main-building', 'swap-ip', 'check-px']);
    expect(tasks[2]?.text).toBe('Bring your Pixel 9 (news) to the security office for its check.');
  });

  it('turns a staged swap into one confirmation naming where the replacement waits', () => {
    const tasks = selfTasks({
      ...base,
      schedule: [{ kind: 'swap', deviceId: 'ip', dueAt: NOW + DAY, overdue: false }],
      swaps: [{ id: 's1', oldDeviceId: 'ip', state: 'staged', dueAt: NOW + DAY, location: 'Room B12' }],
    });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'confirm-swap', swapId: 's1', location: 'Room B12' });
    expect(tasks[0]?.text).toContain('staged at Room B12');
    const handed = selfTasks({
      ...base,
      swaps: [{ id: 's1', oldDeviceId: 'ip', state: 'handed-over', dueAt: null, location: null }],
    });
    expect(handed.map((t) => t.kind)).toEqual(['return-old']);
  });

  it('asks for an attestation once: not again after the person gave it', () => {
    const findings = [unverified('ip', 'lockdown.off'), unverified('ip', 'sensor.microphone')];
    expect(selfTasks({ ...base, findings }).map((t) => t.id)).toEqual([
      'attest-ip-lockdown-mode',
      'attest-ip-microphone',
    ]);
    const given = selfTasks({ ...base, findings, attestations: [{ deviceId: 'ip', setting: 'microphone' }] });
    expect(given.map((t) => t.setting)).toEqual(['lockdown-mode']);
  });
});

describe('verdictWords', () => {
  it('says where a device stands without jargon', () => {
    expect(verdictWords('compliant', 0, null)).toBe('Meets the protocol.');
    expect(verdictWords('non-compliant', 1, null)).toBe('Does not meet the protocol: 1 thing to fix.');
    expect(verdictWords('non-compliant', 3, null)).toBe('Does not meet the protocol: 3 things to fix.');
    expect(verdictWords('not-evaluated', 0, 'personal device')).toBe('Not checked: personal device.');
  });
});
