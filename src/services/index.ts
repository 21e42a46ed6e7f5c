/** The services bundle the adapters (HTTP, CLI) call. Each service lists only the ports it uses. */

import { PasskeyService } from './access/passkey.service.ts';
import { TokenService } from './access/token.service.ts';
import { type AuthOptions, UserService } from './access/user.service.ts';
import { AuditService } from './audit/audit.service.ts';
import { AuditLogService, type AuditLogSettings } from './audit/audit-log.service.ts';
import { ComplianceService } from './compliance/compliance.service.ts';
import type { OffloadedFleet } from './compliance/ports.ts';
import { ReceiptService } from './compliance/receipt.service.ts';
import { ConnectorService } from './connectors/connector.service.ts';
import { CorrectionService } from './corrections/correction.service.ts';
import { DashboardService } from './dashboard/dashboard.service.ts';
import { DemoService } from './demo/demo.service.ts';
import { PushService } from './enforcement/push.service.ts';
import { ExportService } from './exports/export.service.ts';
import { ImportService } from './import/import.service.ts';
import { IncidentService } from './incidents/incident.service.ts';
import { IntelService } from './intel/intel.service.ts';
import { InventoryService } from './inventory/inventory.service.ts';
import type { Clock, FactAnnouncements, IdSource, RandomSource, UnitOfWork } from './kernel/ports.ts';
import { type NoticeOptions, NoticeService } from './notices/notice.service.ts';
import { NoticePlanner, type PlannerOptions } from './notices/notice-planner.service.ts';
import { PostureService } from './posture/posture.service.ts';
import { ProtocolService } from './protocols/protocol.service.ts';
import { RefusalService } from './refusals/refusal.service.ts';
import { ReleaseService } from './releases/release.service.ts';
import { ScanService } from './scans/scan.service.ts';
import { ScanJobService, type ScanJobSettings } from './scans/scan-job.service.ts';
import { ScanRecheckService } from './scans/scan-recheck.service.ts';
import { ScheduleService } from './schedule/schedule.service.ts';
import { SelfService } from './self-service/self-service.service.ts';
import { SwapService } from './swaps/swap.service.ts';
import { WaiverService } from './waivers/waiver.service.ts';
import { ZoneService } from './zones/zone.service.ts';

export interface ServiceDeps {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
  /** The database's announcements of committed changes, which keep the evaluation cache current. */
  readonly announcements?: FactAnnouncements;
  /** The fleet "now" evaluated off the serving thread (absent: in process). */
  readonly offloaded?: OffloadedFleet;
  /** Notice delivery channels and retry policy (none: notices queue up undelivered). */
  readonly notices?: NoticeOptions;
  /** Reminder, escalation and waiver-warning delays (defaults: P7D, P2D, P7D). */
  readonly planner?: PlannerOptions;
  /** Devices read per page by the schedule and the planner's reminders (default SCHEDULE_PAGE). */
  readonly schedulePage?: number;
  /** The audit log's signing key and origin (src/runtime.ts); tests may omit it (throwaway key). */
  readonly auditLog?: AuditLogSettings;
  // -- dashboard auth
  /** Password hasher (argon2id), session lifetimes and sign-in limits; without a hasher there are no users. */
  readonly auth?: AuthOptions;
  // -- scan jobs
  /** The evidence folder and worker lease (none: POST /scans is refused with SCAN_NOT_CONFIGURED). */
  readonly scanJobs?: ScanJobSettings;
}

export function createServices(deps: ServiceDeps) {
  const auditLog = new AuditLogService(deps);
  const receipts = new ReceiptService({ ...deps, auditLog });
  const users = new UserService(deps);
  const compliance = new ComplianceService(deps);
  return {
    inventory: new InventoryService(deps),
    posture: new PostureService(deps),
    protocols: new ProtocolService(deps),
    compliance,
    tokens: new TokenService(deps),
    releases: new ReleaseService(deps),
    audit: new AuditService(deps),
    fleetImport: new ImportService(deps),
    demo: new DemoService(deps, deps.auth?.passwords === undefined ? null : users),
    // -- workflows
    swaps: new SwapService(deps),
    refusals: new RefusalService(deps),
    waivers: new WaiverService(deps),
    corrections: new CorrectionService(deps),
    schedule: new ScheduleService(deps),
    // -- incidents, zones, acknowledgements
    incidents: new IncidentService(deps),
    zones: new ZoneService(deps),
    // -- self-service (a governed person's own page and acts)
    selfService: new SelfService({ ...deps, compliance }),
    // -- notices
    notices: new NoticeService(deps),
    noticePlanner: new NoticePlanner(deps),
    // -- audit log
    auditLog,
    // -- compliance receipts (they sign with the audit log)
    receipts,
    // -- integrations
    intel: new IntelService(deps),
    connectors: new ConnectorService(deps),
    pushes: new PushService(deps),
    // -- forensics
    scans: new ScanService(deps),
    // -- exports
    exports: new ExportService({ ...deps, receipts }),
    // -- dashboard auth
    users,
    passkeys: new PasskeyService(deps),
    // -- dashboard api
    dashboard: new DashboardService(deps),
    // -- scan jobs
    scanJobs: new ScanJobService(deps),
    scanRechecks: new ScanRecheckService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
