/**
 * The worker's parts in a compact encoding (docs/adr/0039-evaluation-worker.md): every field of
 * every summary and finding as numbers in one Float64Array, moved (transferred) rather than
 * cloned, and the strings in a table both threads keep for the connection's life, so a string
 * repeated across findings crosses once and the serving thread rebuilds each object from its own
 * copy (shared, as the interner did, without a lookup per string). A structured clone of a part
 * of 2,000 findings walked and copied several hundred objects' worth of strings on each side.
 * Strings seldom repeated (device ids, messages, long texts) cross as they are, in a list.
 *
 * Both sides must see every part in order, each once: the decoder's table is the encoder's,
 * grown by the strings each part adds.
 */
import type { ResultPart } from '../../core/compliance/result-delta.ts';
import type { DeviceSummary } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';

export interface CompactPart {
  readonly at: number;
  readonly deviceCount: number;
  readonly findingCount: number;
  readonly removed: readonly number[];
  readonly last: boolean;
  /** Whether the part is told as edits (`ResultPart.edits` present). */
  readonly asEdits: boolean;
  /** Counts of summaries, findings added and edits, then their fields, in order. */
  readonly numbers: Float64Array;
  /** Strings new to the table, in the order they were given ids. */
  readonly table: readonly string[];
  /** Strings sent as they are. */
  readonly raw: readonly string[];
  /** Evidence values neither string, number nor a list of strings, as they are. */
  readonly other: readonly unknown[];
}

/** Distinct strings kept in the table at most: beyond, strings cross as they are. */
const MAX_TABLE = 200_000;
/** Longer strings are texts of their own (a message), seldom repeated. */
const MAX_SHARED_LENGTH = 400;
const NULL = -1;
const STRING = 0;
const NUMBER = 1;
const LIST = 2;
const OTHER = 3;

export class PartEncoder {
  readonly #ids = new Map<string, number>();
  readonly #max: number;
  #n: number[] = [];
  #table: string[] = [];
  #raw: string[] = [];
  #other: unknown[] = [];

  constructor(maxTable = MAX_TABLE) {
    this.#max = maxTable;
  }

  /** A string: its id in the table (>= 0), -1 for null, or -2 - its place among the raw ones. */
  #ref(s: string | null, shared = true): void {
    if (s === null) {
      this.#n.push(NULL);
      return;
    }
    if (shared && s.length <= MAX_SHARED_LENGTH) {
      const id = this.#ids.get(s);
      if (id !== undefined) {
        this.#n.push(id);
        return;
      }
      if (this.#ids.size < this.#max) {
        const next = this.#ids.size;
        this.#ids.set(s, next);
        this.#table.push(s);
        this.#n.push(next);
        return;
      }
    }
    this.#raw.push(s);
    this.#n.push(-2 - (this.#raw.length - 1));
  }

  #summary(d: DeviceSummary): void {
    this.#ref(d.deviceId, false);
    this.#ref(d.personId);
    this.#ref(d.protocol);
    this.#ref(d.role);
    this.#ref(d.verdict);
    this.#ref(d.reason);
    this.#n.push(d.openFindings);
  }

  #finding(f: Finding): void {
    this.#ref(f.deviceId, false);
    this.#ref(f.personId);
    this.#ref(f.protocol);
    this.#ref(f.rule);
    this.#ref(f.severity);
    this.#ref(f.status);
    this.#ref(f.outcome);
    this.#n.push(f.since);
    this.#ref(f.message, false);
    const entries = Object.entries(f.evidence);
    this.#n.push(entries.length);
    for (const [k, v] of entries) {
      this.#ref(k);
      if (typeof v === 'string') {
        this.#n.push(STRING);
        this.#ref(v);
      } else if (typeof v === 'number') {
        this.#n.push(NUMBER, v);
      } else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
        this.#n.push(LIST, v.length);
        for (const x of v as string[]) this.#ref(x);
      } else {
        this.#n.push(OTHER);
        this.#other.push(v);
      }
    }
    this.#ref(f.remedy);
    this.#ref(f.waiver);
  }

  encode(p: ResultPart): CompactPart {
    this.#n = [p.devices.length, p.added.length, p.edits?.length ?? 0];
    this.#table = [];
    this.#raw = [];
    this.#other = [];
    for (const [i, d] of p.devices) {
      this.#n.push(i);
      this.#summary(d);
    }
    for (const [i, f] of p.added) {
      this.#n.push(i);
      this.#finding(f);
    }
    for (const [i, f] of p.edits ?? []) {
      this.#n.push(i, f === null ? 0 : 1);
      if (f !== null) this.#finding(f);
    }
    return {
      at: p.at,
      deviceCount: p.deviceCount,
      findingCount: p.findingCount,
      removed: p.removed,
      last: p.last,
      asEdits: p.edits !== undefined,
      numbers: Float64Array.from(this.#n),
      table: this.#table,
      raw: this.#raw,
      other: this.#other,
    };
  }
}

