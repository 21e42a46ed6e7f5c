/**
 * Every route of the HTTP API with the roles allowed to call it: the single table the role
 * matrix and the robustness suite walk. A route the app registers but this table lacks fails
 * the matrix test, so adding an endpoint means adding its row here (src/adapters/http/README.md).
 */
import type { Role } from '../../src/services/kernel/ports.ts';

export type Allowed = readonly Role[] | 'public';

export interface RouteRow {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As registered, e.g. `/api/v1/people/:id`. */
  readonly route: string;
  /** A concrete URL to call (ids filled in). */
  readonly url: string;
  readonly roles: Allowed;
  /** A plausible body, for routes that take one (the robustness suite mutates it). */
  readonly body?: Record<string, unknown>;
  /** Query parameters the route accepts, with plausible values. */
  readonly query?: Record<string, string>;
}

const R_ALL_READ = ['admin', 'officer', 'technician', 'auditor'] as const;
const T = '2026-01-15T09:00:00Z';

const person = { name: 'Ada Example', kind: 'principal' };
/** A passkey answer as @simplewebauthn/browser shapes it (it verifies nothing: no challenge is live). */
const passkeyAnswer = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
};
const device = {
  serial: 'SN-ROBUST-1',
  platform: 'ios',
  model: 'iPhone 16',
  ownership: 'issued',
  role: 'calls',
};
const posture = {
  deviceId: 'dev_x',
  observedAt: T,
  source: 'test',
  osVersion: '18.6.2',
  sensors: { camera: { state: 'enabled', provenance: 'enforced' } },
  apps: ['com.apple.mobilephone'],
  lockdownMode: true,
};
const protocolText =
  'apiVersion: vigil/v1\nkind: Protocol\nmetadata: { name: robust, title: Robust, version: "1" }\n';

