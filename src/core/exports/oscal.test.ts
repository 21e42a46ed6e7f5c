import { describe, expect, it } from 'vitest';
import { PEOPLE_RULES, RULES } from '../compliance/registry.ts';
import type { Finding, Waiver } from '../model.ts';
import { DAY } from '../time.ts';
import {
  assessmentResults,
  CONTROL_TITLES,
  controlOf,
  deadlineOf,
  planOfActionAndMilestones,
  RULE_CONTROLS,
} from './oscal.ts';

const T = Date.UTC(2026, 6, 1);

const finding = (over: Partial<Finding> = {}): Finding => ({
  deviceId: 'dev_1',
  personId: 'per_1',
  protocol: 'strict-30day',
  rule: 'rotation.overdue',
  severity: 'high',
  status: 'open',
  outcome: 'fail',
  since: T - 10 * DAY,
  message: 'Rotation overdue by 10 days',
  evidence: {},
  remedy: 'Swap the device.',
  waiver: null,
  ...over,
});

/** A fake but deterministic UUID source: a v5-shaped string from the key's characters. */
const uuid = (key: string) => {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-5000-8000-${hex}0000`;
};

const input = (findings: Finding[]) => ({
  at: T,
  scope: { kind: 'fleet' } as const,
  findings,
  devices: [],
  histories: [],
  people: new Map(),
  waivers: [],
  protocols: ['strict-30day@1'],
  ruleTitles: new Map([['rotation.overdue', 'Rotation overdue']]),
  uuid,
  tool: 'Vigil test',
});

describe('the rule-to-control mapping', () => {
  it('maps every registered rule to a titled SP 800-53 control', () => {
    for (const r of [...RULES, ...PEOPLE_RULES]) {
      expect(RULE_CONTROLS[r.id], r.id).toBeDefined();
      expect(CONTROL_TITLES[controlOf(r.id)], r.id).toBeDefined();
    }
  });
  it('falls back to AC-19 for a rule it does not know', () => {
    expect(controlOf('future.rule')).toBe('ac-19');
  });
});

describe('deadlineOf', () => {
  it('is since plus the severity window', () => {
    expect(deadlineOf(finding({ severity: 'high' }), new Map())).toBe(T - 10 * DAY + 7 * DAY);
    expect(deadlineOf(finding({ severity: 'critical' }), new Map())).toBe(T - 10 * DAY + DAY);
  });
  it('is the KEV due date when that comes first', () => {
    const f = finding({ rule: 'os.exploited', severity: 'low', evidence: { kevDueDate: '2026-06-25' } });
    expect(deadlineOf(f, new Map())).toBe(Date.UTC(2026, 5, 25));
  });
  it("is the waiver's expiry for a waived finding", () => {
    const w = { id: 'wv_1', expiresAt: T + 30 * DAY } as Waiver;
    expect(deadlineOf(finding({ status: 'waived', waiver: 'wv_1' }), new Map([['wv_1', w]]))).toBe(
      T + 30 * DAY,
    );
  });
});

describe('documents', () => {
  it('never emits an empty array (OSCAL arrays have minItems 1)', () => {
    const scan = (v: unknown, path: string): void => {
      if (Array.isArray(v)) {
        expect(v.length, path).toBeGreaterThan(0);
        for (const [i, x] of v.entries()) scan(x, `${path}[${i}]`);
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) scan(x, `${path}.${k}`);
      }
    };
    scan(assessmentResults(input([])), '');
    scan(planOfActionAndMilestones(input([])), '');
    scan(assessmentResults(input([finding()])), '');
  });

  it('marks the finding not-satisfied against its control and the other controls satisfied', () => {
    const doc = assessmentResults(input([finding()])) as {
      'assessment-results': {
        results: { findings: { target: { 'target-id': string; status: { state: string } } }[] }[];
      };
    };
    const targets = doc['assessment-results'].results[0]?.findings.map((f) => [
      f.target['target-id'],
      f.target.status.state,
    ]);
    expect(targets).toContainEqual(['ac-19_obj', 'not-satisfied']);
    expect(targets).toContainEqual(['si-2_obj', 'satisfied']);
    expect(targets).not.toContainEqual(['ac-19_obj', 'satisfied']);
  });

  it('is a function of its input: same input, same document', () => {
    expect(JSON.stringify(planOfActionAndMilestones(input([finding()])))).toBe(
      JSON.stringify(planOfActionAndMilestones(input([finding()]))),
    );
  });
});
