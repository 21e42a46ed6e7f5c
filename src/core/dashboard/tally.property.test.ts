/**
 * `retally` against `tally`: after random sequences of changes to an evaluation as the fleet
 * state makes them (device summaries replaced at their place or appended, findings replaced,
 * added and taken out, the person pass's findings all made anew) and after changes it does not
 * make (devices reordered or dropped, findings out of order), the counts carried from the
 * previous evaluation equal the counts from scratch, and so do the tiles.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { BlockList } from '../compliance/block-list.ts';
import { blockResult } from '../compliance/block-result.ts';
import { NO_STATUS_REASON, NOT_IN_SERVICE_PREFIX, PERSONAL_DEVICE_REASON } from '../compliance/evaluate.ts';
import { sortFindings } from '../compliance/evaluate-order.ts';
import { noteChanges, type ResultChanges } from '../compliance/result-changes.ts';
import type { DeviceSummary, DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import type { Finding, FindingStatus, Severity } from '../model.ts';
import { tilesOf } from './explain.ts';
import { type PersonRef, SummaryText, summaryOf } from './summary.ts';
import { retally, type Tally, tally } from './tally.ts';

const RUNS = { seed: 20_261_207, numRuns: 300 } as const;

const VERDICTS: DeviceVerdict[] = ['compliant', 'non-compliant', 'waived', 'not-evaluated'];
const STATUSES: FindingStatus[] = ['open', 'waived', 'resolved'];
const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const PEOPLE = [null, 'p1', 'p2', 'p3', 's1'];
const ROLES = ['calls', 'social', 'news'];
const REASONS = [null, PERSONAL_DEVICE_REASON, NO_STATUS_REASON, `${NOT_IN_SERVICE_PREFIX}wiped`];
const RULES = ['posture.stale', 'inspection.overdue', 'os.outdated', 'made.up'];
const DEVICES = 12;

const summaryArb = (deviceId: string) =>
  fc.record({
    deviceId: fc.constant(deviceId),
    personId: fc.constantFrom(...PEOPLE),
    protocol: fc.constant(null),
    role: fc.constantFrom(...ROLES),
    verdict: fc.constantFrom(...VERDICTS),
    reason: fc.constantFrom(...REASONS),
    openFindings: fc.nat(3),
  }) satisfies fc.Arbitrary<DeviceSummary>;

const findingArb = (deviceIds: fc.Arbitrary<string | null>) =>
  fc.record({
    deviceId: deviceIds,
    personId: fc.constantFrom(...PEOPLE),
    protocol: fc.constant(null),
    rule: fc.constantFrom(...RULES),
    severity: fc.constantFrom(...SEVERITIES),
    status: fc.constantFrom(...STATUSES),
    outcome: fc.constantFrom('fail' as const, 'unverified' as const),
    since: fc.integer({ min: 0, max: 5 }),
    message: fc.constantFrom('a', 'b'),
    evidence: fc.constant({}),
    remedy: fc.constant(''),
    waiver: fc.constant(null),
  }) satisfies fc.Arbitrary<Finding>;

const deviceIdArb = fc.option(
  fc.integer({ min: 0, max: DEVICES + 3 }).map((i) => `d${i}`),
  { nil: null },
);

/** One change: what the fleet state does after a write (`kept`), or what it never does. */
type Change =
  | { kind: 'device'; at: number; summary: DeviceSummary; findings: Finding[] }
  | { kind: 'append'; summary: DeviceSummary; findings: Finding[] }
  | { kind: 'people'; findings: Finding[] }
  | { kind: 'drop-finding'; at: number }
  | { kind: 'shuffle'; seed: number }
  | { kind: 'truncate'; keep: number };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('device' as const),
      at: fc.nat(),
      summary: summaryArb('?'),
      findings: fc.array(findingArb(fc.constant('?')), { maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      summary: summaryArb('?'),
      findings: fc.array(findingArb(fc.constant('?')), { maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('people' as const),
      findings: fc.array(findingArb(deviceIdArb), { maxLength: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop-finding' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat(DEVICES) }) },
);

/** The fleet as the state holds it: a summary and findings per device, and the person pass's. */
interface Fleet {
  devices: DeviceSummary[];
  own: Finding[][];
  people: Finding[];
  /** Findings listed out of order once (a result not from the fleet state). */
  unsorted: boolean;
}

const fleetArb = fc
  .array(fc.tuple(summaryArb('?'), fc.array(findingArb(fc.constant('?')), { maxLength: 3 })), {
    minLength: 1,
    maxLength: DEVICES,
  })
  .chain((xs) =>
    fc.array(findingArb(deviceIdArb), { maxLength: 4 }).map(
      (people): Fleet => ({
        devices: xs.map(([s], i) => ({ ...s, deviceId: `d${i}` })),
        own: xs.map(([, fs], i) => fs.map((f) => ({ ...f, deviceId: `d${i}` }))),
        people,
        unsorted: false,
      }),
    ),
  );

function resultOf(fleet: Fleet, at: number): EvaluationResult {
  const all = sortFindings([...fleet.own.flat(), ...fleet.people]);
  return { at, devices: [...fleet.devices], findings: fleet.unsorted ? all.reverse() : all };
}

function applyChange(fleet: Fleet, c: Change): Fleet {
  const n = fleet.devices.length;
  switch (c.kind) {
    case 'device': {
      if (n === 0) return fleet;
      const i = c.at % n;
      const id = (fleet.devices[i] as DeviceSummary).deviceId;
      const devices = [...fleet.devices];
      const own = [...fleet.own];
      devices[i] = { ...c.summary, deviceId: id };
      own[i] = c.findings.map((f) => ({ ...f, deviceId: id }));
      return { ...fleet, devices, own, unsorted: false };
    }
    case 'append': {
      const id = `d${n + fleet.own.length + 100}`;
      return {
        ...fleet,
        devices: [...fleet.devices, { ...c.summary, deviceId: id }],
        own: [...fleet.own, c.findings.map((f) => ({ ...f, deviceId: id }))],
        unsorted: false,
      };
    }
    case 'people':
      return { ...fleet, people: c.findings, unsorted: false };
    case 'drop-finding': {
      const own = [...fleet.own];
      const i = n === 0 ? 0 : c.at % n;
      own[i] = (own[i] ?? []).slice(1);
      return { ...fleet, own, unsorted: false };
    }
    case 'shuffle': {
      const order = fleet.devices
        .map((_, i) => i)
        .sort((a, b) => ((a * 7 + c.seed) % 5) - ((b * 7 + c.seed) % 5));
      return {
        devices: order.map((i) => fleet.devices[i] as DeviceSummary),
        own: order.map((i) => fleet.own[i] as Finding[]),
        people: fleet.people,
        unsorted: c.seed % 2 === 0,
      };
    }
    case 'truncate':
      return { ...fleet, devices: fleet.devices.slice(0, c.keep), own: fleet.own.slice(0, c.keep) };
  }
}

/** How `b` differs from `a` by identity, as the fleet state notes it (result-changes.ts). */
function differences(a: EvaluationResult, b: EvaluationResult): ResultChanges {
  const was = new Set(a.findings);
  const now = new Set(b.findings);
  const devices: number[] = [];
  for (let i = 0; i < Math.min(a.devices.length, b.devices.length); i++)
    if (a.devices[i] !== b.devices[i]) devices.push(i);
  return {
    previous: a,
    devices,
    removed: a.findings.filter((f) => !now.has(f)),
    added: b.findings.filter((f) => !was.has(f)),
  };
}

/** What a tally says, zero entries left out (a retally may keep them), with its tiles. */
function counts(t: Tally) {
  const nonzero = (m: Map<unknown, number>) => [...m].filter(([, n]) => n !== 0).sort(byKey);
  const groups = <K>(m: Map<K, { devices: number; openFindings: number }>) =>
    [...m].filter(([, g]) => g.devices !== 0 || g.openFindings !== 0).sort(byKey);
  return {
    byVerdict: t.byVerdict,
    people: groups(t.people),
    roles: groups(t.roles),
    status: t.status,
    bySeverity: t.bySeverity,
    byRule: nonzero(t.byRule),
    notEvaluated: nonzero(t.notEvaluated),
    onFailing: nonzero(t.onFailing),
    onWaived: nonzero(t.onWaived),
    tiles: tilesOf(t),
  };
}

const byKey = (a: [unknown, unknown], b: [unknown, unknown]) =>
  String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0;

describe('retally', () => {
  for (const [name, limit] of [
    ['corrected change by change', Number.POSITIVE_INFINITY],
    ['with the default limit (counting anew past it)', undefined],
  ] as const)
    it(`equals a tally from scratch after any sequence of changes, ${name}`, () => {
      fc.assert(
        fc.property(fleetArb, fc.array(changeArb, { maxLength: 12 }), (start, changes) => {
          let fleet = start;
          let result = resultOf(fleet, 0);
          let t = tally(result);
          changes.forEach((c, step) => {
            fleet = applyChange(fleet, c);
            result = resultOf(fleet, step + 1);
            t = retally(t, result, limit);
            expect(counts(t)).toEqual(counts(tally(result)));
          });
        }),
        RUNS,
      );
    });

  it('equals a tally from scratch when the maker of each result noted what changed', () => {
    fc.assert(
      fc.property(fleetArb, fc.array(changeArb, { maxLength: 12 }), (start, changes) => {
        let fleet = start;
        let result = resultOf(fleet, 0);
        let t = tally(result);
        changes.forEach((c, step) => {
          fleet = applyChange(fleet, c);
          const previous = result;
          result = resultOf(fleet, step + 1);
          noteChanges(result, differences(previous, result));
          t = retally(t, result);
          expect(counts(t)).toEqual(counts(tally(result)));
        });
      }),
      RUNS,
    );
  });

  it('counts results kept in blocks by the places that changed, without making their lists arrays', () => {
    fc.assert(
      fc.property(fleetArb, fc.array(changeArb, { maxLength: 12 }), (start, changes) => {
        let fleet = start;
        const inBlocks = (r: EvaluationResult) =>
          blockResult(r.at, BlockList.from(r.devices, 3), BlockList.from(r.findings, 3));
        let plain = resultOf(fleet, 0);
        let result = inBlocks(plain);
        let t = tally(result);
        const made = vi.spyOn(BlockList.prototype, 'toArray');
        try {
          changes.forEach((c, step) => {
            fleet = applyChange(fleet, c);
            const previous = result;
            const before = plain;
            plain = resultOf(fleet, step + 1);
            result = inBlocks(plain);
            const d = differences(before, plain);
            noteChanges(result, { ...d, previous });
            made.mockClear();
            t = retally(t, result);
            // Carried (not counted anew: within the default limit, no device gone or moved), no list is made an array.
            const carried =
              plain.devices.length >= before.devices.length &&
              d.devices.every((i) => before.devices[i]?.deviceId === plain.devices[i]?.deviceId) &&
              d.devices.length + plain.devices.length - before.devices.length <= plain.devices.length / 4 &&
              d.removed.length + d.added.length <= plain.devices.length / 4;
            if (carried) expect(made).not.toHaveBeenCalled();
            expect(counts(t)).toEqual(counts(tally(plain)));
          });
        } finally {
          made.mockRestore();
        }
      }),
      RUNS,
    );
  });

  it("keeps the summary's text equal to one written anew, whichever tallies it is asked for", () => {
    // p1 and p2 are principals (p3 and s1 their staff), x a principal counted by nobody.
    const everyone: PersonRef[] = [
      { id: 'p3', kind: 'staff', principalId: 'p1' },
      { id: 'p1', kind: 'principal', principalId: null },
      { id: 'x', kind: 'principal', principalId: null },
      { id: 's1', kind: 'staff', principalId: 'p2' },
      { id: 'p2', kind: 'principal', principalId: null },
    ];
    fc.assert(
      fc.property(
        fleetArb,
        fc.array(fc.tuple(changeArb, fc.boolean(), fc.boolean()), { maxLength: 12 }),
        (start, changes) => {
          let fleet = start;
          let result = resultOf(fleet, 0);
          let t = tally(result);
          const writer = new SummaryText(2);
          expect(writer.text(t, everyone)).toBe(JSON.stringify(summaryOf(tally(result), everyone)));
          let people = everyone;
          changes.forEach(([c, noted, asked], step) => {
            fleet = applyChange(fleet, c);
            const previous = result;
            result = resultOf(fleet, step + 1);
            if (noted) noteChanges(result, differences(previous, result));
            t = retally(t, result);
            // Now and then the people read again (another list, the same people).
            if (step % 5 === 4) people = [...everyone];
            if (asked) expect(writer.text(t, people)).toBe(JSON.stringify(summaryOf(tally(result), people)));
          });
          expect(writer.text(t, people)).toBe(JSON.stringify(summaryOf(tally(result), people)));
        },
      ),
      RUNS,
    );
  });

  it('writes again only the entries of the people a change touched', () => {
    const n = 3_000;
    const devices: DeviceSummary[] = Array.from({ length: n }, (_, i) => ({
      deviceId: `d${i}`,
      personId: `s${i}`,
      protocol: null,
      role: 'calls',
      verdict: 'compliant',
      reason: null,
      openFindings: 0,
    }));
    const everyone: PersonRef[] = [
      { id: 'pr', kind: 'principal', principalId: null },
      ...devices.map((d) => ({ id: d.personId as string, kind: 'staff' as const, principalId: 'pr' })),
    ];
    const before: EvaluationResult = { at: 0, devices, findings: [] };
    const writer = new SummaryText();
    let t = tally(before);
    writer.text(t, everyone);
    expect(writer.written).toBe(n + 1);
    const after: EvaluationResult = {
      at: 1,
      devices: devices.map((d, i) => (i === 7 ? { ...d, verdict: 'non-compliant' } : d)),
      findings: [],
    };
    t = retally(t, after);
    expect(writer.text(t, everyone)).toBe(JSON.stringify(summaryOf(tally(after), everyone)));
    // The holder of the device and their principal.
    expect(writer.written).toBe(2);
  });

  it('takes the noted changes instead of walking both results', () => {
    const summary = (i: number): DeviceSummary => ({
      deviceId: `d${i}`,
      personId: 'p1',
      protocol: null,
      role: 'calls',
      verdict: 'non-compliant',
      reason: null,
      openFindings: 1,
    });
    const finding = (i: number): Finding => ({
      deviceId: `d${i}`,
      personId: 'p1',
      protocol: null,
      rule: 'posture.stale',
      severity: 'high',
      status: 'open',
      outcome: 'fail',
      since: i,
      message: 'a',
      evidence: {},
      remedy: '',
      waiver: null,
    });
    const n = 10_000;
    const before: EvaluationResult = {
      at: 0,
      devices: Array.from({ length: n }, (_, i) => summary(i)),
      findings: Array.from({ length: n }, (_, i) => finding(i)),
    };
    const t = tally(before);
    const devices = [...before.devices];
    devices[7] = { ...summary(7), verdict: 'compliant', openFindings: 0 };
    const findings = before.findings.filter((_, i) => i !== 7);
    // Counts the places read in each list.
    let reads = 0;
    const counted = <T extends object>(xs: T[]): T[] =>
      new Proxy(xs, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^[0-9]+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const after: EvaluationResult = { at: 1, devices: counted(devices), findings: counted(findings) };
    noteChanges(after, {
      previous: before,
      devices: [7],
      removed: [before.findings[7] as Finding],
      added: [],
    });
    const carried = retally(t, after);
    expect(reads).toBeLessThan(10);
    expect(counts(carried)).toEqual(counts(tally({ ...after, devices, findings })));
  });

  it('returns the same counts for the same evaluation', () => {
    const result: EvaluationResult = { at: 0, devices: [], findings: [] };
    const t = tally(result);
    expect(retally(t, result)).toBe(t);
  });
});
