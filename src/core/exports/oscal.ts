/**
 * OSCAL 1.2.1 Assessment Results and Plan of Action and Milestones (POA&M), JSON, built from an
 * evaluation as of an instant. Pure: the caller passes the facts, the evaluation and `uuid`, a
 * deterministic function from a stable key (a record id) to a v4/v5 UUID, so exporting the same
 * instant twice gives the same document and two instants diff line by line.
 *
 * The mapping (docs/exports.md): each Vigil rule maps to one NIST SP 800-53 rev5 control;
 * observations are the evidence (the latest posture report and the latest security check of
 * each device); findings are Vigil's findings (not-satisfied) plus one satisfied finding per
 * reviewed control nothing failed; risks are the open and waived findings, with a deadline.
 */
import { encodeBase64, utf8 } from '../audit/tlog/encoding.ts';
import { snapshotAt } from '../compliance/snapshot.ts';
import type { DeviceHistory, DeviceSummary } from '../compliance/types.ts';
import type { Finding, Person, PostureReport, Severity, Waiver } from '../model.ts';
import { DAY, type Instant, toIso } from '../time.ts';

export const OSCAL_VERSION = '1.2.1';
/** Namespace of Vigil's own OSCAL props (OSCAL wants a URI; a URN claims no web address). */
export const VIGIL_NS = 'urn:vigil:oscal';

/** A stable key (e.g. `device:dev_1`) to a v4/v5 UUID; the same key always gives the same UUID. */
export type UuidOf = (key: string) => string;

/** The SP 800-53 rev5 control each rule gives evidence on (OSCAL control ids). */
export const RULE_CONTROLS: Readonly<Record<string, string>> = {
  'protocol.unassigned': 'ac-19',
  'protocol.role-uncovered': 'ac-19',
  'custody.unassigned': 'cm-8',
  'rotation.overdue': 'ac-19',
  'inspection.overdue': 'ca-7',
  'inspection.failed': 'ir-4',
  'sensor.camera': 'ac-19',
  'sensor.microphone': 'ac-19',
  'sensor.location': 'ac-19',
  'sensor.bluetooth': 'ac-19',
  'apps.unapproved': 'cm-7.5',
  'os.outdated': 'si-2',
  'os.exploited': 'si-2',
  'lockdown.off': 'cm-6',
  'config.drift': 'cm-6',
  'posture.stale': 'ca-7',
  'refusal.unwaived': 'pl-4',
  'waiver.expired': 'ca-5',
  'zone.personal-device': 'cm-8.3',
  'policy.unacknowledged': 'pl-4',
};

export const CONTROL_TITLES: Readonly<Record<string, string>> = {
  'ac-19': 'AC-19 Access Control for Mobile Devices',
  'ca-5': 'CA-5 Plan of Action and Milestones',
  'ca-7': 'CA-7 Continuous Monitoring',
  'cm-6': 'CM-6 Configuration Settings',
  'cm-7.5': 'CM-7(5) Least Functionality: Authorized Software, Allow-by-exception',
  'cm-8': 'CM-8 System Component Inventory',
  'cm-8.3': 'CM-8(3) Automated Unauthorized Component Detection',
  'ir-4': 'IR-4 Incident Handling',
  'pl-4': 'PL-4 Rules of Behavior',
  'si-2': 'SI-2 Flaw Remediation',
};

/** A rule no mapping names (a newer rule) still lands on the mobile-device control. */
export function controlOf(rule: string): string {
  return RULE_CONTROLS[rule] ?? 'ac-19';
}

/** How long an open finding of each severity may stay open before its POA&M deadline. */
export const REMEDIATION_WINDOW: Readonly<Record<Severity, number>> = {
  critical: 1 * DAY,
  high: 7 * DAY,
  medium: 30 * DAY,
  low: 90 * DAY,
  info: 180 * DAY,
};

/**
 * When a finding must be remedied: a waived finding by its waiver's expiry; otherwise `since`
 * plus the window of the severity the protocol gives the rule, or the CISA KEV due date when
 * the finding names an earlier one.
 */
