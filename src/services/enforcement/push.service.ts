/**
 * Pushes of compiled protocol artifacts to MDMs: which devices a DDM push reaches, recording
 * what went where (`enforcement_pushes`) and which devices it moved onto a policy
 * (`enforcement_device_moves`), both append-only, with one `protocol.pushed` event, and
 * "last pushed", which the drift check reads: for each connector, protocol, role and artifact
 * file, the SHA-256 and the MDM's own token sent last. The sending itself is the MDM
 * adapters' (src/adapters/mdm/push.ts); this service owns no network.
 */
import type { DeviceRole, Person, Platform } from '../../core/model.ts';
import { CommandService } from '../kernel/command-service.ts';
import type { DeviceMoveRecord, OwnedObject, PushFilter, PushRecord } from './ports.ts';

/** One artifact as an MDM took it. */
export type PushedArtifact = Pick<
  PushRecord,
  'role' | 'file' | 'sha256' | 'remoteId' | 'remoteToken' | 'action'
>;

/** An MDM object assigned to a group of devices (Intune), or found already assigned to it. */
export interface PushedAssignment {
  readonly role: DeviceRole;
  readonly remoteId: string;
  /** The group, or the kind of target for one without a group (all devices, all licensed users). */
  readonly groupId: string;
  readonly action: 'assigned' | 'unchanged';
  /** The superseded object whose assignment this was, moved to the object replacing it. */
  readonly from?: string;
}

/**
 * An object Vigil created for a superseded version (or a role the protocol no longer states),
 * as the push left it: `removed` from the MDM now, found `gone` already, or `kept` because
 * removing it would take configuration from devices (`reason` says which).
 */
export interface RetiredObject extends OwnedObject {
  readonly action: 'removed' | 'gone' | 'kept';
  readonly reason: string;
}

/** A managed device put on the role's policy (AMAPI `devices.patch` of its `policyName`). */
export interface MovedDevice {
  readonly role: DeviceRole;
  /** The MDM's name of the device (`enterprises/{id}/devices/{id}`). */
  readonly device: string;
  readonly from: string | null;
  readonly to: string;
}

export interface PushInput {
  readonly source: string;
  readonly target: string;
  readonly protocol: string;
  readonly version: string;
  readonly artifacts: readonly PushedArtifact[];
  /** Enrollments sent the DeclarativeManagement command (DDM), 0 otherwise. */
  readonly notified: number;
  /** Group assignments made or found (Intune); none when the push assigns nothing. */
  readonly assignments?: readonly PushedAssignment[];
  /** Superseded objects Vigil created, removed or kept; none when there were none. */
  readonly retired?: readonly RetiredObject[];
  /** Devices moved onto their role's policy (AMAPI); none for other MDMs. */
  readonly moved?: readonly MovedDevice[];
  /** A withdrawal: nothing sent, every object Vigil created there for the protocol taken out. */
  readonly withdrawn?: boolean;
}

/** What one push recorded: its artifacts' rows and its devices' moves. */
export interface PushReceipts {
  readonly artifacts: PushRecord[];
  readonly moved: DeviceMoveRecord[];
}

/** Each person's protocol by id: their own, else their principal's (null: none, or unknown). */
function protocolsOf(list: readonly Person[]): (id: string | null) => string | null {
  const people = new Map(list.map((p) => [p.id, p]));
  return (id) => {
    const p = id === null ? undefined : people.get(id);
    if (p === undefined) return null;
    return p.protocol ?? (p.principalId === null ? null : (people.get(p.principalId)?.protocol ?? null));
  };
}

export class PushService extends CommandService<'pushes' | 'audit' | 'devices' | 'people' | 'connectors'> {
  /**
   * The source's own ids (enrollment ids: Apple UDIDs, AMAPI device names) of the `platform`
   * devices in service in `role` whose holder is held to `protocol` (staff by their
   * principal's when they have none).
   */
  enrollments(source: string, protocol: string, role: DeviceRole, platform: Platform): Promise<string[]> {
    return this.read(async (tx) => {
      const protocolOf = protocolsOf(await tx.people.list());
      const devices = (await tx.devices.list({ role })).filter(
        (d) =>
          d.platform === platform &&
          d.status !== 'retired' &&
          d.status !== 'wiped' &&
          protocolOf(d.holderId) === protocol,
      );
      return tx.connectors.externalIds(
        source,
        devices.map((d) => d.id),
      );
    });
  }

  /**
   * The people `protocol` governs now (assigned it, or staff whose principal is and who have
   * none of their own): while there are any, it may not be withdrawn from an MDM.
   */
  governed(protocol: string): Promise<string[]> {
    return this.read(async (tx) => {
      const people = await tx.people.list();
      const protocolOf = protocolsOf(people);
      return people.filter((p) => protocolOf(p.id) === protocol).map((p) => p.id);
    });
  }

  /** The objects Vigil created at `source` for `protocol` and has not removed (the receipts say which). */
  owned(source: string, protocol: string): Promise<OwnedObject[]> {
    return this.read((tx) => tx.pushes.owned(source, protocol));
  }

  /**
   * Records what one push sent, each artifact a row, each superseded object it removed (or
   * found gone) a `removed` row and each device it moved a move row, with one `protocol.pushed`
   * event. Returns the artifacts' and the moves' rows.
   */
  record(input: PushInput, actor: string): Promise<PushReceipts> {
    const { now } = this.context(actor);
    return this.transaction(async (tx) => {
      const pushId = this.ids.next('push');
      const records: PushRecord[] = input.artifacts.map((a) => ({
        id: this.ids.next('pushed'),
        pushId,
        pushedAt: now,
        actor,
        source: input.source,
        target: input.target,
        protocol: input.protocol,
        version: input.version,
        ...a,
      }));
      const removals: PushRecord[] = (input.retired ?? [])
        .filter((r) => r.action !== 'kept')
        .map((r) => ({
          id: this.ids.next('pushed'),
          pushId,
          pushedAt: now,
          actor,
          source: input.source,
          target: input.target,
          protocol: input.protocol,
          version: r.version,
          role: r.role,
          file: r.file,
          sha256: r.sha256,
          remoteId: r.remoteId,
          remoteToken: null,
          action: 'removed',
        }));
      const moved: DeviceMoveRecord[] = (input.moved ?? []).map((m) => ({
        id: this.ids.next('moved'),
        pushId,
        movedAt: now,
        actor,
        source: input.source,
        protocol: input.protocol,
        version: input.version,
        ...m,
      }));
      await tx.pushes.append([...records, ...removals]);
      await tx.pushes.appendMoves(moved);
      await tx.audit.append({
        type: 'protocol.pushed',
        at: now,
        actor,
        subject: `protocol:${input.protocol}`,
        payload: {
          source: input.source,
          target: input.target,
          name: input.protocol,
          version: input.version,
          artifacts: input.artifacts.map((a) => ({ ...a })),
          notified: input.notified,
          assignments: (input.assignments ?? []).map((a) => ({ ...a })),
          retired: (input.retired ?? []).map((r) => ({ ...r })),
          moved: (input.moved ?? []).map((m) => ({ ...m })),
          ...(input.withdrawn === true ? { withdrawn: true } : {}),
        },
      });
      return { artifacts: records, moved };
    });
  }

  /**
   * What was pushed last per connector, protocol and role (every one by default): the rows of
   * that push, one per artifact (per declaration for DDM), but objects removed since (by a
   * later push or a withdrawal): what the MDMs hold now, as the protocol page shows it.
   */
  lastPushed(filter: PushFilter = {}): Promise<PushRecord[]> {
    return this.read((tx) => tx.pushes.latest(filter));
  }
}
