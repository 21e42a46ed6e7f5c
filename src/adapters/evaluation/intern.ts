/**
 * Shares the strings and small string lists that a structured clone copies apart. A finding or
 * summary that crosses from the worker arrives with its own copy of every string, its rule,
 * severity, status, protocol, holder and remedy text, its cited sources: per finding several
 * hundred bytes, the same for a million findings. Rebuilt here with one copy of each (same
 * fields, same order, equal by value), the mirror holds about half as much.
 */
import type { ResultPart } from '../../core/compliance/result-delta.ts';
import type { DeviceSummary } from '../../core/compliance/types.ts';
import type { Finding } from '../../core/model.ts';

/** Distinct strings (and lists) kept at most: beyond, values are kept as they came. */
const MAX_KEPT = 200_000;
/** Longer strings are texts of their own (a message), seldom repeated. */
const MAX_SHARED_LENGTH = 400;

export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, readonly unknown[]>();

  string<T extends string | null>(s: T): T {
    if (s === null || s.length > MAX_SHARED_LENGTH) return s;
    const kept = this.#strings.get(s);
    if (kept !== undefined) return kept as T;
    if (this.#strings.size < MAX_KEPT) this.#strings.set(s, s);
    return s;
  }

  /** A list of strings shared by content; any other list as it came. */
  #list(xs: readonly unknown[]): readonly unknown[] {
    if (xs.length > 16 || !xs.every((x) => typeof x === 'string')) return xs;
    const key = xs.join('\u0000');
    const kept = this.#lists.get(key);
    if (kept !== undefined && kept.length === xs.length && kept.every((x, i) => x === xs[i])) return kept;
    const shared = xs.map((x) => this.string(x as string));
    if (this.#lists.size < MAX_KEPT) this.#lists.set(key, shared);
    return shared;
  }

  summary(d: DeviceSummary): DeviceSummary {
    return {
      deviceId: d.deviceId,
      personId: this.string(d.personId),
      protocol: this.string(d.protocol),
      role: this.string(d.role),
      verdict: this.string(d.verdict),
      reason: this.string(d.reason),
      openFindings: d.openFindings,
    };
  }

  finding(f: Finding): Finding {
    const evidence: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.evidence)) {
      const key = this.string(k);
      if (typeof v === 'string') evidence[key] = this.string(v);
      else if (Array.isArray(v)) evidence[key] = this.#list(v);
      else evidence[key] = v;
    }
    return {
      deviceId: f.deviceId,
      personId: this.string(f.personId),
      protocol: this.string(f.protocol),
      rule: this.string(f.rule),
      severity: this.string(f.severity),
      status: this.string(f.status),
      outcome: this.string(f.outcome),
      since: f.since,
      message: f.message,
      evidence,
      remedy: this.string(f.remedy),
      waiver: this.string(f.waiver),
    };
  }

  /** The part with its summaries and findings rebuilt on shared strings. */
  part(p: ResultPart): ResultPart {
    return {
      ...p,
      devices: p.devices.map(([i, d]) => [i, this.summary(d)] as const),
      added: p.added.map(([i, f]) => [i, this.finding(f)] as const),
      ...(p.edits === undefined
        ? {}
        : { edits: p.edits.map(([i, f]) => [i, f === null ? null : this.finding(f)] as const) }),
    };
  }
}
