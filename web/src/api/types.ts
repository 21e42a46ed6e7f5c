/**
 * The API's shapes the dashboard reads, derived from docs/openapi.json through the generated
 * openapi.gen.ts (`npm run generate`): a change to a route's response schema reaches the views
 * as a type error instead of going unnoticed.
 */
import type { components, paths } from './openapi.gen.ts';

type Method = 'get' | 'post' | 'put' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Success<R> = R extends { 200: infer S } ? Json<S> : R extends { 201: infer S } ? Json<S> : never;

/** The JSON body of the successful (200, else 201) answer to `M P`, e.g. `Ok<'/api/v1/me'>`. */
export type Ok<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R }
  ? Success<R>
  : never;

/** A named schema of the document (`components.schemas`). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export type Session = Ok<'/api/v1/session'>;
export type User = Session['user'];
export type Role = User['role'];
/** Whether the sign-in page offers single sign-on, and through whom. */
export type SingleSignOn = Ok<'/api/v1/session/oidc'>;

export type Finding = Schema<'Finding'>;
export type Severity = Finding['severity'];
export type DeviceVerdict = Schema<'DeviceVerdict'>;
export type Verdict = DeviceVerdict['verdict'];
export type Findings = Ok<'/api/v1/compliance/findings'>;
export type Summary = Ok<'/api/v1/compliance/summary'>;
export type Today = Ok<'/api/v1/compliance/today'>;
export type VerdictCounts = Summary['devices']['byVerdict'];

export type Person = Schema<'Person'>;
export type Device = Schema<'Device'>;
export type DeviceDetail = Ok<'/api/v1/devices/{id}'>;
export type Posture = Schema<'PostureReport'>;
export type Inspection = Schema<'Inspection'>;
export type Rotation = DeviceDetail['rotations'][number];

export type Schedule = Ok<'/api/v1/schedule'>;
export type ScheduleItem = Schedule['items'][number];
export type Swap = Ok<'/api/v1/swaps'>[number];
/** The order a swap goes through them is src/core/lifecycle/swap.ts's. */
export type SwapState = Swap['state'];
export type Custody = Swap['custody']['old'];
export type Detection = Ok<'/api/v1/detections'>[number];
export type ScanJob = Ok<'/api/v1/scans/{id}'>;
export type Waiver = Ok<'/api/v1/waivers'>[number];
export type Incident = Ok<'/api/v1/incidents'>[number];
export type IncidentStep = Incident['steps'][number];

export type Protocol = Schema<'Protocol'>;
export type ProtocolSummary = Ok<'/api/v1/protocols'>[number];
export type ProtocolDetail = Ok<'/api/v1/protocols/{name}'>;
export type ProtocolComparison = Ok<'/api/v1/protocols/compare'>;
export type ProtocolProposal = Ok<'/api/v1/protocols/proposals'>[number];
export type ProtocolVersion = ProtocolDetail['version'];

export type AuditEvent = Schema<'AuditEvent'>;
export type AuditEventEntry = Ok<'/api/v1/audit/events/{seq}'>;
export type CheckpointView = Ok<'/api/v1/audit/checkpoint'>;
export type InclusionProof = Ok<'/api/v1/audit/proofs/inclusion'>;
