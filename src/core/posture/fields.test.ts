import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { POSTURE_HANDLED } from '../compliance/posture.generated.ts';
import { snapshotAt } from '../compliance/snapshot.ts';
import { device, posture, status, T0 } from '../compliance/test-helpers.ts';
import type { ObservedPosture as ScannedPosture } from '../forensics/posture.ts';
import { type PostureReport, SENSORS } from '../model.ts';
import { DAY } from '../time.ts';
import {
  examplePosture,
  mergePosture,
  noPosture,
  POSTURE_FIELD_NAMES,
  POSTURE_FIELDS,
  postureInputShape,
  postureOf,
  postureOutputShape,
  scannedPosture,
} from './fields.ts';

describe('posture field declarations', () => {
  it('declare distinct names and columns', () => {
    const columns = POSTURE_FIELD_NAMES.map((n) => POSTURE_FIELDS[n].column);
    expect(new Set(columns).size).toBe(columns.length);
    for (const c of columns) expect(c).toMatch(/^[a-z][a-z_]*$/);
  });

  it('noPosture states nothing; examplePosture states every field', () => {
    const none = noPosture();
    const example = examplePosture();
    expect(Object.keys(none)).toEqual(POSTURE_FIELD_NAMES);
    expect(Object.keys(example)).toEqual(POSTURE_FIELD_NAMES);
    for (const name of POSTURE_FIELD_NAMES) {
      const empty = POSTURE_FIELDS[name].kind === 'sensors' ? {} : null;
      expect(none[name], name).toEqual(empty);
      if (name !== 'patchLevel') expect(example[name], name).not.toEqual(empty);
    }
    // Fresh values each call: a test that mutates one does not change the next.
    expect(examplePosture().apps).not.toBe(example.apps);
  });

  it('the example and the empty report are valid input and output', () => {
    const input = z.strictObject(postureInputShape);
    const output = z.strictObject(postureOutputShape);
    for (const p of [examplePosture(), noPosture()]) {
      expect(input.parse(p)).toEqual(p);
      expect(output.parse(p)).toEqual(p);
    }
    expect(input.safeParse({ osVersion: 'eighteen' }).success).toBe(false);
    expect(input.safeParse({ jailbroken: true }).success).toBe(false);
  });

  it('postureOf keeps the declared fields and nothing else', () => {
    const report = { ...examplePosture(), id: 'r1', extra: 1 };
    expect(postureOf(report)).toStrictEqual(examplePosture());
  });
});

describe('mergePosture (connectors)', () => {
  const prev = examplePosture();

  it('keeps a previous value the message leaves out or sends as null (keep)', () => {
    const m = mergePosture(prev, { osVersion: null, lockdownMode: false });
    expect(m.osVersion).toBe(prev.osVersion);
    expect(m.osBuild).toBe(prev.osBuild);
    expect(m.lockdownMode).toBe(false);
  });

  it('clears apps on an explicit null, keeps them when absent, copies a new list (replace)', () => {
    expect(mergePosture(prev, { apps: null }).apps).toBeNull();
    expect(mergePosture(prev, {}).apps).toEqual(prev.apps);
    const apps = ['a'];
    const m = mergePosture(prev, { apps });
    expect(m.apps).toEqual(['a']);
    expect(m.apps).not.toBe(apps);
  });

  it('lays the message’s sensors over the previous ones (union)', () => {
    const m = mergePosture(prev, { sensors: { camera: { state: 'enabled', provenance: 'reported' } } });
    expect(m.sensors.camera).toEqual({ state: 'enabled', provenance: 'reported' });
    expect(m.sensors.bluetooth).toEqual(prev.sensors.bluetooth);
  });

  it('without a previous report, states only what the message states', () => {
    expect(mergePosture(undefined, {})).toStrictEqual(noPosture());
    const all = mergePosture(undefined, examplePosture());
    expect(all).toStrictEqual(examplePosture());
  });
});

describe('scannedPosture (forensic scans)', () => {
  const scan = (over: Partial<ScannedPosture> = {}): ScannedPosture => ({
    platform: 'ios',
    osVersion: null,
    osBuild: null,
    patchLevel: null,
    lockdownMode: null,
    sensors: {},
    apps: null,
    profiles: null,
    ...over,
  });

  it('records nothing when the scan observed nothing', () => {
    expect(scannedPosture(scan())).toBeNull();
  });

  it('records what the scan observed, made to fit the input schema', () => {
    const p = scannedPosture(
      scan({ osVersion: 'iOS 18', osBuild: 'X'.repeat(40), patchLevel: '2026-05-01', apps: ['a'] }),
    );
    expect(p).toStrictEqual({
      ...noPosture(),
      osVersion: null,
      osBuild: 'X'.repeat(32),
      patchLevel: '2026-05-01',
      apps: ['a'],
    });
    expect(z.strictObject(postureInputShape).safeParse(p).success).toBe(true);
    // Scans do not observe supervision.
    expect(scannedPosture(scan({ lockdownMode: true }))?.supervised).toBeNull();
  });
});

describe('every declared field reaches the snapshot', () => {
  it('is handled by the generated snapshot code', () => {
    expect(Object.keys(POSTURE_HANDLED).sort()).toEqual([...POSTURE_FIELD_NAMES].sort());
  });

  it('takes each field from the latest report that states it', () => {
    // The older report states every field; the newer one none: every slot must fall back to the older.
    // (The example leaves only an iPhone's patch level out; a new field must be stated here too.)
    const every = { ...examplePosture(), patchLevel: '2026-05-01' };
    for (const name of POSTURE_FIELD_NAMES) expect(every[name], name).not.toEqual(noPosture()[name]);
    const older = posture({ id: 'p-old', deviceId: 'd1', observedAt: T0 - 2 * DAY, ...every });
    const newer = posture({ id: 'p-new', deviceId: 'd1', observedAt: T0 - DAY });
    const h = {
      device: device({ id: 'd1' }),
      custody: [],
      statuses: [status('d1', 'active', T0 - 10 * DAY)],
      posture: [newer, older],
      inspections: [],
      rotations: [],
    };
    const s = snapshotAt(h, T0);
    const slots: Readonly<Record<string, PostureReport | null>> = { ...s.posture };
    expect(s.posture.any).toBe(newer);
    for (const name of POSTURE_FIELD_NAMES) {
      const keys = POSTURE_FIELDS[name].kind === 'sensors' ? SENSORS : [name];
      for (const key of keys) {
        expect(slots[key], key).toBe(older);
      }
      const view = (s as unknown as Record<string, unknown>)[name];
      if (POSTURE_FIELDS[name].kind === 'sensors') {
        for (const sensor of SENSORS) {
          expect((view as Record<string, { reportId: string } | null>)[sensor]?.reportId).toBe('p-old');
        }
      } else {
        expect(view, name).toMatchObject({ value: older[name], reportId: 'p-old' });
      }
    }
  });
});
