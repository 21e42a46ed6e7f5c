/**
 * The compliance summary (`GET /compliance/summary`) from an evaluation's counts (tally.ts), and
 * its JSON kept from one evaluation to the next. The summary lists every holder and every
 * principal: at 300,000 devices some 110,000 entries, 15.8 MB of JSON, which took 0.2-0.6 s to
 * write again after each posture report that changed one device. `SummaryText` keeps each
 * entry's JSON in blocks of the sorted list, each block's text made once: after a change carried
 * by `retally`, only the entries of the people it touched (and of their principals) are written
 * again, and the blocks holding them joined again. Whatever the tallies, its text equals
 * `JSON.stringify(summaryOf(t, everyone))` (a property test holds it). Pure.
 */
import { deviceCount } from '../compliance/block-result.ts';
import type { DeviceVerdict, EvaluationResult } from '../compliance/types.ts';
import type { FindingStatus, Person, Severity } from '../model.ts';
import { toIso } from '../time.ts';
import { type TileId, tilesOf } from './explain.ts';
import { type Tally, tally } from './tally.ts';

export type PersonRef = Pick<Person, 'id' | 'kind' | 'principalId'>;

type Verdicts = Record<DeviceVerdict, number>;

/** The summary's shape (the route's response schema, `summarySchema`). */
export interface Summary {
  asOf: string;
  knownAt: string | null;
  devices: { total: number; byVerdict: Verdicts };
  findings: Record<FindingStatus, number> & {
    bySeverity: Record<Severity, number>;
    byRule: Record<string, number>;
  };
  people: { personId: string | null; devices: number; byVerdict: Verdicts; openFindings: number }[];
  principals: {
    personId: string;
    staff: string[];
    devices: number;
    byVerdict: Verdicts;
    openFindings: number;
  }[];
  roles: { role: string; devices: number; byVerdict: Verdicts; openFindings: number }[];
  tiles: { id: TileId; count: number; parts: { label: string; count: number }[]; text: string }[];
}

const VERDICTS: readonly DeviceVerdict[] = ['compliant', 'non-compliant', 'waived', 'not-evaluated'];

const noVerdicts = (): Verdicts => ({ compliant: 0, 'non-compliant': 0, waived: 0, 'not-evaluated': 0 });

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Counts an evaluation by verdict, status, severity, rule, person, principal and device role.
 * A person's open findings are the findings naming them, so a finding about a personal phone in
 * a zone (whose device is not evaluated) or about the person alone counts for them and their
 * principal, as the findings list shows it.
 */
export function summarize(result: EvaluationResult, everyone: readonly PersonRef[] = []): Summary {
  return summaryOf(tally(result), everyone);
}

/** The summary from an evaluation's counts (`tally`, or `retally` after a change). */
export function summaryOf(t: Tally, everyone: readonly PersonRef[]): Summary {
  const people: Summary['people'] = [];
  for (const personId of t.people.keys()) {
    const e = personEntry(personId, t);
    if (e !== null) people.push(e);
  }
  const principals: Summary['principals'] = [];
  const { members } = principalsOf(everyone);
  for (const [id, list] of members) {
    const e = principalEntry(id, list, t);
    if (e !== null) principals.push(e);
  }
  return {
    ...head(t),
    people: people.sort((a, b) => byKey(a.personId ?? '', b.personId ?? '')),
    principals: principals.sort((a, b) => byKey(a.personId, b.personId)),
    roles: rolesOf(t),
    tiles: tilesOf(t).map((x) => ({ ...x, parts: [...x.parts] })),
  };
}

function head(t: Tally): Pick<Summary, 'asOf' | 'knownAt' | 'devices' | 'findings'> {
  const { result } = t;
  const byRule = [...t.byRule].filter(([, n]) => n > 0).sort(([a], [b]) => byKey(a, b));
  return {
    asOf: toIso(result.at),
    knownAt: result.knownAt === undefined ? null : toIso(result.knownAt),
    devices: { total: deviceCount(result), byVerdict: { ...t.byVerdict } },
    findings: { ...t.status, bySeverity: { ...t.bySeverity }, byRule: Object.fromEntries(byRule) },
  };
}