export function deadlineOf(f: Finding, waivers: ReadonlyMap<string, Waiver>): Instant {
  if (f.status === 'waived' && f.waiver !== null) {
    const w = waivers.get(f.waiver);
    if (w !== undefined) return w.expiresAt;
  }
  let deadline = f.since + REMEDIATION_WINDOW[f.severity];
  const kev = f.evidence.kevDueDate;
  if (typeof kev === 'string' && /^\d{4}-\d{2}-\d{2}/.test(kev)) {
    const t = Date.parse(kev.length === 10 ? `${kev}T00:00:00Z` : kev);
    if (Number.isFinite(t) && t < deadline) deadline = t;
  } else if (typeof kev === 'number' && kev < deadline) deadline = kev;
  return deadline;
}

export type OscalScope =
  | { readonly kind: 'fleet' }
  | { readonly kind: 'office'; readonly principal: Person }
  | { readonly kind: 'person'; readonly person: Person };

export interface OscalInput {
  readonly at: Instant;
  /**
   * Only facts recorded by then were used ("as known then"); absent: everything recorded. With
   * it, the same (at, knownAt) gives the same document however much is recorded later.
   */
  readonly knownAt?: Instant;
  readonly scope: OscalScope;
  /** The findings in scope as evaluated at `at`; evidence in reader form (ISO times). */
  readonly findings: readonly Finding[];
  /** The evaluated devices in scope with their verdicts. */
  readonly devices: readonly DeviceSummary[];
  /** The histories of the devices in scope (facts at or before `at`). */
  readonly histories: readonly DeviceHistory[];
  readonly people: ReadonlyMap<string, Person>;
  /** Waivers as known at `at` (for waived findings' deadlines). */
  readonly waivers: readonly Waiver[];
  /** `name@version` of each protocol in force at `at`. */
  readonly protocols: readonly string[];
  /** Rule titles, for readable finding titles. */
  readonly ruleTitles: ReadonlyMap<string, string>;
  readonly uuid: UuidOf;
  /** The producing tool, e.g. `Vigil 0.1.0`. */
  readonly tool: string;
  /** A compliance receipt of the same instant and scope, attached to the back matter when given. */
  readonly receipt?: { readonly digest: string; readonly json: string };
}

type Json = Record<string, unknown>;

/** OSCAL strings may not be empty nor start or end with white space; titles are one line. */
function line(text: string, fallback = '-'): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? fallback : t;
}
function multiline(text: string, fallback = '-'): string {
  const t = text.trim();
  return t === '' ? fallback : t;
}

function prop(name: string, value: string | number | boolean | null | undefined): Json[] {
  if (value === null || value === undefined) return [];
  const v = line(String(value), '');
  return v === '' ? [] : [{ name, ns: VIGIL_NS, value: v }];
}

/** `key: list` when the list is non-empty (OSCAL arrays have minItems 1). */
function some(key: string, list: readonly unknown[]): Json {
  return list.length === 0 ? {} : { [key]: list };
}

/** The stable key of a scope (UUIDs and cache keys derive from it). */
export function scopeKey(scope: OscalScope): string {
  if (scope.kind === 'fleet') return 'fleet';
  if (scope.kind === 'office') return `office:${scope.principal.id}`;
  return `person:${scope.person.id}`;
}

function scopeTitle(scope: OscalScope): string {
  if (scope.kind === 'fleet') return 'the fleet';
  if (scope.kind === 'office') return `the office of ${scope.principal.name} (${scope.principal.id})`;
  return `${scope.person.name} (${scope.person.id})`;
}

function postureDescription(p: PostureReport): string {
  const parts = [`Posture of ${p.deviceId} reported by ${p.source}`];
  if (p.osVersion !== null) parts.push(`OS ${p.osVersion}${p.osBuild === null ? '' : ` (${p.osBuild})`}`);
  if (p.patchLevel !== null) parts.push(`patch level ${p.patchLevel}`);
  if (p.lockdownMode !== null) parts.push(`Lockdown Mode ${p.lockdownMode ? 'on' : 'off'}`);
  for (const [sensor, r] of Object.entries(p.sensors)) {
    if (r !== undefined) parts.push(`${sensor} ${r.state} (${r.provenance})`);
  }
  if (p.apps !== null) parts.push(`${p.apps.length} apps installed`);
  return `${parts.join('; ')}.`;
}

