/** The API's shapes the dashboard reads (docs/openapi.json is the authority). */

export type Role = 'admin' | 'officer' | 'technician' | 'auditor' | 'staff';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type Verdict = 'compliant' | 'non-compliant' | 'waived' | 'not-evaluated';

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  personId: string | null;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Finding {
  deviceId: string | null;
  personId: string | null;
  protocol: string | null;
  rule: string;
  severity: Severity;
  status: 'open' | 'waived' | 'resolved';
  outcome: 'fail' | 'unverified';
  since: string;
  message: string;
  evidence: Record<string, unknown>;
  remedy: string;
  waiver: string | null;
}

export interface DeviceVerdict {
  deviceId: string;
  personId: string | null;
  protocol: string | null;
  role: string;
  verdict: Verdict;
  reason: string | null;
  openFindings: number;
}

export interface Findings {
  asOf: string;
  findings: Finding[];
  devices: DeviceVerdict[];
  /** Sizes of the whole (filtered) lists, before `limit`/`offset`. */
  total: { findings: number; devices: number };
}

export type VerdictCounts = Record<Verdict, number>;

export interface Summary {
  asOf: string;
  protocol?: string | null;
  devices: { total: number; byVerdict: VerdictCounts };
  findings: {
    open: number;
    waived: number;
    resolved: number;
    bySeverity: Record<Severity, number>;
    byRule: Record<string, number>;
  };
  people: { personId: string | null; devices: number; byVerdict: VerdictCounts; openFindings: number }[];
  /** Per device role the fleet has, sorted by role. */
  roles: { role: DeviceRole; devices: number; byVerdict: VerdictCounts; openFindings: number }[];
}

export interface Person {
  id: string;
  name: string;
  kind: 'principal' | 'staff';
  protocol: string | null;
  principalId: string | null;
  email: string | null;
  createdAt: string;
}

export type DeviceRole = 'calls' | 'social' | 'news' | 'general';
export type DeviceStatus = 'staged' | 'active' | 'quarantined' | 'retired' | 'wiped';

export interface Device {
  id: string;
  serial: string;
  imei: string | null;
  platform: 'ios' | 'android';
  model: string;
  ownership: 'issued' | 'personal';
  role: DeviceRole;
  status: DeviceStatus | null;
  holderId: string | null;
  location: string | null;
  issuedAt: string | null;
  createdAt: string;
}

export interface Posture {
  id: string;
  observedAt: string;
  receivedAt: string;
  source: string;
  osVersion: string | null;
  osBuild: string | null;
  patchLevel: string | null;
  sensors: Record<string, { state: string; provenance: string }>;
  apps: string[] | null;
  lockdownMode: boolean | null;
  supervised: boolean | null;
}

export interface Inspection {
  id: string;
  deviceId: string;
  at: string;
  method: string;
  result: 'clean' | 'suspicious' | 'compromised';
  performedBy: string;
  notes: string | null;
  evidence: { name: string; sha256: string; size?: number }[];
}

export interface Rotation {
  id: string;
  oldDeviceId: string;
  newDeviceId: string | null;
  at: string;
  performedBy: string;
}

export interface DeviceDetail {
  device: Device;
  statuses: { status: DeviceStatus; at: string; reason: string | null }[];
  custody: { holderId: string | null; location: string | null; at: string; recordedBy: string }[];
  posture: Posture[];
  inspections: Inspection[];
  rotations: Rotation[];
}

export interface ScheduleItem {
  kind: 'swap' | 'check';
  deviceId: string;
  personId: string | null;
  protocol: string;
  dueAt: string;
  graceUntil: string;
  stageBy?: string;
  overdue: boolean;
}

export interface Swap {
  id: string;
  oldDeviceId: string;
  personId: string;
  state: string;
  dueAt: string | null;
  stageBy: string | null;
  newDeviceId: string | null;
  plannedAt: string;
  updatedAt: string;
}

export interface Waiver {
  id: string;
  rule: string;
  scope: { deviceId: string } | { personId: string };
  reason: string;
  risk: string;
  state: 'requested' | 'approved' | 'rejected' | 'revoked';
  requestedBy: string;
  requestedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  startsAt: string;
  expiresAt: string;
  endedAt: string | null;
}

export interface IncidentStep {
  id: string;
  title: string;
  owner: { role: string } | { personId: string };
  status: 'pending' | 'in-progress' | 'done' | 'skipped';
  reason: string | null;
  at: string | null;
  by: string | null;
}

export interface Incident {
  id: string;
  status: 'open' | 'containing' | 'contained' | 'closed';
  compromise: 'suspected' | 'confirmed';
  severity: Severity;
  summary: string;
  devices: { deviceId: string }[];
  personIds: string[];
  openedAt: string;
  steps: IncidentStep[];
}

export interface ProtocolSummary {
  name: string;
  title: string;
  version: string;
  extends: string | null;
  effectiveAt: string;
  versions: number;
}

export interface ProtocolDetail {
  resolved: Record<string, unknown>;
  version: { name: string; version: string; sha256: string; effectiveAt: string; recordedBy: string };
  text: string;
  history: { version: string; sha256: string; effectiveAt: string; recordedBy: string }[];
}

export interface ProtocolComparison {
  a: Record<string, unknown>;
  b: Record<string, unknown>;
  differences: {
    path: string;
    a: string | null;
    b: string | null;
    stricter: 'a' | 'b' | 'equal' | 'unknown';
  }[];
}

export interface AuditEvent {
  seq: number;
  type: string;
  at: string;
  actor: string;
  subject: string;
  payload: Record<string, unknown>;
}

export interface AuditEventEntry {
  event: AuditEvent;
  index: number | null;
  entry: string;
  leafHash: string;
}

export interface CheckpointView {
  note: string;
  size: number;
  root: string;
  at: string;
  verifierKey: string;
  cosignatures: { witness: string; line: string }[];
}

export interface InclusionProof {
  index: number;
  size: number;
  leafHash: string;
  root: string;
  proof: string[];
}
