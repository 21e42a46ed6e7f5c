import { describe, expect, it } from 'vitest';
import { DAY } from '../time.ts';
import { runStart, snapshotAt } from './snapshot.ts';
import { custody, history, inspection, posture, reading, rotation, status, T0 } from './test-helpers.ts';
import type { DeviceHistory } from './types.ts';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations(items.filter((_, j) => j !== i))) out.push([item, ...rest]);
  });
  return out;
}

const h = history('d1', {
  device: { issuedAt: T0 - 100 * DAY },
  statuses: [
    status('d1', 'staged', T0 - 120 * DAY),
    status('d1', 'active', T0 - 100 * DAY),
    status('d1', 'quarantined', T0 - 50 * DAY),
    status('d1', 'active', T0 - 40 * DAY),
    status('d1', 'active', T0 - 20 * DAY, 're-confirmed'),
    status('d1', 'retired', T0 + DAY),
  ],
  custody: [
    custody('d1', 'p1', T0 - 100 * DAY),
    custody('d1', null, T0 - 30 * DAY, 'safe-1'),
    custody('d1', 'p2', T0 + DAY),
  ],
  inspections: [
    inspection({ id: 'i1', deviceId: 'd1', at: T0 - 60 * DAY }),
    inspection({ id: 'i2', deviceId: 'd1', at: T0 - 10 * DAY, method: 'mdm-review' }),
    inspection({ id: 'i3', deviceId: 'd1', at: T0 + 2 * DAY }),
  ],
  posture: [
    posture({
      id: 'r1',
      deviceId: 'd1',
      observedAt: T0 - 9 * DAY,
      osVersion: '18.5',
      sensors: { camera: reading('enabled') },
      apps: ['a'],
    }),
    posture({
      id: 'r2',
      deviceId: 'd1',
      observedAt: T0 - 5 * DAY,
      osVersion: '18.6',
      sensors: { camera: reading('enabled', 'attested') },
    }),
    posture({
      id: 'r3',
      deviceId: 'd1',
      observedAt: T0 - 3 * DAY,
      sensors: { microphone: reading('unknown', 'attested') },
      lockdownMode: false,
    }),
    posture({
      id: 'r4',
      deviceId: 'd1',
      observedAt: T0 + DAY,
      osVersion: '26.1',
      sensors: { camera: reading('disabled') },
    }),
  ],
});

