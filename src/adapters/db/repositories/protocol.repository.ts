/** Protocol versions and protocol assignments: both append-only, both read by as-of evaluation. */
import { asc, lte } from 'drizzle-orm';
import type { Instant } from '../../../core/time.ts';
import type {
  AssignmentRepository,
  ProtocolAssignment,
  ProtocolRepository,
  ProtocolVersion,
} from '../../../services/protocols/ports.ts';
import { protocolAssignments, protocolVersions } from '../schema.ts';
import { guard, type Tx } from './support.ts';

export const protocolVersionColumns = {
  name: protocolVersions.name,
  version: protocolVersions.version,
  text: protocolVersions.text,
  sha256: protocolVersions.sha256,
  effectiveAt: protocolVersions.effectiveAt,
  recordedAt: protocolVersions.recordedAt,
  recordedBy: protocolVersions.recordedBy,
};

export const protocolVersionOrder = [
  asc(protocolVersions.effectiveAt),
  asc(protocolVersions.recordedAt),
  asc(protocolVersions.name),
  asc(protocolVersions.version),
];

export const assignmentColumns = {
  personId: protocolAssignments.personId,
  protocol: protocolAssignments.protocol,
  at: protocolAssignments.at,
  assignedBy: protocolAssignments.assignedBy,
  recordedAt: protocolAssignments.recordedAt,
};

export function protocolRepository(db: Tx): ProtocolRepository {
  return {
    /**
     * A (name, version) pair is stored once. Appending it again, even with the same text, is
     * PROTOCOL_VERSION_EXISTS: a version, once stored, is never replaced (publish a new version).
     */
    async append(v: ProtocolVersion): Promise<void> {
      await guard(db.insert(protocolVersions).values({ ...v }), {
        unique: {
          code: 'PROTOCOL_VERSION_EXISTS',
          message: `Version ${v.version} of protocol ${v.name} is already stored; versions are never replaced.`,
          path: 'metadata.version',
        },
      });
    },

    /** Oldest first: by effective time, then recording time, then name and version. */
    async listVersions(): Promise<ProtocolVersion[]> {
      return db
        .select(protocolVersionColumns)
        .from(protocolVersions)
        .orderBy(...protocolVersionOrder);
    },
  };
}

export function assignmentRepository(db: Tx): AssignmentRepository {
  return {
    async append(a: ProtocolAssignment): Promise<void> {
      await guard(db.insert(protocolAssignments).values({ ...a }), {
        foreignKeys: {
          protocol_assignments_person_id_inventory_people_id_fk: {
            code: 'PERSON_NOT_FOUND',
            message: `No person has id ${a.personId}.`,
            path: 'personId',
          },
        },
      });
    },

    /** Oldest first (by `at`, then insertion order). */
    async list(atOrBefore?: Instant): Promise<ProtocolAssignment[]> {
      return db
        .select(assignmentColumns)
        .from(protocolAssignments)
        .where(atOrBefore === undefined ? undefined : lte(protocolAssignments.at, atOrBefore))
        .orderBy(asc(protocolAssignments.at), asc(protocolAssignments.seq));
    },
  };
}
