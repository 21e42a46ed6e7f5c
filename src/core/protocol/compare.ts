/**
 * Side-by-side comparison of two resolved protocols, setting by setting, saying which one is
 * stricter where that has a meaning ("30-day checks" against "no checks at all").
 *
 * Settings are compared by meaning, not by spelling: P4W and P28D are the same duration, an
 * allow-list is a set, and a value equal to the default (a sensor `allowed`, Lockdown Mode
 * `optional`, a facility's acknowledgement `optional`, no grace at all) equals its absence.
 * Metadata and `cite` are not settings and are ignored.
 */
import { VigilError } from '../errors.ts';
import { SENSORS, SEVERITIES } from '../model.ts';
import { parseDuration } from '../time.ts';
import type { ProtocolDocument } from './protocol.schema.ts';

export interface ProtocolDifference {
  /** Dotted setting path, e.g. `roles.social.rotation.every`. */
  readonly path: string;
  /** The setting in A as written (lists comma-separated), or null when A does not require it. */
  readonly a: string | null;
  readonly b: string | null;
  readonly stricter: 'a' | 'b' | 'equal' | 'unknown';
}

type Kind =
  | 'duration'
  | 'ranked'
  | 'severity'
  | 'allowList'
  | 'methods'
  | 'iosVersion'
  | 'patchLevel'
  | 'atLeast'
  | 'atMost'
  | 'incomparable';

interface Leaf {
  readonly kind: Kind;
  /** As written, for display. */
  readonly display: string;
  /** Canonical meaning; null when the value means the same as the setting's absence. */
  readonly norm: string | null;
  /** For `ranked`: how strict (0 means the same as absent). */
  readonly rank: number;
  /** For lists. */
  readonly items: readonly string[];
}

const RANKS: Readonly<Record<string, number>> = {
  disabled: 1,
  allowed: 0,
  required: 1,
  optional: 0,
  banned: 1,
  'two-person': 1,
  none: 0,
};

function leaf(kind: Kind, display: string, items: readonly string[] = []): Leaf {
  switch (kind) {
    case 'duration':
      return { kind, display, norm: String(parseDuration(display) ?? display), rank: 0, items };
    case 'ranked': {
      const rank = RANKS[display] ?? 0;
      return { kind, display, norm: rank === 0 ? null : display, rank, items };
    }
    case 'allowList':
    case 'methods': {
      const sorted = [...new Set(items)].sort();
      return {
        kind,
        display: sorted.length === 0 ? '(none)' : sorted.join(', '),
        norm: sorted.join('\n'),
        rank: 0,
        items: sorted,
      };
    }
    default:
      return { kind, display, norm: display, rank: 0, items };
  }
}