export class PartDecoder {
  readonly #table: string[] = [];
  readonly #lists = new Map<string, readonly (string | null)[]>();
  #n: Float64Array = new Float64Array(0);
  #at = 0;
  #raw: readonly string[] = [];
  #other: readonly unknown[] = [];
  #o = 0;

  #num(): number {
    if (this.#at >= this.#n.length) throw new Error('compact part: numbers missing');
    return this.#n[this.#at++] as number;
  }

  #str(): string | null {
    const r = this.#num();
    if (r === NULL) return null;
    const s = r >= 0 ? this.#table[r] : this.#raw[-2 - r];
    if (s === undefined) throw new Error('compact part: unknown string');
    return s;
  }

  /** A list of strings, shared by content (the cited sources repeat across findings). */
  #list(): readonly (string | null)[] {
    const refs = Array.from({ length: this.#num() }, () => this.#num());
    const shareable = refs.length <= 16 && refs.every((r) => r >= 0);
    const key = shareable ? refs.join(',') : '';
    const kept = shareable ? this.#lists.get(key) : undefined;
    if (kept !== undefined) return kept;
    const list = refs.map((r) => {
      const s = r === NULL ? null : r >= 0 ? this.#table[r] : this.#raw[-2 - r];
      if (s === undefined) throw new Error('compact part: unknown string');
      return s;
    });
    if (shareable && this.#lists.size < MAX_TABLE) this.#lists.set(key, list);
    return list;
  }

  #summary(): DeviceSummary {
    return {
      deviceId: this.#str() as string,
      personId: this.#str(),
      protocol: this.#str(),
      role: this.#str() as string,
      verdict: this.#str() as DeviceSummary['verdict'],
      reason: this.#str(),
      openFindings: this.#num(),
    };
  }

  #finding(): Finding {
    const deviceId = this.#str();
    const personId = this.#str();
    const protocol = this.#str();
    const rule = this.#str() as string;
    const severity = this.#str() as Finding['severity'];
    const status = this.#str() as Finding['status'];
    const outcome = this.#str() as Finding['outcome'];
    const since = this.#num();
    const message = this.#str() as string;
    const evidence: Record<string, unknown> = {};
    for (let k = this.#num(); k > 0; k--) {
      const key = this.#str() as string;
      const kind = this.#num();
      if (kind === STRING) evidence[key] = this.#str();
      else if (kind === NUMBER) evidence[key] = this.#num();
      else if (kind === LIST) evidence[key] = this.#list();
      else evidence[key] = this.#other[this.#o++];
    }
    const remedy = this.#str() as string;
    const waiver = this.#str();
    return {
      deviceId,
      personId,
      protocol,
      rule,
      severity,
      status,
      outcome,
      since,
      message,
      evidence,
      remedy,
      waiver,
    };
  }

  decode(c: CompactPart): ResultPart {
    for (const s of c.table) this.#table.push(s);
    this.#n = c.numbers;
    this.#at = 0;
    this.#raw = c.raw;
    this.#other = c.other;
    this.#o = 0;
    const nd = this.#num();
    const na = this.#num();
    const ne = this.#num();
    const devices = Array.from({ length: nd }, () => [this.#num(), this.#summary()] as const);
    const added = Array.from({ length: na }, () => [this.#num(), this.#finding()] as const);
    const edits = Array.from({ length: ne }, () => {
      const i = this.#num();
      return [i, this.#num() === 0 ? null : this.#finding()] as const;
    });
    if (this.#at !== this.#n.length || this.#o !== this.#other.length)
      throw new Error('compact part: left over');
    return {
      at: c.at,
      deviceCount: c.deviceCount,
      findingCount: c.findingCount,
      devices,
      removed: c.removed,
      added,
      ...(c.asEdits ? { edits } : {}),
      last: c.last,
    };
  }
}
