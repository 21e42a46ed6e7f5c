/** The services bundle the adapters (HTTP, CLI) call. Each service lists only the ports it uses. */
import { AuditService } from './audit.service.ts';
import { ComplianceService } from './compliance.service.ts';
import { DemoService } from './demo/demo.service.ts';
import { ImportService } from './import.service.ts';
import { InventoryService } from './inventory.service.ts';
import type { Clock, IdSource, RandomSource, UnitOfWork } from './ports.ts';
import { PostureService } from './posture.service.ts';
import { ProtocolService } from './protocol.service.ts';
import { ReleaseService } from './release.service.ts';
import { TokenService } from './token.service.ts';

export interface ServiceDeps {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
}

export function createServices(deps: ServiceDeps) {
  return {
    inventory: new InventoryService(deps),
    posture: new PostureService(deps),
    protocols: new ProtocolService(deps),
    compliance: new ComplianceService(deps),
    tokens: new TokenService(deps),
    releases: new ReleaseService(deps),
    audit: new AuditService(deps),
    fleetImport: new ImportService(deps),
    demo: new DemoService(deps),
    // -- workflows
    // -- incidents, zones, acknowledgements
    // -- notices
    // -- audit log
  };
}

export type Services = ReturnType<typeof createServices>;
