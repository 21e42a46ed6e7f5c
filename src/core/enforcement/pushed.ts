/**
 * What the MDMs hold for what Vigil pushed: the token a server keeps for each item it took. A
 * DDM server may replace the `ServerToken` Vigil compiled with one of its own (KMFDDM computes
 * its own), and devices echo the server's; so the token the push recorded for an item of a
 * protocol version is the one a device running that version reports.
 */
import type { DeviceRole } from '../model.ts';
import type { Instant } from '../time.ts';
import type { ExpectedItem } from './applied.ts';

/**
 * One item as an MDM took it: a row of a push record, the fields drift reads and those a
 * compliance receipt shows with it (what artifact went where, by whom), as `protocol.pushed`
 * recorded them.
 */
export interface PushedToken {
  readonly pushedAt: Instant;
  readonly actor: string;
  /** The connector pushed to: the source of the posture reports that echo the token. */
  readonly source: string;
  /** The compile target (`apple-ddm`, `amapi`, `intune`...). */
  readonly target: string;
  readonly protocol: string;
  readonly version: string;
  readonly role: DeviceRole;
  /** The artifact file and its SHA-256 as compiled. */
  readonly file: string;
  readonly sha256: string;
  /** What the push did to the MDM object (`created`, `updated`, `unchanged`). */
  readonly action: string;
  /** The MDM's id of the item (for DDM, the declaration identifier the status report names). */
  readonly remoteId: string;
  readonly remoteToken: string | null;
}

export interface PushedTokens {
  /**
   * `expected` with each token the MDM holds instead, for the latest push of that protocol
   * version and role to `source`; `expected` itself when none differs. Memoized per list.
   */
  substitute(
    expected: readonly ExpectedItem[],
    source: string,
    protocol: string,
    version: string,
    role: DeviceRole,
  ): readonly ExpectedItem[];
}

const key = (...parts: string[]) => parts.join('\u0000');

/** Nothing pushed: every expected token as compiled. */
export const NO_PUSHES: PushedTokens = { substitute: (expected) => expected };

/**
 * Indexes the pushes made at or before `at` (pushes are recorded as made, so the instant is
 * also when Vigil knew): per source, protocol, version, role and item, the latest token.
 */
export function indexPushes(pushes: readonly PushedToken[], at: Instant): PushedTokens {
  const latest = new Map<string, { at: Instant; token: string }>();
  for (const p of pushes) {
    if (p.pushedAt > at || p.remoteToken === null) continue;
    const k = key(p.source, p.protocol, p.version, p.role, p.remoteId);
    const seen = latest.get(k);
    if (seen === undefined || seen.at <= p.pushedAt) latest.set(k, { at: p.pushedAt, token: p.remoteToken });
  }
  if (latest.size === 0) return NO_PUSHES;
  const memo = new Map<string, { of: readonly ExpectedItem[]; out: readonly ExpectedItem[] }>();
  return {
    substitute(expected, source, protocol, version, role) {
      const m = key(source, protocol, version, role);
      const hit = memo.get(m);
      if (hit !== undefined && hit.of === expected) return hit.out;
      let changed = false;
      const out = expected.map((e) => {
        const held = latest.get(key(source, protocol, version, role, e.id))?.token;
        if (held === undefined || held === e.token) return e;
        changed = true;
        return { id: e.id, token: held };
      });
      const result = changed ? out : expected;
      memo.set(m, { of: expected, out: result });
      return result;
    },
  };
}
