/**
 * The overview's tiles in plain words: each verdict's count and what it is made of (not
 * evaluated: "3 personal phones, 2 wiped"), and the open findings by severity. Counted from the
 * same evaluation as the findings list, so the words and the list cannot disagree.
 */
import { NO_STATUS_REASON, NOT_IN_SERVICE_PREFIX, PERSONAL_DEVICE_REASON } from '../compliance/evaluate.ts';
import { PEOPLE_RULES, RULES } from '../compliance/registry.ts';
import type { DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import { SEVERITIES } from '../model.ts';

export type TileId = DeviceVerdict | 'open-findings';

/** One part of a tile: "3 personal phones". */
export interface TilePart {
  readonly label: string;
  readonly count: number;
}

export interface Tile {
  readonly id: TileId;
  readonly count: number;
  /** The parts, largest first (ties by label); their counts add up to `count` unless said otherwise. */
  readonly parts: readonly TilePart[];
  /** One sentence: the parts in words, or what an empty tile means. */
  readonly text: string;
}

const TITLES = new Map<string, string>([...RULES, ...PEOPLE_RULES].map((r) => [r.id, r.title]));

/** "1 personal phone", "3 personal phones"; `plural` for irregular words. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** What a not-evaluated device's reason comes to, in a word or two ("personal", "wiped"). */
function leftOut(reason: string | null): string {
  if (reason === PERSONAL_DEVICE_REASON) return 'personal';
  if (reason === NO_STATUS_REASON) return 'not yet in service';
  if (reason?.startsWith(NOT_IN_SERVICE_PREFIX)) return reason.slice(NOT_IN_SERVICE_PREFIX.length);
  return 'not in service';
}

function tally(keys: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

const largestFirst = (m: Map<string, number>): TilePart[] =>
  [...m.entries()]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));

/** At most `shown` parts in words, the rest as "and N more". */
function words(parts: readonly TilePart[], shown = 3): string {
  const head = parts.slice(0, shown).map((p) => `${p.count.toLocaleString('en-US')} ${p.label}`);
  const rest = parts.slice(shown).reduce((n, p) => n + p.count, 0);
  return rest > 0 ? `${head.join(', ')} and ${rest.toLocaleString('en-US')} more` : head.join(', ');
}

/** Pure. The tiles in the overview's order: the verdicts, then the open findings. */
export function explainTiles(result: EvaluationResult): Tile[] {
  const byVerdict = new Map<DeviceVerdict, EvaluationResult['devices'][number][]>();
  for (const d of result.devices) {
    const list = byVerdict.get(d.verdict);
    if (list === undefined) byVerdict.set(d.verdict, [d]);
    else list.push(d);
  }
  const devices = (v: DeviceVerdict) => byVerdict.get(v) ?? [];
  const deviceIds = (v: DeviceVerdict) => new Set(devices(v).map((d) => d.deviceId));

  const compliant = devices('compliant');
  const compliantParts = largestFirst(tally(compliant.map((d) => `${d.role}`)));

  const bad = deviceIds('non-compliant');
  const badFindings = result.findings.filter(
    (f) => f.status === 'open' && f.deviceId !== null && bad.has(f.deviceId),
  );
  const badParts = largestFirst(tally(badFindings.map((f) => TITLES.get(f.rule) ?? f.rule)));

  const waived = deviceIds('waived');
  const waivedFindings = result.findings.filter(
    (f) => f.status === 'waived' && f.deviceId !== null && waived.has(f.deviceId),
  );
  const waivedParts = largestFirst(tally(waivedFindings.map((f) => TITLES.get(f.rule) ?? f.rule)));

  const out = devices('not-evaluated');
  const outParts = largestFirst(tally(out.map((d) => leftOut(d.reason)))).map((p) =>
    p.label === 'personal' ? { ...p, label: p.count === 1 ? 'personal phone' : 'personal phones' } : p,
  );

  const open = result.findings.filter((f) => f.status === 'open');
  const bySeverity = tally(open.map((f) => f.severity));
  const severityParts = [...SEVERITIES].reverse().flatMap((s) => {
    const n = bySeverity.get(s) ?? 0;
    return n === 0 ? [] : [{ label: s, count: n }];
  });
  const aboutPeople = open.filter((f) => f.deviceId === null || !bad.has(f.deviceId)).length;

  return [
    {
      id: 'compliant',
      count: compliant.length,
      parts: compliantParts,
      text:
        compliant.length === 0
          ? 'No device meets every requirement of its protocol.'
          : `Every requirement met, by role: ${words(compliantParts)}.`,
    },
    {
      id: 'non-compliant',
      count: bad.size,
      parts: badParts,
      text:
        bad.size === 0
          ? 'No device has an open finding.'
          : `${countOf(badFindings.length, 'open finding')} on these devices: ${words(badParts)}.`,
    },
    {
      id: 'waived',
      count: waived.size,
      parts: waivedParts,
      text:
        waived.size === 0
          ? 'No device is compliant only by a waiver.'
          : `Compliant only by ${countOf(waivedFindings.length, 'waived finding')}: ${words(waivedParts)}.`,
    },
    {
      id: 'not-evaluated',
      count: out.length,
      parts: outParts,
      text: out.length === 0 ? 'Every device was evaluated.' : `${words(outParts, outParts.length)}.`,
    },
    {
      id: 'open-findings',
      count: open.length,
      parts: severityParts,
      text:
        open.length === 0
          ? 'Nothing to fix.'
          : `${words(severityParts, severityParts.length)}` +
            (aboutPeople === 0
              ? '.'
              : `; ${countOf(aboutPeople, 'is', 'are')} about people or phones not evaluated (zones, policies).`),
    },
  ];
}