/** Observations (the evidence) and inventory items of the devices in scope. */
function evidence(input: OscalInput) {
  const { at, uuid } = input;
  const items: Json[] = [];
  const observations: Json[] = [];
  const byDevice = new Map<string, string[]>();
  const verdicts = new Map(input.devices.map((d) => [d.deviceId, d]));
  for (const h of input.histories) {
    const d = h.device;
    const itemUuid = uuid(`device:${d.id}`);
    const verdict = verdicts.get(d.id);
    items.push({
      uuid: itemUuid,
      description: line(`${d.platform} ${d.model}, serial ${d.serial}, ${d.role} phone (${d.ownership})`),
      props: [
        ...prop('device-id', d.id),
        ...prop('serial', d.serial),
        ...prop('platform', d.platform),
        ...prop('role', d.role),
        ...prop('holder', verdict?.personId ?? null),
        ...prop('protocol', verdict?.protocol ?? null),
        ...prop('verdict', verdict?.verdict ?? null),
      ],
    });
    const related: string[] = [];
    const subjects = [{ 'subject-uuid': itemUuid, type: 'inventory-item' }];
    // The snapshot's latest records, so the evidence is what the findings were evaluated on.
    const snap = snapshotAt(h, at);
    const p = snap.posture.any;
    if (p !== null) {
      const id = uuid(`posture:${p.id}`);
      related.push(id);
      observations.push({
        uuid: id,
        title: line(`Posture report ${p.id} (${p.source})`),
        description: postureDescription(p),
        props: [...prop('posture-report-id', p.id), ...prop('received', toIso(p.receivedAt))],
        methods: ['TEST'],
        types: ['historic'],
        subjects,
        collected: toIso(p.observedAt),
      });
    }
    const i = snap.lastInspection;
    if (i !== null) {
      const id = uuid(`inspection:${i.id}`);
      related.push(id);
      observations.push({
        uuid: id,
        title: line(`Security check ${i.id} (${i.method})`),
        description: multiline(
          `Security check of ${i.deviceId} by ${i.performedBy} (${i.method}): ${i.result}.${i.notes === null ? '' : ` ${i.notes}`}`,
        ),
        props: [...prop('inspection-id', i.id), ...prop('result', i.result)],
        // A forensic scan tests the device; a review or a physical inspection examines it.
        methods: [i.method === 'forensic-scan' ? 'TEST' : 'EXAMINE'],
        types: ['historic'],
        subjects,
        ...some(
          'relevant-evidence',
          (i.evidence ?? []).map((e) => ({ description: line(`${e.name} (sha256 ${e.sha256})`) })),
        ),
        collected: toIso(i.at),
      });
    }
    byDevice.set(d.id, related);
  }
  return { items, observations, byDevice };
}

function findingKey(f: Finding): string {
  return `finding:${f.deviceId ?? '-'}:${f.personId ?? '-'}:${f.rule}:${f.since}`;
}

function subjectOf(f: Finding, people: ReadonlyMap<string, Person>): string {
  if (f.deviceId !== null) return f.deviceId;
  if (f.personId !== null) return `${people.get(f.personId)?.name ?? f.personId} (${f.personId})`;
  return 'a facility';
}

