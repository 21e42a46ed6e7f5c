import type { Repositories } from '../../../services/kernel/ports.ts';
import { auditRepository } from './audit.repository.ts';
import { auditLogRepository } from './audit-log.repository.ts';
import { tokenRepository } from './auth.repository.ts';
import { connectorRepository } from './connector.repository.ts';
import { correctionRepository } from './correction.repository.ts';
import { dashboardRepository } from './dashboard.repository.ts';
import { fleetReader } from './fleet.repository.ts';
import { incidentRepository } from './incident.repository.ts';
import { releaseRepository } from './intel.repository.ts';
import { deviceRepository, peopleRepository } from './inventory.repository.ts';
import { inspectionRepository, rotationRepository } from './lifecycle.repository.ts';
import { findingStateRepository, recipientRepository } from './notify.repository.ts';
import { outboxRepository } from './outbox.repository.ts';
import { passkeyRepository } from './passkey.repository.ts';
import { postureRepository } from './posture.repository.ts';
import { assignmentRepository, protocolRepository } from './protocol.repository.ts';
import { pushRepository } from './push.repository.ts';
import { scanJobRepository } from './scan-job.repository.ts';
import { scanRecheckRepository } from './scan-recheck.repository.ts';
import { selfAttestationRepository } from './self-attestation.repository.ts';
import type { Tx } from './support.ts';
import {
  identityRepository,
  sessionRepository,
  signInFailureRepository,
  userRepository,
} from './user.repository.ts';
import { intelRepository } from './vulnerability.repository.ts';
import { refusalRepository, swapRepository, waiverRepository } from './workflow.repository.ts';
import { zoneRepository } from './zone.repository.ts';

/** Every repository, bound to one transaction; `jobsSchema` is the job queue's (adapters/jobs). */
export { sendRefills } from './dashboard.repository.ts';

export function createRepositories(tx: Tx, jobsSchema: string): Repositories {
  return {
    people: peopleRepository(tx),
    assignments: assignmentRepository(tx),
    devices: deviceRepository(tx),
    posture: postureRepository(tx),
    inspections: inspectionRepository(tx),
    rotations: rotationRepository(tx),
    releases: releaseRepository(tx),
    protocols: protocolRepository(tx),
    tokens: tokenRepository(tx),
    audit: auditRepository(tx),
    fleet: fleetReader(tx),
    outbox: outboxRepository(tx, jobsSchema),
    // -- workflows
    swaps: swapRepository(tx),
    refusals: refusalRepository(tx),
    waivers: waiverRepository(tx),
    corrections: correctionRepository(tx),
    // -- incidents, zones, acknowledgements
    incidents: incidentRepository(tx),
    zones: zoneRepository(tx),
    selfAttestations: selfAttestationRepository(tx),
    // -- notices
    recipients: recipientRepository(tx),
    findingStates: findingStateRepository(tx),
    // -- audit log
    auditLog: auditLogRepository(tx),
    // -- integrations
    intel: intelRepository(tx),
    connectors: connectorRepository(tx),
    pushes: pushRepository(tx),
    // -- dashboard auth
    users: userRepository(tx),
    sessions: sessionRepository(tx),
    signInFailures: signInFailureRepository(tx),
    passkeys: passkeyRepository(tx),
    // -- single sign-on
    identities: identityRepository(tx),
    // -- dashboard api
    dashboard: dashboardRepository(tx, jobsSchema),
    // -- scan jobs
    scanJobs: scanJobRepository(tx, jobsSchema),
    scanRechecks: scanRecheckRepository(tx),
  };
}
