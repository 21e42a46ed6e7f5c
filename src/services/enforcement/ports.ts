/** The ports of the enforcement context: what was pushed to which MDM (adapters/db implements them). */
import type { DeviceRole } from '../../core/model.ts';
import type { Instant } from '../../core/time.ts';

/**
 * What a push did to an MDM object: `removed` is an object Vigil created for a superseded
 * version taken out of the MDM (or found gone), recorded so it is not tried again.
 */
export const PUSH_ACTIONS = ['created', 'updated', 'unchanged', 'removed'] as const;
export type PushAction = (typeof PUSH_ACTIONS)[number];

/** One artifact sent to one MDM. */
export interface PushRecord {
  readonly id: string;
  /** Shared by the rows of one push. */
  readonly pushId: string;
  readonly pushedAt: Instant;
  readonly actor: string;
  /** The connector (`intune`, `android-management`, `apple-mdm`). */
  readonly source: string;
  readonly target: string;
  readonly protocol: string;
  readonly version: string;
  readonly role: DeviceRole;
  readonly file: string;
  /** SHA-256 of the artifact as compiled (what `protocol.compiled` recorded). */
  readonly sha256: string;
  /** The MDM's own id: a Graph object id, an AMAPI policy name, a DDM declaration identifier. */
  readonly remoteId: string;
  /** The MDM's own token for it, when it keeps one (a DDM ServerToken, an AMAPI policy version). */
  readonly remoteToken: string | null;
  readonly action: PushAction;
}

/** An MDM object Vigil created (a `created` row), not since removed: the only kind a push removes. */
export type OwnedObject = Pick<PushRecord, 'role' | 'version' | 'file' | 'sha256' | 'remoteId'>;

/** A managed device a push put onto its role's policy (AMAPI `devices.patch` of `policyName`). */
export interface DeviceMoveRecord {
  readonly id: string;
  /** The push it was part of (its artifacts' `pushId`). */
  readonly pushId: string;
  readonly movedAt: Instant;
  readonly actor: string;
  readonly source: string;
  readonly protocol: string;
  readonly version: string;
  readonly role: DeviceRole;
  /** The MDM's name of the device (`enterprises/{id}/devices/{id}`). */
  readonly device: string;
  /** The policy it was on (null: none), and the one it was put on. */
  readonly from: string | null;
  readonly to: string;
}

export interface PushFilter {
  readonly source?: string;
  readonly protocol?: string;
  readonly role?: DeviceRole;
}

export interface PushRepository {
  append(records: readonly PushRecord[]): Promise<void>;
  appendMoves(moves: readonly DeviceMoveRecord[]): Promise<void>;
  /**
   * Every record of the latest push per (source, protocol, role) among those matching the
   * filter, but the objects removed since (what the MDM holds now), ordered by source,
   * protocol, role, file and remote id.
   */
  latest(filter: PushFilter): Promise<PushRecord[]>;
  /**
   * The objects a `created` row says Vigil made at `source` for `protocol`, with no later
   * `removed` row for the same object, oldest first (the row that created each).
   */
  owned(source: string, protocol: string): Promise<OwnedObject[]>;
}