function rolesOf(t: Tally): Summary['roles'] {
  const roles: Summary['roles'] = [];
  for (const [role, g] of t.roles)
    if (g.devices > 0)
      roles.push({ role, devices: g.devices, byVerdict: { ...g.byVerdict }, openFindings: g.openFindings });
  return roles.sort((a, b) => byKey(a.role, b.role));
}

/** A holder's or person's entry; null when they hold no device and no open finding names them. */
function personEntry(personId: string | null, t: Tally): Summary['people'][number] | null {
  const g = t.people.get(personId);
  if (g === undefined || (g.devices <= 0 && g.openFindings <= 0)) return null;
  return { personId, devices: g.devices, byVerdict: { ...g.byVerdict }, openFindings: g.openFindings };
}

/** The people each principal's entry counts (the principal and their staff, in `everyone`'s order). */
interface Principals {
  readonly members: ReadonlyMap<string, readonly PersonRef[]>;
  /** Person id -> the principal whose entry counts them. */
  readonly of: ReadonlyMap<string, string>;
}

function principalsOf(everyone: readonly PersonRef[]): Principals {
  const members = new Map<string, PersonRef[]>();
  for (const p of everyone) if (p.kind === 'principal') members.set(p.id, []);
  const of = new Map<string, string>();
  for (const p of everyone) {
    const key = p.kind === 'principal' ? p.id : (p.principalId ?? '');
    const list = members.get(key);
    if (list === undefined) continue;
    list.push(p);
    of.set(p.id, key);
  }
  return { members, of };
}

function principalEntry(
  id: string,
  members: readonly PersonRef[],
  t: Tally,
): Summary['principals'][number] | null {
  const e = { personId: id, staff: [] as string[], devices: 0, byVerdict: noVerdicts(), openFindings: 0 };
  for (const p of members) {
    const mine = t.people.get(p.id);
    if (mine === undefined || (mine.devices === 0 && mine.openFindings === 0)) continue;
    if (p.id !== id) e.staff.push(p.id);
    e.devices += mine.devices;
    e.openFindings += mine.openFindings;
    for (const v of VERDICTS) e.byVerdict[v] += mine.byVerdict[v];
  }
  return e.devices > 0 || e.openFindings > 0 ? e : null;
}

/** Entries per block once built. */
const BLOCK = 512;

interface Block {
  /** Keys of the entries in the block, sorted. */
  readonly keys: string[];
  /** The entries' JSON joined, or null once an entry changed. */
  text: string | null;
}

/**
 * A JSON array of entries sorted by key, kept in blocks: setting an entry's JSON (or taking it
 * out) edits one block and drops its text, and the array's text joins the blocks' texts.
 */
class Section {
  readonly #json = new Map<string, string>();
  /** Blocks in key order; block b holds the keys from `#lows[b]` (the first: any) to the next's. */
  readonly #blocks: Block[] = [];
  readonly #lows: string[] = [];

  constructor(entries: readonly (readonly [string, string])[], size: number) {
    for (let i = 0; i < entries.length; i += size) {
      const slice = entries.slice(i, i + size);
      this.#blocks.push({ keys: slice.map(([k]) => k), text: null });
      this.#lows.push(slice[0]?.[0] ?? '');
    }
    if (this.#blocks.length === 0) {
      this.#blocks.push({ keys: [], text: null });
      this.#lows.push('');
    }
    for (const [k, j] of entries) this.#json.set(k, j);
  }