/** Every setting of a resolved document as `path -> leaf`. */
function settings(doc: ProtocolDocument, which: string): Map<string, Leaf> {
  if (doc.metadata.extends !== undefined && doc.metadata.extends !== null) {
    throw new VigilError(
      'PROTOCOL_INVALID',
      `Protocol ${which} ("${doc.metadata.name}") extends "${doc.metadata.extends}": resolve it before comparing.`,
      [
        {
          path: 'metadata.extends',
          message: 'a protocol must be resolved (extends merged) before it is compared',
        },
      ],
    );
  }
  const out = new Map<string, Leaf>();
  const put = (path: string, l: Leaf): void => {
    out.set(path, l);
  };
  for (const [role, r] of Object.entries(doc.roles ?? {})) {
    if (r === null || r === undefined) continue;
    const at = `roles.${role}`;
    if (r.rotation) {
      put(`${at}.rotation.every`, leaf('duration', r.rotation.every));
      put(`${at}.rotation.grace`, leaf('duration', r.rotation.grace ?? 'P0D'));
      // How early a replacement is staged is logistics, not a stricter or looser protocol.
      if (r.rotation.leadTime !== undefined)
        put(`${at}.rotation.leadTime`, leaf('incomparable', r.rotation.leadTime));
    }
    if (r.inspection) {
      put(`${at}.inspection.every`, leaf('duration', r.inspection.every));
      put(`${at}.inspection.grace`, leaf('duration', r.inspection.grace ?? 'P0D'));
      if (r.inspection.methods) put(`${at}.inspection.methods`, leaf('methods', '', r.inspection.methods));
    }
    if (r.sensors) {
      for (const s of SENSORS) {
        const v = r.sensors[s];
        if (v !== undefined) put(`${at}.sensors.${s}`, leaf('ranked', v));
      }
    }
    if (r.apps) put(`${at}.apps.allow`, leaf('allowList', '', r.apps.allow));
    if (r.os) {
      if (r.os.minVersion?.ios !== undefined)
        put(`${at}.os.minVersion.ios`, leaf('iosVersion', r.os.minVersion.ios));
      if (r.os.minVersion?.android !== undefined) {
        put(`${at}.os.minVersion.android`, leaf('patchLevel', r.os.minVersion.android));
      }
      if (r.os.maxBehindLatest !== undefined)
        put(`${at}.os.maxBehindLatest`, leaf('duration', r.os.maxBehindLatest));
      if (r.os.lockdownMode !== undefined) put(`${at}.os.lockdownMode`, leaf('ranked', r.os.lockdownMode));
    }
    if (r.posture) put(`${at}.posture.maxAge`, leaf('duration', r.posture.maxAge));
    if (r.controls) {
      const p = r.controls.passcode;
      if (p !== undefined) {
        put(`${at}.controls.passcode`, leaf('ranked', 'required'));
        if (p.minLength !== undefined)
          put(`${at}.controls.passcode.minLength`, leaf('atLeast', String(p.minLength)));
        if (p.alphanumeric !== undefined)
          put(
            `${at}.controls.passcode.alphanumeric`,
            leaf('ranked', p.alphanumeric ? 'required' : 'optional'),
          );
        if (p.maxFailedAttempts !== undefined)
          put(`${at}.controls.passcode.maxFailedAttempts`, leaf('atMost', String(p.maxFailedAttempts)));
        if (p.autoLock !== undefined) put(`${at}.controls.passcode.autoLock`, leaf('duration', p.autoLock));
      }
      for (const c of ['screenCapture', 'cloudBackup', 'hostPairing'] as const) {
        const v = r.controls[c];
        if (v !== undefined) put(`${at}.controls.${c}`, leaf('ranked', v));
      }
    }
  }
  for (const [id, f] of Object.entries(doc.facilities ?? {})) {
    if (f === null) continue;
    const at = `facilities.${id}`;
    put(`${at}.personalDevices`, leaf('ranked', f.personalDevices));
    if (f.acknowledgement !== undefined) put(`${at}.acknowledgement`, leaf('ranked', f.acknowledgement));
    if (f.policyVersion !== undefined) put(`${at}.policyVersion`, leaf('incomparable', f.policyVersion));
  }
  if (doc.waivers) {
    put('waivers.maxDuration', leaf('duration', doc.waivers.maxDuration));
    put('waivers.approverRole', leaf('incomparable', doc.waivers.approverRole));
  }
  // A change approved by a second person is stricter than one anyone can make alone.
  if (doc.changes) put('changes.approval', leaf('ranked', doc.changes.approval));
  for (const [rule, severity] of Object.entries(doc.severities ?? {})) {
    put(`severities.${rule}`, leaf('severity', severity));
  }
  return out;
}

/** Differences between two resolved protocols, sorted by path; empty when they mean the same. */
export function compareProtocols(a: ProtocolDocument, b: ProtocolDocument): ProtocolDifference[] {
  const left = settings(a, 'A');
  const right = settings(b, 'B');
  const diffs: ProtocolDifference[] = [];
  for (const path of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(path);
    const y = right.get(path);
    if ((x?.norm ?? null) === (y?.norm ?? null)) continue;
    diffs.push({ path, a: x?.display ?? null, b: y?.display ?? null, stricter: stricter(x, y) });
  }
  return diffs.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
}