export const ROUTES: readonly RouteRow[] = [
  { method: 'GET', route: '/healthz', url: '/healthz', roles: 'public' },
  { method: 'GET', route: '/readyz', url: '/readyz', roles: 'public' },
  { method: 'GET', route: '/api/v1/openapi.json', url: '/api/v1/openapi.json', roles: 'public' },

  { method: 'GET', route: '/api/v1/people', url: '/api/v1/people', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/people',
    url: '/api/v1/people',
    roles: ['admin', 'officer', 'technician'],
    body: person,
  },
  { method: 'GET', route: '/api/v1/people/:id', url: '/api/v1/people/per_none', roles: R_ALL_READ },
  {
    method: 'PUT',
    route: '/api/v1/people/:id/protocol',
    url: '/api/v1/people/per_none/protocol',
    roles: ['admin', 'officer'],
    body: { protocol: 'robust', at: T },
  },

  {
    method: 'GET',
    route: '/api/v1/devices',
    url: '/api/v1/devices',
    roles: R_ALL_READ,
    query: { holderId: 'per_x', role: 'calls', status: 'active', limit: '10', offset: '0' },
  },
  {
    method: 'POST',
    route: '/api/v1/devices',
    url: '/api/v1/devices',
    roles: ['admin', 'technician'],
    body: device,
  },
  { method: 'GET', route: '/api/v1/devices/:id', url: '/api/v1/devices/dev_none', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/devices/:id/custody',
    url: '/api/v1/devices/dev_none/custody',
    roles: ['admin', 'technician'],
    body: { holderId: null, location: 'safe', at: T },
  },
  {
    method: 'POST',
    route: '/api/v1/devices/:id/status',
    url: '/api/v1/devices/dev_none/status',
    roles: ['admin', 'technician', 'officer'],
    body: { status: 'quarantined', reason: 'lost', at: T },
  },
  {
    method: 'GET',
    route: '/api/v1/devices/:id/posture',
    url: '/api/v1/devices/dev_none/posture',
    roles: R_ALL_READ,
    query: { limit: '5' },
  },

  {
    method: 'POST',
    route: '/api/v1/posture',
    url: '/api/v1/posture',
    roles: ['admin', 'technician', 'ingest'],
    body: posture,
  },
  {
    method: 'POST',
    route: '/api/v1/inspections',
    url: '/api/v1/inspections',
    roles: ['admin', 'technician'],
    body: { deviceId: 'dev_x', at: T, method: 'forensic-scan', result: 'clean', performedBy: 'Tech' },
  },
  {
    method: 'POST',
    route: '/api/v1/rotations',
    url: '/api/v1/rotations',
    roles: ['admin', 'technician'],
    body: { oldDeviceId: 'dev_x', newDeviceId: 'dev_y', at: T, performedBy: 'Tech' },
  },

  { method: 'GET', route: '/api/v1/os-releases', url: '/api/v1/os-releases', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/os-releases',
    url: '/api/v1/os-releases',
    roles: ['admin', 'officer'],
    body: { platform: 'ios', version: '18.6.2', build: '22G100', releasedAt: T },
  },

  { method: 'GET', route: '/api/v1/protocols', url: '/api/v1/protocols', roles: R_ALL_READ },
  {
    method: 'PUT',
    route: '/api/v1/protocols',
    url: '/api/v1/protocols',
    roles: ['admin', 'officer'],
    body: { text: protocolText, effectiveAt: T },
  },
  {
    method: 'POST',
    route: '/api/v1/protocols/validate',
    url: '/api/v1/protocols/validate',
    roles: ['admin', 'officer', 'technician', 'auditor'],
    body: { text: protocolText, file: 'robust.yaml' },
  },
  {
    method: 'GET',
    route: '/api/v1/protocols/compare',
    url: '/api/v1/protocols/compare',
    roles: R_ALL_READ,
    query: { a: 'robust', b: 'other' },
  },
  { method: 'GET', route: '/api/v1/protocols/:name', url: '/api/v1/protocols/none', roles: R_ALL_READ },
  {
    method: 'GET',
    route: '/api/v1/protocols/proposals',
    url: '/api/v1/protocols/proposals',
    roles: R_ALL_READ,
  },
  {
    method: 'POST',
    route: '/api/v1/protocols/:name/versions/:version/approve',
    url: '/api/v1/protocols/robust/versions/9/approve',
    // As for waivers: approving is an officer's, never an administrator's (a two-person action).
    roles: ['officer'],
  },
  {
    method: 'POST',
    route: '/api/v1/protocols/:name/versions/:version/reject',
    url: '/api/v1/protocols/robust/versions/9/reject',
    roles: ['admin', 'officer'],
    body: { reason: 'not now' },
  },

  {
    method: 'GET',
    route: '/api/v1/compliance/findings',
    url: '/api/v1/compliance/findings',
    roles: R_ALL_READ,
    query: {
      asOf: T,
      personId: 'per_x',
      deviceId: 'dev_x',
      rule: 'sensor.camera',
      severity: 'high',
      // -- dashboard api (paging)
      limit: '10',
      offset: '0',
    },
  },
  {
    method: 'GET',
    route: '/api/v1/compliance/summary',
    url: '/api/v1/compliance/summary',
    roles: R_ALL_READ,
    query: { asOf: T },
  },

  {
    method: 'GET',
    route: '/api/v1/compliance/receipt',
    url: '/api/v1/compliance/receipt',
    roles: R_ALL_READ,
    query: { asOf: T, knownAt: T },
  },
  {
    method: 'GET',
    route: '/api/v1/me',
    url: '/api/v1/me',
    roles: ['admin', 'officer', 'technician', 'auditor', 'staff', 'ingest'],
  },
  // Self-service: every person's credential, for themself (an ingest token is no one's).
  { method: 'GET', route: '/api/v1/me/page', url: '/api/v1/me/page', roles: [...R_ALL_READ, 'staff'] },
  {
    method: 'POST',
    route: '/api/v1/me/acknowledgements',
    url: '/api/v1/me/acknowledgements',
    roles: [...R_ALL_READ, 'staff'],
    body: { facility: 'main-building' },
  },
  {
    method: 'POST',
    route: '/api/v1/me/attestations',
    url: '/api/v1/me/attestations',
    roles: [...R_ALL_READ, 'staff'],
    body: { deviceId: 'dev_none', setting: 'lockdown-mode' },
  },
  {
    method: 'POST',
    route: '/api/v1/me/swaps/:id/confirm',
    url: '/api/v1/me/swaps/swp_none/confirm',
    roles: [...R_ALL_READ, 'staff'],
  },

  {
    method: 'POST',
    route: '/api/v1/import',
    url: '/api/v1/import',
    roles: ['admin'],
    body: {
      apiVersion: 'vigil/v1',
      kind: 'Fleet',
      people: [{ id: 'per_imp', name: 'Imp Orted', kind: 'staff' }],
    },
  },

  { method: 'GET', route: '/api/v1/tokens', url: '/api/v1/tokens', roles: ['admin'] },
  {
    method: 'POST',
    route: '/api/v1/tokens',
    url: '/api/v1/tokens',
    // Anyone signed in mints their own token (an admin also ingest tokens): a credential is never made for another.
    roles: [...R_ALL_READ, 'staff'],
    body: { name: 'my-laptop' },
  },
  { method: 'DELETE', route: '/api/v1/tokens/:id', url: '/api/v1/tokens/tok_none', roles: ['admin'] },

  {
    method: 'GET',
    route: '/api/v1/audit/events',
    url: '/api/v1/audit/events',
    roles: ['admin', 'officer', 'auditor'],
    query: { afterSeq: '0', limit: '10', type: 'person.created' },
  },
  // -- workflows
  {
    method: 'GET',
    route: '/api/v1/swaps',
    url: '/api/v1/swaps',
    roles: R_ALL_READ,
    query: { state: 'planned', open: 'true', deviceId: 'dev_x' },
  },
  { method: 'GET', route: '/api/v1/swaps/:id', url: '/api/v1/swaps/swp_none', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/swaps',
    url: '/api/v1/swaps',
    roles: ['admin', 'technician'],
    body: { deviceId: 'dev_x', dueAt: T, stageBy: T },
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/stage',
    url: '/api/v1/swaps/swp_none/stage',
    roles: ['admin', 'technician'],
    body: { newDeviceId: 'dev_y', location: 'Secure store' },
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/handover',
    url: '/api/v1/swaps/swp_none/handover',
    roles: ['admin', 'technician'],
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/collect',
    url: '/api/v1/swaps/swp_none/collect',
    roles: ['admin', 'technician'],
    body: { holderId: 'per_tech' },
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/examine',
    url: '/api/v1/swaps/swp_none/examine',
    roles: ['admin', 'technician'],
    body: {
      method: 'forensic-scan',
      result: 'clean',
      evidence: [{ name: 'scan.json', sha256: 'a'.repeat(64) }],
    },
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/wipe',
    url: '/api/v1/swaps/swp_none/wipe',
    roles: ['admin', 'technician'],
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/retain',
    url: '/api/v1/swaps/swp_none/retain',
    roles: ['admin', 'technician'],
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/decline',
    url: '/api/v1/swaps/swp_none/decline',
    roles: ['admin', 'officer', 'technician'],
    body: { declinedBy: 'per_x', reason: 'inconvenient' },
  },
  {
    method: 'POST',
    route: '/api/v1/swaps/:id/cancel',
    url: '/api/v1/swaps/swp_none/cancel',
    roles: ['admin', 'technician'],
    body: { reason: 'no longer needed' },
  },
  {
    method: 'GET',
    route: '/api/v1/schedule',
    url: '/api/v1/schedule',
    roles: R_ALL_READ,
    query: { asOf: T },
  },
  {
    method: 'POST',
    route: '/api/v1/refusals',
    url: '/api/v1/refusals',
    roles: ['admin', 'officer', 'technician'],
    body: { personId: 'per_x', deviceId: 'dev_x', action: 'check', reason: 'inconvenient', at: T },
  },
  {
    method: 'GET',
    route: '/api/v1/refusals',
    url: '/api/v1/refusals',
    roles: R_ALL_READ,
    query: { personId: 'per_x' },
  },
  {
    method: 'POST',
    route: '/api/v1/corrections',
    url: '/api/v1/corrections',
    roles: ['admin', 'officer'],
    body: { kind: 'inspection', factId: 'ins_x', reason: 'entered on the wrong device', retract: true },
  },
  {
    method: 'GET',
    route: '/api/v1/corrections',
    url: '/api/v1/corrections',
    roles: R_ALL_READ,
    query: { kind: 'inspection' },
  },
  {
    method: 'POST',
    route: '/api/v1/waivers',
    url: '/api/v1/waivers',
    roles: ['admin', 'officer', 'technician'],
    body: {
      rule: 'sensor.camera',
      deviceId: 'dev_x',
      reason: 'video calls',
      risk: 'camera could be abused',
      startsAt: T,
      expiresAt: '2026-02-15T09:00:00Z',
    },
  },
  {
    method: 'GET',
    route: '/api/v1/waivers',
    url: '/api/v1/waivers',
    roles: R_ALL_READ,
    query: { state: 'approved', rule: 'sensor.camera' },
  },
  { method: 'GET', route: '/api/v1/waivers/:id', url: '/api/v1/waivers/wvr_none', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/waivers/:id/approve',
    url: '/api/v1/waivers/wvr_none/approve',
    // An admin administers users and tokens; approving is an officer's (a two-person action).
    roles: ['officer'],
  },
  {
    method: 'POST',
    route: '/api/v1/waivers/:id/reject',
    url: '/api/v1/waivers/wvr_none/reject',
    roles: ['admin', 'officer'],
    body: { reason: 'no compensating control' },
  },
  {
    method: 'POST',
    route: '/api/v1/waivers/:id/revoke',
    url: '/api/v1/waivers/wvr_none/revoke',
    roles: ['admin', 'officer'],
    body: { reason: 'risk no longer acceptable' },
  },
  // -- incidents, zones, acknowledgements
  {
    method: 'POST',
    route: '/api/v1/incidents',
    url: '/api/v1/incidents',
    roles: ['admin', 'officer', 'technician'],
    body: { deviceIds: ['dev_none'], compromise: 'suspected', summary: 'Indicators found' },
  },
  {
    method: 'GET',
    route: '/api/v1/incidents',
    url: '/api/v1/incidents',
    roles: R_ALL_READ,
    query: { status: 'open' },
  },
  { method: 'GET', route: '/api/v1/incidents/:id', url: '/api/v1/incidents/inc_none', roles: R_ALL_READ },
  {
    method: 'POST',
    route: '/api/v1/incidents/:id/steps/:stepId',
    url: '/api/v1/incidents/inc_none/steps/quarantine',
    roles: ['admin', 'officer', 'technician'],
    body: { status: 'done' },
  },
  {
    method: 'POST',
    route: '/api/v1/incidents/:id/close',
    url: '/api/v1/incidents/inc_none/close',
    roles: ['admin', 'officer'],
    body: { resolution: 'cleared', note: 'Nothing found' },
  },
  {
    method: 'POST',
    route: '/api/v1/detections',
    url: '/api/v1/detections',
    roles: ['admin', 'ingest'],
    body: { facility: 'main-building', identifier: 'imei:356789104512347', at: T, source: 'gate-1' },
  },
  {
    method: 'GET',
    route: '/api/v1/detections',
    url: '/api/v1/detections',
    roles: R_ALL_READ,
    query: { facility: 'main-building', since: T, limit: '10' },
  },
  { method: 'GET', route: '/api/v1/zones', url: '/api/v1/zones', roles: [...R_ALL_READ, 'staff'] },
  {
    method: 'POST',
    route: '/api/v1/acknowledgements',
    url: '/api/v1/acknowledgements',
    roles: ['admin', 'officer', 'staff'],
    body: { personId: 'per_none', facility: 'main-building' },
  },
  {
    method: 'GET',
    route: '/api/v1/acknowledgements',
    url: '/api/v1/acknowledgements',
    roles: [...R_ALL_READ, 'staff'],
    query: { facility: 'main-building' },
  },
  // -- notices
  {
    method: 'GET',
    route: '/api/v1/notices',
    url: '/api/v1/notices',
    roles: ['admin', 'officer', 'auditor'],
    query: { state: 'failed', kind: 'escalation', limit: '10', offset: '0' },
  },
  {
    method: 'POST',
    route: '/api/v1/notices/:id/retry',
    url: '/api/v1/notices/999999/retry',
    roles: ['admin'],
  },
  { method: 'GET', route: '/api/v1/notices/recipients', url: '/api/v1/notices/recipients', roles: ['admin'] },
  {
    method: 'POST',
    route: '/api/v1/notices/recipients',
    url: '/api/v1/notices/recipients',
    roles: ['admin'],
    body: { role: 'officer', email: 'security@office.example' },
  },
  {
    method: 'DELETE',
    route: '/api/v1/notices/recipients',
    url: '/api/v1/notices/recipients',
    roles: ['admin'],
    query: { role: 'officer', email: 'nobody@office.example' },
  },
  // -- audit log
  {
    method: 'GET',
    route: '/api/v1/audit/events/:seq',
    url: '/api/v1/audit/events/1',
    roles: ['admin', 'officer', 'auditor'],
  },
  {
    method: 'GET',
    route: '/api/v1/audit/checkpoint',
    url: '/api/v1/audit/checkpoint',
    roles: ['admin', 'officer', 'auditor'],
  },
  {
    method: 'GET',
    route: '/api/v1/audit/keys',
    url: '/api/v1/audit/keys',
    roles: ['admin', 'officer', 'auditor'],
  },
  {
    method: 'POST',
    route: '/api/v1/audit/checkpoint',
    url: '/api/v1/audit/checkpoint',
    roles: ['admin', 'officer', 'auditor'],
  },
  {
    method: 'GET',
    route: '/api/v1/audit/proofs/inclusion',
    url: '/api/v1/audit/proofs/inclusion',
    roles: ['admin', 'officer', 'auditor'],
    query: { index: '0', size: '1' },
  },
  {
    method: 'GET',
    route: '/api/v1/audit/proofs/consistency',
    url: '/api/v1/audit/proofs/consistency',
    roles: ['admin', 'officer', 'auditor'],
    query: { from: '0', to: '1' },
  },
  {
    method: 'GET',
    route: '/api/v1/audit/entries',
    url: '/api/v1/audit/entries',
    roles: ['admin', 'officer', 'auditor'],
    query: { start: '0', end: '10' },
  },
  // -- integrations
  // The connector and intel import routes take a source's raw payload (no JSON schema): their
  // malformed-input cases live in test/e2e/connectors.api.test.ts, so no body here.
  {
    method: 'POST',
    route: '/api/v1/connectors/:source',
    url: '/api/v1/connectors/intune',
    roles: ['admin', 'ingest'],
  },
  // Unconfigured in the matrix: an admin is let through to 409 INTEL_SOURCE_UNCONFIGURED.
  {
    method: 'POST',
    route: '/api/v1/connectors/:source/push',
    url: '/api/v1/connectors/intune/push',
    roles: ['admin'],
    body: { protocol: 'strict-30day', role: 'calls' },
  },
  {
    method: 'POST',
    route: '/api/v1/devices/:id/attestations',
    url: '/api/v1/devices/dev_none/attestations',
    roles: ['admin', 'officer', 'technician'],
    body: {
      sensor: 'microphone',
      state: 'disabled',
      attestedBy: 'J. Smith (security officer)',
      statement: 'Checked.',
    },
  },
  { method: 'GET', route: '/api/v1/intel', url: '/api/v1/intel', roles: R_ALL_READ },
  { method: 'POST', route: '/api/v1/intel/:kind', url: '/api/v1/intel/kev', roles: ['admin'] },
  // -- dashboard api
  {
    method: 'GET',
    route: '/api/v1/compliance/history',
    url: '/api/v1/compliance/history',
    roles: R_ALL_READ,
    query: { from: '2026-01-01T00:00:00Z', to: T, known: 'then' },
  },
  {
    method: 'GET',
    route: '/api/v1/compliance/today',
    url: '/api/v1/compliance/today',
    roles: R_ALL_READ,
  },
  {
    method: 'GET',
    route: '/api/v1/people/:id/timeline',
    url: '/api/v1/people/per_none/timeline',
    roles: [...R_ALL_READ, 'staff'],
    query: { from: '2026-01-01T00:00:00Z', to: T },
  },
  // -- scan jobs
  {
    method: 'POST',
    route: '/api/v1/scans',
    url: '/api/v1/scans',
    roles: ['admin', 'officer', 'technician'],
    body: { deviceId: 'dev_none', path: 'calls-1/backup', iocs: ['feeds/pegasus.stix2'] },
  },
  {
    method: 'GET',
    route: '/api/v1/scans',
    url: '/api/v1/scans',
    roles: R_ALL_READ,
    query: { state: 'done', deviceId: 'dev_none', limit: '10' },
  },
  { method: 'GET', route: '/api/v1/scans/:id', url: '/api/v1/scans/scn_none', roles: R_ALL_READ },
  // -- dashboard auth
  // Public, but a body it cannot accept is a 400 (and a wrong password a 401 AUTH_INVALID_CREDENTIALS).
  {
    method: 'POST',
    route: '/api/v1/session',
    url: '/api/v1/session',
    roles: 'public',
    body: { username: 'nobody', password: 'not-the-password' },
  },
  // A bearer caller has no session: 404 SESSION_NOT_FOUND (test/e2e/session.api.test.ts covers cookies).
  { method: 'GET', route: '/api/v1/session', url: '/api/v1/session', roles: [...R_ALL_READ, 'staff'] },
  { method: 'DELETE', route: '/api/v1/session', url: '/api/v1/session', roles: [...R_ALL_READ, 'staff'] },
  { method: 'DELETE', route: '/api/v1/sessions', url: '/api/v1/sessions', roles: [...R_ALL_READ, 'staff'] },
  // -- passkeys: session cookie only, so a bearer caller gets 404 SESSION_NOT_FOUND
  // (test/browser/passkeys.test.ts and src/services/access/passkey.service.test.ts cover sessions).
  {
    method: 'GET',
    route: '/api/v1/session/passkeys',
    url: '/api/v1/session/passkeys',
    roles: [...R_ALL_READ, 'staff'],
  },
  {
    method: 'POST',
    route: '/api/v1/session/passkeys/registration/options',
    url: '/api/v1/session/passkeys/registration/options',
    roles: [...R_ALL_READ, 'staff'],
  },
  {
    method: 'POST',
    route: '/api/v1/session/passkeys/registration/verify',
    url: '/api/v1/session/passkeys/registration/verify',
    roles: [...R_ALL_READ, 'staff'],
    body: passkeyAnswer,
  },
  {
    method: 'POST',
    route: '/api/v1/session/passkey/options',
    url: '/api/v1/session/passkey/options',
    roles: [...R_ALL_READ, 'staff'],
  },
  {
    method: 'POST',
    route: '/api/v1/session/passkey/verify',
    url: '/api/v1/session/passkey/verify',
    roles: [...R_ALL_READ, 'staff'],
    body: passkeyAnswer,
  },
  { method: 'GET', route: '/api/v1/users', url: '/api/v1/users', roles: ['admin'] },
  {
    method: 'POST',
    route: '/api/v1/users',
    url: '/api/v1/users',
    roles: ['admin'],
    body: {
      username: 'robust-user',
      name: 'Robust User',
      role: 'officer',
      personId: 'per_none',
      password: 'robust-password-1',
    },
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/person',
    url: '/api/v1/users/usr_none/person',
    roles: ['admin'],
    body: { personId: 'per_none' },
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/disable',
    url: '/api/v1/users/usr_none/disable',
    roles: ['admin'],
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/password',
    url: '/api/v1/users/usr_none/password',
    roles: ['admin'],
    body: { password: 'robust-password-2' },
  },
  // -- single sign-on: the start and the callback redirect (303), to the provider or back to /signin
  { method: 'GET', route: '/api/v1/session/oidc', url: '/api/v1/session/oidc', roles: 'public' },
  { method: 'GET', route: '/api/v1/session/oidc/start', url: '/api/v1/session/oidc/start', roles: 'public' },
  {
    method: 'GET',
    route: '/api/v1/session/oidc/callback',
    url: '/api/v1/session/oidc/callback',
    // No `query`: its parameters are the provider's, and unknown ones must be ignored (RFC 6749
    // 4.1.2), so the robustness suite's "an unknown parameter is refused" does not apply.
    roles: 'public',
  },
  {
    method: 'POST',
    route: '/api/v1/users/:id/identities',
    url: '/api/v1/users/usr_none/identities',
    roles: ['admin'],
    body: { issuer: 'https://login.example.org', subject: '248289761001' },
  },
  // -- exports
  {
    method: 'GET',
    route: '/api/v1/exports/:file',
    url: '/api/v1/exports/findings.csv',
    roles: ['admin', 'officer', 'auditor'],
    query: { asOf: T },
  },
  {
    method: 'GET',
    route: '/api/v1/exports/oscal/assessment-results',
    url: '/api/v1/exports/oscal/assessment-results',
    roles: ['admin', 'officer', 'auditor'],
    query: { asOf: T },
  },
  {
    method: 'GET',
    route: '/api/v1/exports/oscal/poam',
    url: '/api/v1/exports/oscal/poam',
    roles: ['admin', 'officer', 'auditor'],
    query: { asOf: T },
  },
];