/** Risks and not-satisfied findings for Vigil's findings; satisfied findings for the rest. */
function judgements(input: OscalInput, byDevice: ReadonlyMap<string, string[]>) {
  const { uuid, at } = input;
  const waivers = new Map(input.waivers.map((w) => [w.id, w]));
  const findings: Json[] = [];
  const risks: Json[] = [];
  const items: Json[] = [];
  const failed = new Set<string>();
  for (const f of input.findings) {
    const control = controlOf(f.rule);
    failed.add(control);
    const key = findingKey(f);
    const related = f.deviceId === null ? [] : (byDevice.get(f.deviceId) ?? []);
    const ruleTitle = input.ruleTitles.get(f.rule) ?? f.rule;
    const title = line(`${ruleTitle}: ${subjectOf(f, input.people)}`);
    const riskUuid = uuid(`risk:${key}`);
    const findingUuid = uuid(key);
    const relatedObs = some(
      'related-observations',
      related.map((o) => ({ 'observation-uuid': o })),
    );
    const props = [
      ...prop('rule', f.rule),
      ...prop('severity', f.severity),
      ...prop('vigil-status', f.status),
      ...prop('outcome', f.outcome),
      ...prop('protocol', f.protocol),
      ...prop('device-id', f.deviceId),
      ...prop('person-id', f.personId),
      ...prop('waiver-id', f.waiver),
      ...prop('since', toIso(f.since)),
    ];
    findings.push({
      uuid: findingUuid,
      title,
      description: multiline(f.message),
      props,
      target: {
        type: 'objective-id',
        'target-id': `${control}_obj`,
        title: line(CONTROL_TITLES[control] ?? control),
        status: { state: 'not-satisfied', reason: f.outcome === 'fail' ? 'fail' : 'other' },
      },
      ...relatedObs,
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
    risks.push({
      uuid: riskUuid,
      title,
      description: multiline(f.message),
      statement: multiline(
        `Until remedied, ${subjectOf(f, input.people)} is not kept to the protocol (${control.toUpperCase()}). Remedy: ${f.remedy}`,
      ),
      props: [...prop('rule', f.rule), ...prop('severity', f.severity)],
      status: f.status === 'waived' ? 'deviation-approved' : 'open',
      deadline: toIso(deadlineOf(f, waivers)),
      ...relatedObs,
    });
    items.push({
      uuid: uuid(`poam-item:${key}`),
      title,
      description: multiline(`${f.message}\n\nRemedy: ${f.remedy}`),
      props,
      'related-findings': [{ 'finding-uuid': findingUuid }],
      ...relatedObs,
      'related-risks': [{ 'risk-uuid': riskUuid }],
    });
  }
  const reviewed = [...new Set(Object.values(RULE_CONTROLS))].sort();
  const evaluated = input.devices.filter((d) => d.verdict !== 'not-evaluated').length;
  for (const control of reviewed) {
    if (failed.has(control)) continue;
    findings.push({
      uuid: uuid(`satisfied:${scopeKey(input.scope)}:${at}:${control}`),
      title: line(`${CONTROL_TITLES[control] ?? control}: satisfied`),
      description: `No Vigil rule mapped to ${control.toUpperCase()} failed for the ${evaluated} devices evaluated in scope as of ${toIso(at)}.`,
      target: {
        type: 'objective-id',
        'target-id': `${control}_obj`,
        title: line(CONTROL_TITLES[control] ?? control),
        status: { state: 'satisfied', reason: 'pass' },
      },
    });
  }
  return { findings, risks, items, reviewed };
}

function metadata(input: OscalInput, what: string): Json {
  return {
    title: line(`Vigil ${what}: ${scopeTitle(input.scope)} as of ${toIso(input.at)}`),
    // The instant assessed, not the export time: re-exporting the same instant is byte-identical.
    'last-modified': toIso(input.at),
    version: toIso(input.at),
    'oscal-version': OSCAL_VERSION,
    props: [
      ...prop('scope', scopeKey(input.scope)),
      ...prop('as-of', toIso(input.at)),
      ...prop('known-at', input.knownAt === undefined ? 'everything-recorded' : toIso(input.knownAt)),
      ...prop('tool', input.tool),
    ],
  };
}

/** The protocols in force, as the back-matter resource the assessment "plan" points to. */
function protocolResource(input: OscalInput): Json {
  return {
    uuid: input.uuid(`protocols:${input.protocols.join(',')}`),
    title: 'Vigil protocols in force',
    description:
      input.protocols.length === 0
        ? 'No protocol was in force.'
        : `The security protocols Vigil evaluated against: ${input.protocols.join(', ')}.`,
    props: input.protocols.flatMap((p) => prop('protocol', p)),
  };
}

/**
 * A compliance receipt as a back-matter resource: its digest as a prop and the receipt itself
 * in base64, so the document carries what `vigil receipt verify` checks offline.
 */
function receiptResource(receipt: NonNullable<OscalInput['receipt']>, uuid: UuidOf): Json {
  return {
    uuid: uuid(`receipt:${receipt.digest}`),
    title: 'Vigil compliance receipt',
    description:
      'The facts, protocol versions and findings of this assessment with their audit-log inclusion proofs and a signed checkpoint; check it offline with `vigil receipt verify FILE --key VKEY`.',
    props: prop('receipt-digest', receipt.digest),
    base64: {
      filename: 'receipt.json',
      'media-type': 'application/json',
      value: encodeBase64(utf8(receipt.json)),
    },
  };
}

/** OSCAL Assessment Results for the scope as of `input.at`. */
export function assessmentResults(input: OscalInput): Json {
  const ev = evidence(input);
  const j = judgements(input, ev.byDevice);
  const resource = protocolResource(input);
  const key = scopeKey(input.scope);
  return {
    'assessment-results': {
      uuid: input.uuid(`assessment-results:${key}:${input.at}`),
      metadata: metadata(input, 'assessment results'),
      // Vigil has no separate assessment plan: the protocols in force are the plan.
      'import-ap': { href: `#${String(resource.uuid)}` },
      results: [
        {
          uuid: input.uuid(`result:${key}:${input.at}`),
          title: line(`Protocol compliance of ${scopeTitle(input.scope)}`),
          description: `Every device in scope evaluated against the protocol in force as of ${toIso(input.at)}, from ${input.knownAt === undefined ? 'every fact recorded' : `the facts recorded by ${toIso(input.knownAt)}`}.`,
          start: toIso(input.at),
          end: toIso(input.at),
          props: [...prop('devices', input.histories.length), ...prop('findings', input.findings.length)],
          ...(ev.items.length === 0 ? {} : { 'local-definitions': { 'inventory-items': ev.items } }),
          'reviewed-controls': {
            'control-selections': [{ 'include-controls': j.reviewed.map((c) => ({ 'control-id': c })) }],
          },
          ...some('observations', ev.observations),
          ...some('risks', j.risks),
          ...some('findings', j.findings),
        },
      ],
      'back-matter': {
        resources: [
          resource,
          ...(input.receipt === undefined ? [] : [receiptResource(input.receipt, input.uuid)]),
        ],
      },
    },
  };
}

/** OSCAL POA&M: one item (with its finding and risk) per open or waived finding in scope. */
export function planOfActionAndMilestones(input: OscalInput): Json {
  const ev = evidence(input);
  const j = judgements({ ...input }, ev.byDevice);
  const key = scopeKey(input.scope);
  const notSatisfied = j.findings.filter(
    (f) => (f.target as { status: { state: string } }).status.state === 'not-satisfied',
  );
  const used = new Set<string>();
  for (const f of notSatisfied) {
    for (const o of (f['related-observations'] as { 'observation-uuid': string }[] | undefined) ?? []) {
      used.add(o['observation-uuid']);
    }
  }
  const items =
    j.items.length > 0
      ? j.items
      : [
          {
            uuid: input.uuid(`poam-item:none:${key}:${input.at}`),
            title: 'No open findings',
            description: `No finding was open in scope as of ${toIso(input.at)}; nothing to remedy.`,
          },
        ];
  return {
    'plan-of-action-and-milestones': {
      uuid: input.uuid(`poam:${key}:${input.at}`),
      metadata: metadata(input, 'plan of action and milestones'),
      ...(ev.items.length === 0 ? {} : { 'local-definitions': { 'inventory-items': ev.items } }),
      ...some(
        'observations',
        ev.observations.filter((o) => used.has(String(o.uuid))),
      ),
      ...some('risks', j.risks),
      ...some('findings', notSatisfied),
      'poam-items': items,
      'back-matter': { resources: [protocolResource(input)] },
    },
  };
}