/** Which side is stricter; called only when the two differ in meaning. */
function stricter(x: Leaf | undefined, y: Leaf | undefined): ProtocolDifference['stricter'] {
  const kind = (x ?? y)?.kind;
  if (kind === 'ranked') {
    const d = (x?.rank ?? 0) - (y?.rank ?? 0);
    return d > 0 ? 'a' : d < 0 ? 'b' : 'equal';
  }
  if (kind === 'severity') {
    // An absent override means the rule's own default, which this module does not know.
    if (x === undefined || y === undefined) return 'unknown';
    const [i, j] = [x, y].map((l) => SEVERITIES.indexOf(l.display as (typeof SEVERITIES)[number]));
    return i === undefined || j === undefined || i < 0 || j < 0 ? 'unknown' : byOrder(i, j, 'higher');
  }
  if (kind === 'incomparable') return 'unknown';
  // For every other setting a requirement is stricter than none.
  if (x === undefined || x.norm === null) return 'b';
  if (y === undefined || y.norm === null) return 'a';
  switch (kind) {
    case 'duration':
    case 'atMost':
      return byOrder(Number(x.norm), Number(y.norm), 'lower');
    case 'atLeast':
      return byOrder(Number(x.norm), Number(y.norm), 'higher');
    case 'allowList':
    case 'methods': {
      // Fewer allowed apps, or fewer methods that count as a check, is stricter.
      const ys = new Set(y.items);
      const xs = new Set(x.items);
      if (x.items.every((i) => ys.has(i))) return 'a';
      if (y.items.every((i) => xs.has(i))) return 'b';
      return 'unknown';
    }
    case 'iosVersion':
      return byOrder(compareVersions(x.display, y.display), 0, 'higher');
    case 'patchLevel':
      return byOrder(x.display < y.display ? -1 : x.display > y.display ? 1 : 0, 0, 'higher');
    default:
      return 'unknown';
  }
}

function byOrder(x: number, y: number, stricterIs: 'lower' | 'higher'): ProtocolDifference['stricter'] {
  if (Number.isNaN(x) || Number.isNaN(y)) return 'unknown';
  if (x === y) return 'equal';
  return x < y === (stricterIs === 'lower') ? 'a' : 'b';
}

/** Sign of a - b for dotted numeric versions (18.6 < 18.6.2 < 26). */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const NOT_REQUIRED = 'not required';
/** Long values (allow-lists) wrap onto several lines at this width. */
const MAX_CELL = 40;

/** An aligned text table (setting | A | B | stricter) for `vigil protocol compare A B`. */
export function formatComparison(aName: string, bName: string, diffs: readonly ProtocolDifference[]): string {
  if (diffs.length === 0) return `${aName} and ${bName} require the same settings.`;
  const label = { a: aName, b: bName, equal: 'same', unknown: '?' } as const;
  // Each row is four cells, each cell one or more lines.
  const rows: string[][][] = [
    [['setting'], [aName], [bName], ['stricter']],
    ...diffs.map((d) => [
      [d.path],
      wrap(d.a ?? NOT_REQUIRED),
      wrap(d.b ?? NOT_REQUIRED),
      [label[d.stricter]],
    ]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.flatMap((r) => (r[c] ?? []).map((l) => l.length))));
  const render = (row: readonly string[][]): string[] => {
    const height = Math.max(...row.map((cell) => cell.length));
    return Array.from({ length: height }, (_, i) =>
      row
        .map((cell, c) => (cell[i] ?? '').padEnd(widths[c] ?? 0))
        .join(' | ')
        .trimEnd(),
    );
  };
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = (s: ProtocolDifference['stricter']): number => diffs.filter((d) => d.stricter === s).length;
  const n = diffs.length;
  const other = count('unknown') + count('equal');
  const summary =
    `${n} difference${n === 1 ? '' : 's'}: ${aName} stricter in ${count('a')}, ${bName} stricter in ${count('b')}` +
    (other > 0 ? `, not comparable in ${other}` : '');
  const [header, ...body] = rows;
  return [...render(header ?? []), rule, ...body.flatMap(render), '', summary].join('\n');
}

/** Splits a comma-separated list into lines of at most MAX_CELL characters (longer items stay whole). */
function wrap(text: string): string[] {
  if (text.length <= MAX_CELL) return [text];
  const lines: string[] = [];
  let current = '';
  for (const item of text.split(', ')) {
    const next = current === '' ? item : `${current}, ${item}`;
    if (current !== '' && next.length + 1 > MAX_CELL) {
      lines.push(`${current},`);
      current = item;
    } else {
      current = next;
    }
  }
  lines.push(current);
  return lines;
}