describe('snapshotAt', () => {
  it('takes the latest fact of each kind at or before the instant', () => {
    const s = snapshotAt(h, T0);
    expect(s.status).toBe('active');
    expect(s.statusSince).toBe(T0 - 20 * DAY);
    // Reactivated after quarantine: the service period restarts; a repeated `active` does not.
    expect(s.inServiceSince).toBe(T0 - 40 * DAY);
    expect(s.custody).toMatchObject({ holderId: null, location: 'safe-1', at: T0 - 30 * DAY });
    expect(s.lastInspection?.id).toBe('i2');
    expect(s.latestPostureAt).toBe(T0 - 3 * DAY);
    expect(s.osVersion).toMatchObject({
      value: '18.6',
      observedAt: T0 - 5 * DAY,
      reportId: 'r2',
      source: 'test-mdm',
    });
    expect(s.sensors.camera).toMatchObject({ value: 'enabled', provenance: 'attested', reportId: 'r2' });
    expect(s.sensors.microphone).toMatchObject({ value: 'unknown', reportId: 'r3' });
    expect(s.sensors.location).toBeNull();
    expect(s.apps?.value).toEqual(['a']);
    expect(s.lockdownMode?.value).toBe(false);
    expect(s.supervised).toBeNull();
    expect(s.patchLevel).toBeNull();
    const p = s.posture;
    expect(p.any?.id).toBe('r3');
    expect(p.osVersion?.id).toBe('r2');
    expect(p.camera?.id).toBe('r2');
    expect(p.location).toBeNull();
  });

  it('is empty before anything happened', () => {
    const s = snapshotAt(h, T0 - 200 * DAY);
    expect(s).toMatchObject({
      status: null,
      custody: null,
      inServiceSince: null,
      lastInspection: null,
      latestPostureAt: null,
      osVersion: null,
    });
    expect(Object.values(snapshotAt(h, T0 - 200 * DAY).posture).every((r) => r === null)).toBe(true);
  });

  it('counts issue, swap-in and activation as the start of service', () => {
    const base = history('d2', {
      device: { issuedAt: T0 - 30 * DAY },
      statuses: [status('d2', 'active', T0 - 31 * DAY)],
    });
    expect(snapshotAt(base, T0).inServiceSince).toBe(T0 - 30 * DAY);
    const swapped: DeviceHistory = {
      ...base,
      rotations: [rotation({ id: 'rot', oldDeviceId: 'd0', newDeviceId: 'd2', at: T0 - 5 * DAY })],
    };
    expect(snapshotAt(swapped, T0).inServiceSince).toBe(T0 - 5 * DAY);
    const rotatedOut: DeviceHistory = {
      ...base,
      rotations: [rotation({ id: 'rot', oldDeviceId: 'd2', newDeviceId: 'd3', at: T0 - 5 * DAY })],
    };
    expect(snapshotAt(rotatedOut, T0).inServiceSince).toBe(T0 - 30 * DAY);
  });

  it('is independent of the order of every history array', () => {
    const reference = snapshotAt(h, T0);
    const orders = permutations(h.statuses);
    const postures = permutations(h.posture);
    for (let i = 0; i < orders.length; i++) {
      const shuffled: DeviceHistory = {
        ...h,
        statuses: orders[i] ?? [],
        posture: postures[i % postures.length] ?? [],
        custody: [...h.custody].reverse(),
        inspections: i % 2 === 0 ? [...h.inspections].reverse() : h.inspections,
      };
      expect({ ...snapshotAt(shuffled, T0), history: null }).toEqual({ ...reference, history: null });
    }
  });

  it('breaks ties on equal instants deterministically', () => {
    const a = posture({ id: 'ra', deviceId: 'd1', observedAt: T0 - DAY, osVersion: '18.5' });
    const b = posture({ id: 'rb', deviceId: 'd1', observedAt: T0 - DAY, osVersion: '18.6' });
    const tie = (p: (typeof a)[]) => snapshotAt({ ...h, posture: p }, T0).osVersion?.value;
    expect(tie([a, b])).toBe('18.6');
    expect(tie([b, a])).toBe('18.6');
    const s1 = [status('d1', 'active', T0 - DAY), status('d1', 'retired', T0 - DAY)];
    expect(snapshotAt({ ...h, statuses: s1 }, T0).status).toBe('retired');
    expect(snapshotAt({ ...h, statuses: [...s1].reverse() }, T0).status).toBe('retired');
  });
});

describe('runStart', () => {
  const camera = (id: string, day: number, state: 'enabled' | 'disabled' | 'unknown') =>
    posture({ id, deviceId: 'd1', observedAt: T0 - day * DAY, sensors: { camera: reading(state) } });
  const enabled = (r: { sensors: { camera?: { state: string } } }) =>
    r.sensors.camera === undefined ? -1 : r.sensors.camera.state === 'enabled' ? 1 : 0;

  it('finds the first report of the current run', () => {
    const reports = [
      camera('a', 10, 'enabled'),
      camera('b', 8, 'disabled'),
      camera('c', 6, 'enabled'),
      camera('d', 2, 'enabled'),
    ];
    expect(runStart(reports, T0, enabled)).toBe(T0 - 6 * DAY);
    expect(runStart([...reports].reverse(), T0, enabled)).toBe(T0 - 6 * DAY);
    expect(runStart(reports.slice(0, 1), T0, enabled)).toBe(T0 - 10 * DAY);
    expect(runStart(reports.slice(0, 2), T0, enabled)).toBeNull();
    // An unknown reading breaks a run of enabled readings.
    expect(runStart([...reports, camera('e', 4, 'unknown')], T0, enabled)).toBe(T0 - 2 * DAY);
    // Reports after the instant are ignored.
    expect(runStart([...reports, camera('f', -1, 'disabled')], T0, enabled)).toBe(T0 - 6 * DAY);
  });
});
