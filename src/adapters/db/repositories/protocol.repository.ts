/** Protocol versions and protocol assignments: both append-only, both read by as-of evaluation. */
import { and, asc, eq, lte, type SQL } from 'drizzle-orm';
import type { Instant } from '../../../core/time.ts';
import type {
  AssignmentRepository,
  ProtocolAssignment,
  ProtocolDecision,
  ProtocolRepository,
  ProtocolVersion,
} from '../../../services/protocols/ports.ts';
import { protocolAssignments, protocolDecisions, protocolVersions } from '../schema.ts';
import { guard, type Tx } from './support.ts';

const protocolVersionColumns = {
  name: protocolVersions.name,
  version: protocolVersions.version,
  text: protocolVersions.text,
  sha256: protocolVersions.sha256,
  effectiveAt: protocolVersions.effectiveAt,
  recordedAt: protocolVersions.recordedAt,
  recordedBy: protocolVersions.recordedBy,
  approval: protocolVersions.approval,
  decided: protocolDecisions.approved,
  decidedBy: protocolDecisions.decidedBy,
  decisionPersonId: protocolDecisions.personId,
  decisionReason: protocolDecisions.reason,
  decisionEffectiveAt: protocolDecisions.effectiveAt,
  decisionRecordedAt: protocolDecisions.recordedAt,
};

/**
 * The versions (with their decisions) matching `where`, oldest first: by effective time, then
 * recording time, then name and version. A version needing no second person reads without its
 * `approval` and `decision`, as versions did before there were any.
 */
export async function selectVersions(db: Tx, where?: SQL): Promise<ProtocolVersion[]> {
  const rows = await db
    .select(protocolVersionColumns)
    .from(protocolVersions)
    .leftJoin(
      protocolDecisions,
      and(
        eq(protocolDecisions.name, protocolVersions.name),
        eq(protocolDecisions.version, protocolVersions.version),
      ),
    )
    .where(where)
    .orderBy(
      asc(protocolVersions.effectiveAt),
      asc(protocolVersions.recordedAt),
      asc(protocolVersions.name),
      asc(protocolVersions.version),
    );
  return rows.map((r): ProtocolVersion => {
    const base = {
      name: r.name,
      version: r.version,
      text: r.text,
      sha256: r.sha256,
      effectiveAt: r.effectiveAt,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
    };
    if (r.approval !== 'two-person') return base;
    const decision: ProtocolDecision | null =
      r.decided === null ||
      r.decidedBy === null ||
      r.decisionEffectiveAt === null ||
      r.decisionRecordedAt === null
        ? null
        : {
            name: r.name,
            version: r.version,
            approved: r.decided,
            decidedBy: r.decidedBy,
            personId: r.decisionPersonId,
            reason: r.decisionReason,
            effectiveAt: r.decisionEffectiveAt,
            recordedAt: r.decisionRecordedAt,
          };
    return { ...base, approval: 'two-person', decision };
  });
}

/** The versions effective at or before `at` (a proposed one's approval may be later: in force reads both). */
export const versionsEffectiveBy = (db: Tx, at: Instant) =>
  selectVersions(db, lte(protocolVersions.effectiveAt, at));

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
      const { decision: _, ...row } = v;
      await guard(db.insert(protocolVersions).values(row), {
        unique: {
          code: 'PROTOCOL_VERSION_EXISTS',
          message: `Version ${v.version} of protocol ${v.name} is already stored; versions are never replaced.`,
          path: 'metadata.version',
        },
      });
    },

    listVersions(): Promise<ProtocolVersion[]> {
      return selectVersions(db);
    },

    async decide(d: ProtocolDecision): Promise<void> {
      await guard(db.insert(protocolDecisions).values({ ...d }), {
        unique: {
          code: 'PROTOCOL_VERSION_NOT_PROPOSED',
          message: `Version ${d.version} of protocol ${d.name} was already decided on; a decision is final.`,
          path: 'version',
        },
        foreignKeys: {
          protocol_decisions_version_fk: {
            code: 'PROTOCOL_NOT_FOUND',
            message: `No version ${d.version} of protocol ${d.name} is stored.`,
            path: 'version',
          },
        },
      });
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
