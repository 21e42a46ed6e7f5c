/**
 * Incidents: a device suspected or known to be compromised, contained by a playbook.
 *
 * States: `open` (declared; its devices quarantined; no step started) -> `containing` (a step
 * started or finished) -> `contained` (every step done or skipped with a reason) -> `closed`
 * (with a resolution). The first three follow from the steps; only `close` is a command of its
 * own, and only a contained incident closes, so nothing in the playbook is silently dropped: a
 * step that does not apply is skipped with its reason. Steps only move forward (pending ->
 * in-progress -> done | skipped) and done or skipped is final.
 *
 * Quarantine: declaring an incident quarantines its devices; they stay quarantined until the
 * incident closes, and the resolution says what becomes of them: `cleared` (examined, nothing
 * found) returns each to the status it had before, `wiped` wipes them, `retained` retires them
 * as evidence. Transitions return the device status changes as effects; the service applies
 * them in the same transaction.
 *
 * Pure: `(state, command, now, actor)` -> `{ state, effects }`, or a VigilError for a command
 * the state does not allow (the state is then unchanged).
 */
import { VigilError } from '../errors.ts';
import type { DeviceStatus, Severity } from '../model.ts';
import type { CompiledPlaybookStep, CompiledProtocol } from '../protocol/compiled.ts';
import type { Instant } from '../time.ts';
import { inOrder } from './order.ts';

export const INCIDENT_STATES = ['open', 'containing', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATES)[number];

/** How sure the declarer is: `suspected` (indicators) or `confirmed` compromise. */
export const COMPROMISE_LEVELS = ['suspected', 'confirmed'] as const;
export type CompromiseLevel = (typeof COMPROMISE_LEVELS)[number];

