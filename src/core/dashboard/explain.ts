/**
 * The overview's tiles in plain words: each verdict's count and what it is made of (not
 * evaluated: "3 personal phones, 2 wiped"), and the open findings by severity. Counted from the
 * same evaluation as the findings list, so the words and the list cannot disagree.
 */
import type { DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import { SEVERITIES } from '../model.ts';
import { type Tally, tally } from './tally.ts';

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

/** "1 personal phone", "3 personal phones"; `plural` for irregular words. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

const largestFirst = (m: Map<string, number>): TilePart[] =>
  [...m.entries()]
    .filter(([, count]) => count > 0)
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
  return tilesOf(tally(result));
}

const sum = (m: Map<string, number>) => {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
};

/** The tiles from an evaluation's counts (`tally`, `retally`). Pure. */
export function tilesOf(t: Tally): Tile[] {
  const compliant = t.byVerdict.compliant;
  const byRole = new Map<string, number>();
  for (const [role, g] of t.roles) byRole.set(role, g.byVerdict.compliant);
  const compliantParts = largestFirst(byRole);

  const bad = t.byVerdict['non-compliant'];
  const badFindings = sum(t.onFailing);
  const badParts = largestFirst(t.onFailing);

  const waived = t.byVerdict.waived;
  const waivedFindings = sum(t.onWaived);
  const waivedParts = largestFirst(t.onWaived);

  const out = t.byVerdict['not-evaluated'];
  const outParts = largestFirst(t.notEvaluated).map((p) =>
    p.label === 'personal' ? { ...p, label: p.count === 1 ? 'personal phone' : 'personal phones' } : p,
  );

  const open = t.status.open;
  const severityParts = [...SEVERITIES].reverse().flatMap((s) => {
    const n = t.bySeverity[s];
    return n === 0 ? [] : [{ label: s, count: n }];
  });
  // Open findings not on a failing device: about a person, a facility or a device not evaluated.
  const aboutPeople = open - badFindings;

  return [
    {
      id: 'compliant',
      count: compliant,
      parts: compliantParts,
      text:
        compliant === 0
          ? 'No device meets every requirement of its protocol.'
          : `Every requirement met, by role: ${words(compliantParts)}.`,
    },
    {
      id: 'non-compliant',
      count: bad,
      parts: badParts,
      text:
        bad === 0
          ? 'No device has an open finding.'
          : `${countOf(badFindings, 'open finding')} on these devices: ${words(badParts)}.`,
    },
    {
      id: 'waived',
      count: waived,
      parts: waivedParts,
      text:
        waived === 0
          ? 'No device is compliant only by a waiver.'
          : `Compliant only by ${countOf(waivedFindings, 'waived finding')}: ${words(waivedParts)}.`,
    },
    {
      id: 'not-evaluated',
      count: out,
      parts: outParts,
      text: out === 0 ? 'Every device was evaluated.' : `${words(outParts, outParts.length)}.`,
    },
    {
      id: 'open-findings',
      count: open,
      parts: severityParts,
      text:
        open === 0
          ? 'Nothing to fix.'
          : `${words(severityParts, severityParts.length)}` +
            (aboutPeople === 0
              ? '.'
              : `; ${countOf(aboutPeople, 'is', 'are')} about people or phones not evaluated (zones, policies).`),
    },
  ];
}