  /** Sets the entry of `key` to `json`, or (null) takes it out. */
  set(key: string, json: string | null): void {
    const had = this.#json.has(key);
    if (json === null) {
      if (!had) return;
      this.#json.delete(key);
    } else {
      if (had && this.#json.get(key) === json) return;
      this.#json.set(key, json);
    }
    const block = this.#blocks[this.#blockOf(key)] as Block;
    block.text = null;
    if (had === (json !== null)) return;
    const keys = block.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    if (json === null) keys.splice(lo, 1);
    else keys.splice(lo, 0, key);
  }

  text(): string {
    // Concatenated, not joined: the engine links the blocks' texts rather than copying them (the
    // response copies the whole once, as it is sent).
    let out = '';
    for (const block of this.#blocks) {
      if (block.keys.length === 0) continue;
      block.text ??= block.keys.map((k) => this.#json.get(k) as string).join(',');
      out = out === '' ? block.text : `${out},${block.text}`;
    }
    return `[${out}]`;
  }

  /** The last block whose low is at or before `key` (the first block takes any key before). */
  #blockOf(key: string): number {
    let lo = 0;
    let hi = this.#lows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.#lows[mid] as string) <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Tallies followed back at most from a new one to the one whose text is kept. */
const MAX_HOPS = 16;

/** The key of a holder in the people section: its sort key (nobody's first). */
const personKey = (personId: string | null) => personId ?? '';

/**
 * The summary's JSON of a sequence of tallies of the fleet now (each carried from an earlier
 * one by `retally`, or counted anew), kept from one to the next.
 */
export class SummaryText {
  #tally: Tally | null = null;
  #everyone: readonly PersonRef[] | null = null;
  #principals: Principals | null = null;
  #people: Section | null = null;
  #principalEntries: Section | null = null;
  /** Entries per block once built (tests make it small). */
  readonly #size: number;
  /** Entries written at the last call (for tests and the benchmark). */
  written = 0;

  constructor(size = BLOCK) {
    this.#size = Math.max(1, size);
  }

  text(t: Tally, everyone: readonly PersonRef[]): string {
    const touched = everyone === this.#everyone ? this.#touchedSince(t) : null;
    if (touched === null) this.#build(t, everyone);
    else this.#update(t, touched);
    this.#tally = t;
    const h = JSON.stringify(head(t));
    return (
      `${h.slice(0, -1)},"people":${(this.#people as Section).text()}` +
      `,"principals":${(this.#principalEntries as Section).text()}` +
      `,"roles":${JSON.stringify(rolesOf(t))}` +
      `,"tiles":${JSON.stringify(tilesOf(t).map((x) => ({ ...x, parts: [...x.parts] })))}}`
    );
  }

  /** The people touched from the kept tally to `t`; null when `t` does not follow from it. */
  #touchedSince(t: Tally): Set<string | null> | null {
    const kept = this.#tally;
    if (kept === null) return null;
    const touched = new Set<string | null>();
    let at: Tally | undefined = t;
    for (let hops = 0; at !== kept; hops++) {
      if (at === undefined || at.touched === null || hops === MAX_HOPS) return null;
      for (const p of at.touched) touched.add(p);
      at = at.carriedFrom?.deref();
    }
    return touched;
  }

  #build(t: Tally, everyone: readonly PersonRef[]): void {
    const s = summaryOf(t, everyone);
    this.#everyone = everyone;
    this.#principals = principalsOf(everyone);
    this.#people = new Section(
      s.people.map((e) => [personKey(e.personId), JSON.stringify(e)] as const),
      this.#size,
    );
    this.#principalEntries = new Section(
      s.principals.map((e) => [e.personId, JSON.stringify(e)] as const),
      this.#size,
    );
    this.written = s.people.length + s.principals.length;
  }

  #update(t: Tally, touched: ReadonlySet<string | null>): void {
    const principals = this.#principals as Principals;
    const people = this.#people as Section;
    const entries = this.#principalEntries as Section;
    const again = new Set<string>();
    for (const personId of touched) {
      const e = personEntry(personId, t);
      people.set(personKey(personId), e === null ? null : JSON.stringify(e));
      const principal = personId === null ? undefined : principals.of.get(personId);
      if (principal !== undefined) again.add(principal);
    }
    for (const id of again) {
      const e = principalEntry(id, principals.members.get(id) ?? [], t);
      entries.set(id, e === null ? null : JSON.stringify(e));
    }
    this.written = touched.size + again.size;
  }
}