export const STEP_STATUSES = ['pending', 'in-progress', 'done', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const INCIDENT_RESOLUTIONS = ['cleared', 'wiped', 'retained'] as const;
export type IncidentResolution = (typeof INCIDENT_RESOLUTIONS)[number];

/** Who carries a step out: everyone holding a role (notified as a role), or one person. */
export type StepOwner = { readonly role: CompiledPlaybookStep['owner'] } | { readonly personId: string };

export interface PlaybookStep {
  readonly id: string;
  readonly title: string;
  readonly owner: StepOwner;
  readonly status: StepStatus;
  /** Why the step was skipped (required then), or a note on completion. */
  readonly reason: string | null;
  /** When the status last changed, and who changed it; null while pending. */
  readonly at: Instant | null;
  readonly by: string | null;
  /** When that change was recorded (later than `at` when back-filled); null while pending. */
  readonly recordedAt: Instant | null;
}

export const TIMELINE_KINDS = ['opened', 'state', 'step', 'closed'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** When it took effect. */
  readonly at: Instant;
  /** When it was recorded (absent: at `at`). */
  readonly recordedAt?: Instant;
  readonly actor: string;
  readonly kind: TimelineKind;
  /** For `step` entries. */
  readonly stepId: string | null;
  readonly from: string | null;
  readonly to: string;
  readonly text: string;
}

export interface IncidentDevice {
  readonly deviceId: string;
  /** The status the device had when the incident quarantined it (restored on `cleared`). */
  readonly priorStatus: DeviceStatus | null;
}

export interface Incident {
  readonly id: string;
  readonly status: IncidentStatus;
  readonly compromise: CompromiseLevel;
  readonly severity: Severity;
  readonly summary: string;
  readonly devices: readonly IncidentDevice[];
  readonly personIds: readonly string[];
  readonly inspectionId: string | null;
  readonly declaredBy: string;
  /** When it was declared (given when back-filled). */
  readonly openedAt: Instant;
  /** When the declaration was recorded. */
  readonly recordedAt: Instant;
  readonly steps: readonly PlaybookStep[];
  readonly timeline: readonly TimelineEntry[];
  readonly resolution: IncidentResolution | null;
  readonly closedAt: Instant | null;
  /** When the close was recorded. */
  readonly closeRecordedAt: Instant | null;
  readonly closedBy: string | null;
  readonly closingNote: string | null;
}

/** A device status change the service applies with the transition. */
export interface DeviceStatusEffect {
  readonly deviceId: string;
  readonly status: DeviceStatus;
  readonly reason: string;
}

export interface Transition {
  readonly state: Incident;
  readonly effects: readonly DeviceStatusEffect[];
  /** The timeline entries this transition added (also appended to `state.timeline`). */
  readonly added: readonly TimelineEntry[];
}

/** The playbook when the protocol names none. */
export const DEFAULT_PLAYBOOK: readonly CompiledPlaybookStep[] = [
  {
    id: 'quarantine',
    title: 'Quarantine the device (isolate it from networks and collect it)',
    owner: 'technician',
  },
  { id: 'replacement', title: 'Stage and hand over a replacement device', owner: 'technician' },
  {
    id: 'revoke-accounts',
    title: "Revoke the holder's accounts and sessions on the device",
    owner: 'technician',
  },
  { id: 'forensic-copy', title: 'Take a forensic copy of the device', owner: 'technician' },
  { id: 'notify-officer', title: 'Notify the security officer', owner: 'officer' },
];

/** The playbook an incident under `protocol` follows (the default when it names none). */
export function playbookOf(protocol: CompiledProtocol | null): readonly CompiledPlaybookStep[] {
  return protocol?.incidents?.playbook ?? DEFAULT_PLAYBOOK;
}

/** What declaring an incident takes: the incident's own facts, and the playbook it will follow. */
export interface OpenIncident
  extends Pick<
    Incident,
    'id' | 'compromise' | 'severity' | 'summary' | 'devices' | 'personIds' | 'inspectionId'
  > {
  readonly playbook: readonly CompiledPlaybookStep[];
}

export type IncidentCommand =
  | {
      readonly kind: 'step';
      readonly stepId: string;
      readonly status: Exclude<StepStatus, 'pending'>;
      readonly reason?: string | null;
    }
  | {
      readonly kind: 'close';
      readonly resolution: IncidentResolution;
      readonly note?: string | null;
      /**
       * Closing is a two-person rule between people: the person closing (null: a credential or
       * actor with no person, such as the CLI operator or imported history) must not be one of
       * `involvedPersonIds`, the people who declared the incident or recorded one of its steps
       * (the service resolves their actors; actors with no person count as no one).
       */
      readonly closerPersonId?: string | null;
      readonly involvedPersonIds?: readonly string[];
    };

const QUARANTINE_REASON = (id: string) => `Quarantined by incident ${id}`;

/**
 * Declares an incident: every device named is quarantined from `now`, the instant it took
 * effect; `recordedAt` is when it is recorded (later when back-filled).
 */
export function openIncident(
  input: OpenIncident,
  now: Instant,
  actor: string,
  recordedAt: Instant = now,
): Transition {
  if (input.devices.length === 0) {
    throw new VigilError('INCIDENT_INVALID', 'an incident names at least one device', [
      { path: 'deviceIds', message: 'expected at least one device id' },
    ]);
  }
  const ids = input.devices.map((d) => d.deviceId);
  if (new Set(ids).size !== ids.length) {
    throw new VigilError('INCIDENT_INVALID', 'a device is named twice', [
      { path: 'deviceIds', message: 'expected distinct device ids' },
    ]);
  }
  const stepIds = input.playbook.map((s) => s.id);
  if (input.playbook.length === 0 || new Set(stepIds).size !== stepIds.length) {
    throw new VigilError('INCIDENT_INVALID', 'the playbook needs at least one step and distinct step ids');
  }
  for (const d of input.devices) {
    if (d.priorStatus === 'quarantined' || d.priorStatus === 'wiped') {
      throw new VigilError('INCIDENT_INVALID', `device ${d.deviceId} is ${d.priorStatus}`, [
        { path: 'deviceIds', message: `device ${d.deviceId} is already ${d.priorStatus}` },
      ]);
    }
  }
  const opened: TimelineEntry = {
    at: now,
    recordedAt,
    actor,
    kind: 'opened',
    stepId: null,
    from: null,
    to: 'open',
    text: `${input.compromise === 'confirmed' ? 'Confirmed' : 'Suspected'} compromise declared (${input.severity}): ${input.summary}`,
  };
  const state: Incident = {
    id: input.id,
    status: 'open',
    compromise: input.compromise,
    severity: input.severity,
    summary: input.summary,
    devices: input.devices,
    personIds: [...new Set(input.personIds)],
    inspectionId: input.inspectionId,
    declaredBy: actor,
    openedAt: now,
    recordedAt,
    steps: input.playbook.map((s) => ({
      id: s.id,
      title: s.title,
      owner: { role: s.owner },
      status: 'pending',
      reason: null,
      at: null,
      by: null,
      recordedAt: null,
    })),
    timeline: [opened],
    resolution: null,
    closedAt: null,
    closeRecordedAt: null,
    closedBy: null,
    closingNote: null,
  };
  const effects = input.devices.map((d) => ({
    deviceId: d.deviceId,
    status: 'quarantined' as const,
    reason: QUARANTINE_REASON(input.id),
  }));
  return { state, effects, added: [opened] };
}

/** The state the steps imply (closed stays closed). */
export function statusOf(steps: readonly PlaybookStep[]): Exclude<IncidentStatus, 'closed'> {
  let started = false;
  let finished = true;
  for (const s of steps) {
    if (s.status !== 'pending') started = true;
    if (s.status !== 'done' && s.status !== 'skipped') finished = false;
  }
  return finished ? 'contained' : started ? 'containing' : 'open';
}

/** Which step statuses each status may move to. Done and skipped are final. */
const STEP_NEXT: Readonly<Record<StepStatus, readonly StepStatus[]>> = {
  pending: ['in-progress', 'done', 'skipped'],
  'in-progress': ['done', 'skipped'],
  done: [],
  skipped: [],
};

/** The actors who declared the incident or recorded one of its steps (whose people never close it). */
export function involvedActors(state: Incident): readonly string[] {
  const actors = new Set<string>([state.declaredBy]);
  for (const s of state.steps) if (s.by !== null) actors.add(s.by);
  for (const e of state.timeline) if (e.kind === 'opened' || e.kind === 'step') actors.add(e.actor);
  return [...actors];
}

/**
 * Applies a command effective at `now`, recorded at `recordedAt` (later when back-filled). A
 * command dated before the incident's latest transition is TRANSITION_OUT_OF_ORDER.
 */
export function applyIncidentCommand(
  state: Incident,
  command: IncidentCommand,
  now: Instant,
  actor: string,
  recordedAt: Instant = now,
): Transition {
  if (state.status === 'closed') {
    throw new VigilError('INCIDENT_CLOSED', `incident ${state.id} is closed`);
  }
  const latest = Math.max(state.openedAt, ...state.timeline.map((e) => e.at));
  const order = inOrder(
    latest,
    now,
    `${command.kind === 'step' ? 'a step' : 'the close'} of incident ${state.id}`,
  );
  if (!order.ok) throw new VigilError(order.error.code, order.error.message);
  return command.kind === 'step'
    ? step(state, command, now, actor, recordedAt)
    : close(state, command, now, actor, recordedAt);
}

function step(
  state: Incident,
  command: Extract<IncidentCommand, { kind: 'step' }>,
  now: Instant,
  actor: string,
  recordedAt: Instant,
): Transition {
  const index = state.steps.findIndex((s) => s.id === command.stepId);
  const current = state.steps[index];
  if (current === undefined) {
    throw new VigilError('INCIDENT_STEP_NOT_FOUND', `incident ${state.id} has no step ${command.stepId}`);
  }
  if (!STEP_NEXT[current.status].includes(command.status)) {
    throw new VigilError(
      'INCIDENT_STEP_INVALID',
      `step ${current.id} is ${current.status}; it cannot become ${command.status}`,
      [
        {
          path: 'status',
          message: `allowed from ${current.status}: ${STEP_NEXT[current.status].join(', ') || 'none (final)'}`,
        },
      ],
    );
  }
  const reason = command.reason?.trim() || null;
  if (command.status === 'skipped' && reason === null) {
    throw new VigilError('INCIDENT_STEP_INVALID', 'skipping a step needs a reason', [
      { path: 'reason', message: 'say why the step does not apply' },
    ]);
  }
  const updated: PlaybookStep = {
    ...current,
    status: command.status,
    reason,
    at: now,
    by: actor,
    recordedAt,
  };
  const steps = state.steps.map((s, i) => (i === index ? updated : s));
  const added: TimelineEntry[] = [
    {
      at: now,
      recordedAt,
      actor,
      kind: 'step',
      stepId: current.id,
      from: current.status,
      to: command.status,
      text: `${current.title}: ${command.status}${reason === null ? '' : ` (${reason})`}`,
    },
  ];
  const status = statusOf(steps);
  if (status !== state.status) {
    added.push({
      at: now,
      recordedAt,
      actor,
      kind: 'state',
      stepId: null,
      from: state.status,
      to: status,
      text: `Incident ${status}`,
    });
  }
  return { state: { ...state, steps, status, timeline: [...state.timeline, ...added] }, effects: [], added };
}

function close(
  state: Incident,
  command: Extract<IncidentCommand, { kind: 'close' }>,
  now: Instant,
  actor: string,
  recordedAt: Instant,
): Transition {
  if (state.status !== 'contained') {
    const left = state.steps.filter((s) => s.status === 'pending' || s.status === 'in-progress');
    throw new VigilError(
      'INCIDENT_NOT_CONTAINED',
      `incident ${state.id} is ${state.status}: finish or skip (with a reason) every step before closing`,
      left.map((s) => ({ path: `steps.${s.id}`, message: `${s.title} is ${s.status}` })),
    );
  }
  const closer = command.closerPersonId ?? null;
  if (closer !== null && (command.involvedPersonIds ?? []).includes(closer)) {
    throw new VigilError(
      'INCIDENT_SAME_PERSON',
      `incident ${state.id}: whoever declared it or recorded one of its steps never closes it; another person must`,
    );
  }
  const note = command.note?.trim() || null;
  const entry: TimelineEntry = {
    at: now,
    recordedAt,
    actor,
    kind: 'closed',
    stepId: null,
    from: state.status,
    to: 'closed',
    text: `Closed: ${command.resolution}${note === null ? '' : ` (${note})`}`,
  };
  const effects: DeviceStatusEffect[] = state.devices.map((d) => ({
    deviceId: d.deviceId,
    status: releaseStatus(command.resolution, d.priorStatus),
    reason: `Released by incident ${state.id}: ${command.resolution}`,
  }));
  return {
    state: {
      ...state,
      status: 'closed',
      resolution: command.resolution,
      closedAt: now,
      closeRecordedAt: recordedAt,
      closedBy: actor,
      closingNote: note,
      timeline: [...state.timeline, entry],
    },
    effects,
    added: [entry],
  };
}

/** What a quarantined device becomes when its incident closes. */
function releaseStatus(resolution: IncidentResolution, prior: DeviceStatus | null): DeviceStatus {
  if (resolution === 'wiped') return 'wiped';
  if (resolution === 'retained') return 'retired';
  // Cleared: back to what it was (a device never put in service stays staged).
  return prior === null || prior === 'quarantined' ? 'active' : prior;
}
