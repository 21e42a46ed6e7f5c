/** Incidents with their playbook steps and timeline (tables in schema.incidents.ts). */
import { and, asc, desc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type {
  CompromiseLevel,
  Incident,
  IncidentDevice,
  IncidentResolution,
  IncidentStatus,
  PlaybookStep,
  StepStatus,
  TimelineEntry,
  TimelineKind,
} from '../../../core/lifecycle/incident.ts';
import type { IncidentFact, Severity } from '../../../core/model.ts';
import type { Instant } from '../../../core/time.ts';
import type { IncidentFilter, IncidentRepository } from '../../../services/incidents/ports.ts';
import { incidentSteps, incidents, incidentTimeline, type TimelineDetails } from '../schema.ts';
import type { Tx } from './support.ts';
import { type StoredTransition, stateMachineStore } from './transition-log.ts';

type IncidentRow = typeof incidents.$inferSelect;
type StepRow = typeof incidentSteps.$inferSelect;

const stepRow = (incidentId: string, s: PlaybookStep, position: number) => ({
  incidentId,
  position,
  stepId: s.id,
  title: s.title,
  owner: s.owner,
  status: s.status,
  reason: s.reason,
  at: s.at,
  by: s.by,
  recordedAt: s.recordedAt,
});

/** A timeline entry as logged: its kind is the command, with when it took effect and was recorded. */
const logged = (e: TimelineEntry) => ({
  from: e.from,
  to: e.to,
  command: e.kind,
  at: e.at,
  recordedAt: e.recordedAt ?? e.at,
  actor: e.actor,
  details: { stepId: e.stepId, text: e.text },
});

function toStep(r: StepRow): PlaybookStep {
  return {
    id: r.stepId,
    title: r.title,
    owner: r.owner,
    status: r.status as StepStatus,
    reason: r.reason,
    at: r.at,
    by: r.by,
    recordedAt: r.recordedAt,
  };
}

function toEntry(r: StoredTransition<TimelineDetails>): TimelineEntry {
  return {
    at: r.at,
    recordedAt: r.recordedAt,
    actor: r.actor,
    kind: r.command as TimelineKind,
    stepId: r.details.stepId,
    from: r.from,
    to: r.to,
    text: r.details.text,
  };
}

function toIncident(r: IncidentRow, steps: PlaybookStep[], timeline: TimelineEntry[]): Incident {
  return {
    id: r.id,
    status: r.status as IncidentStatus,
    compromise: r.compromise as CompromiseLevel,
    severity: r.severity as Severity,
    summary: r.summary,
    devices: r.devices,
    personIds: r.personIds,
    inspectionId: r.inspectionId,
    declaredBy: r.declaredBy,
    openedAt: r.openedAt,
    recordedAt: r.recordedAt,
    steps,
    timeline,
    resolution: r.resolution as IncidentResolution | null,
    closedAt: r.closedAt,
    closeRecordedAt: r.closeRecordedAt,
    closedBy: r.closedBy,
    closingNote: r.closingNote,
  };
}

/** The columns the fleet reader needs to build IncidentFacts. */
export const incidentFactColumns = {
  id: incidents.id,
  devices: incidents.devices,
  personIds: incidents.personIds,
  openedAt: incidents.openedAt,
  recordedAt: incidents.recordedAt,
  closedAt: incidents.closedAt,
  closeRecordedAt: incidents.closeRecordedAt,
  inspectionId: incidents.inspectionId,
};

/** The incident as the evaluator sees it at `at`: a close after `at` has not happened yet. */
export function toIncidentFact(
  r: {
    id: string;
    devices: IncidentDevice[];
    personIds: string[];
    openedAt: Instant;
    recordedAt: Instant;
    closedAt: Instant | null;
    closeRecordedAt: Instant | null;
    inspectionId: string | null;
  },
  at: Instant,
): IncidentFact {
  const closed = r.closedAt !== null && r.closedAt <= at;
  return {
    id: r.id,
    deviceIds: r.devices.map((d) => d.deviceId),
    personIds: r.personIds,
    openedAt: r.openedAt,
    closedAt: closed ? r.closedAt : null,
    inspectionId: r.inspectionId,
    // When Vigil learnt of the declaration and of the close (later than they took effect when
    // back-filled): the known-at filter reads them.
    recordedAt: r.recordedAt,
    closeRecordedAt: closed ? r.closeRecordedAt : null,
  };
}

export function incidentRepository(db: Tx): IncidentRepository {
  const store = stateMachineStore(db, {
    current: incidents,
    id: incidents.id,
    state: incidents.status,
    log: incidentTimeline,
    violations: (id) => ({
      unique: { code: 'INCIDENT_INVALID', message: `An incident has id ${id}.`, path: 'id' },
    }),
    stale: 'INCIDENT_STEP_INVALID',
    noun: 'incident',
  });

  /** Steps and timelines of the given incidents, in one query each. */
  async function assemble(rows: IncidentRow[]): Promise<Incident[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const steps = await db
      .select()
      .from(incidentSteps)
      .where(inArray(incidentSteps.incidentId, ids))
      .orderBy(asc(incidentSteps.incidentId), asc(incidentSteps.position));
    const entries = await store.history(ids);
    const stepsBy = new Map<string, PlaybookStep[]>();
    for (const s of steps) stepsBy.set(s.incidentId, [...(stepsBy.get(s.incidentId) ?? []), toStep(s)]);
    const entriesBy = new Map<string, TimelineEntry[]>();
    for (const e of entries) entriesBy.set(e.subjectId, [...(entriesBy.get(e.subjectId) ?? []), toEntry(e)]);
    return rows.map((r) => toIncident(r, stepsBy.get(r.id) ?? [], entriesBy.get(r.id) ?? []));
  }

  return {
    async insert(incident: Incident): Promise<void> {
      const { steps, timeline, ...row } = incident;
      await store.insert(
        { ...row, devices: [...row.devices], personIds: [...row.personIds] },
        incident.id,
        timeline.map(logged),
      );
      await db.insert(incidentSteps).values(steps.map((s, i) => stepRow(incident.id, s, i)));
    },

    async get(id: string, opts: { forUpdate?: boolean } = {}): Promise<Incident | null> {
      const row = await store.get(id, opts.forUpdate === true);
      return row === null ? null : ((await assemble([row]))[0] ?? null);
    },

    async list(filter: IncidentFilter = {}): Promise<Incident[]> {
      const where: SQL[] = [];
      if (filter.status !== undefined) where.push(eq(incidents.status, filter.status));
      if (filter.deviceId !== undefined) {
        where.push(sql`${incidents.devices} @> ${JSON.stringify([{ deviceId: filter.deviceId }])}::jsonb`);
      }
      const rows = await db
        .select()
        .from(incidents)
        .where(where.length === 0 ? undefined : and(...where))
        .orderBy(desc(incidents.openedAt), desc(incidents.id));
      return assemble(rows);
    },

    async update(incident: Incident, before: Incident): Promise<void> {
      await store.apply(
        incident.id,
        before.status,
        {
          status: incident.status,
          resolution: incident.resolution,
          closedAt: incident.closedAt,
          closeRecordedAt: incident.closeRecordedAt,
          closedBy: incident.closedBy,
          closingNote: incident.closingNote,
        },
        incident.timeline.slice(before.timeline.length).map(logged),
      );
      for (const s of incident.steps) {
        await db
          .update(incidentSteps)
          .set({ status: s.status, reason: s.reason, at: s.at, by: s.by, recordedAt: s.recordedAt })
          .where(and(eq(incidentSteps.incidentId, incident.id), eq(incidentSteps.stepId, s.id)));
      }
    },

    async openFor(deviceId: string): Promise<string[]> {
      const rows = await db
        .select({ id: incidents.id })
        .from(incidents)
        .where(
          and(
            ne(incidents.status, 'closed'),
            sql`${incidents.devices} @> ${JSON.stringify([{ deviceId }])}::jsonb`,
          ),
        )
        .orderBy(asc(incidents.id));
      return rows.map((r) => r.id);
    },
  };
}
