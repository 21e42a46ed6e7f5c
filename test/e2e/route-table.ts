/**
 * Every route of the HTTP API with the roles allowed to call it: the single table the role
 * matrix and the robustness suite walk. A route the app registers but this table lacks fails
 * the matrix test, so adding an endpoint means adding its row here (src/adapters/http/README.md).
 */
import type { Role } from '../../src/services/ports.ts';

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
    route: '/api/v1/compliance/findings',
    url: '/api/v1/compliance/findings',
    roles: R_ALL_READ,
    query: { asOf: T, personId: 'per_x', deviceId: 'dev_x', rule: 'sensor.camera', severity: 'high' },
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
    route: '/api/v1/me',
    url: '/api/v1/me',
    roles: ['admin', 'officer', 'technician', 'auditor', 'staff', 'ingest'],
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
    roles: ['admin'],
    body: { name: 'robot', role: 'ingest' },
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
  // -- incidents, zones, acknowledgements
  // -- notices
  // -- audit log
];
