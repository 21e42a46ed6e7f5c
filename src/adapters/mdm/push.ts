/**
 * Pushes: a protocol compiled for the connector's target (recorded as `protocol.compiled`),
 * sent by the connector's push (`<source>/push.ts`), and what the MDM took recorded by the
 * PushService (`enforcement_pushes`, `enforcement_device_moves`, `protocol.pushed`). The same path for `vigil mdm push`
 * and `POST /api/v1/connectors/{source}/push`. A withdrawal sends nothing and takes out every
 * object Vigil created there for a protocol that governs no one any more.
 */
import type { PullSettings } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import type { DeviceRole } from '../../core/model.ts';
import type { DeviceMoveRecord, PushRecord } from '../../services/enforcement/ports.ts';
import type { PushedAssignment, RetiredObject } from '../../services/enforcement/push.service.ts';
import type { Services } from '../../services/index.ts';
import { pullVariables } from './connector.ts';
import type { FetchOptions } from './http.ts';
import { PUSHED } from './registry.ts';

/** The pushes' settings and transport rule, as the serving process hands them to the API. */
export interface PushSettingsOf {
  readonly settings: PullSettings;
  readonly allowInsecureHttp: boolean;
}

export interface PushRequest {
  readonly source: string;
  readonly protocol: string;
  readonly role?: DeviceRole | undefined;
  /** Where the MDM serves the profile, for DDM's legacy configuration. */
  readonly profileUrl?: string | undefined;
  /**
   * Send nothing and take out of the MDM every object Vigil created there for the protocol (in
   * `role`, when given), as for superseded versions: for a protocol that governs no one now.
   */
  readonly withdraw?: boolean | undefined;
}

export interface PushResult {
  readonly source: string;
  readonly target: string;
  readonly protocol: string;
  readonly version: string;
  readonly notified: number;
  readonly artifacts: PushRecord[];
  readonly assignments: PushedAssignment[];
  /** Objects Vigil created for superseded versions: removed, found gone, or kept (and why). */
  readonly retired: RetiredObject[];
  /** Devices moved onto their role's policy (AMAPI), as recorded. */
  readonly moved: DeviceMoveRecord[];
  /** Whether this was a withdrawal (nothing sent, the protocol's objects taken out). */
  readonly withdrawn: boolean;
}

/** The platform whose devices a target's artifacts are for (the Intune push moves no device). */
const PLATFORM_OF = { 'apple-ddm': 'ios', 'apple-profile': 'ios', amapi: 'android', intune: 'ios' } as const;

/** The variables that turn on a connector's push, for messages. */
export function pushVariables(source: string): string[] {
  const c = PUSHED.find((p) => p.name === source);
  const env = c?.push.env ?? c?.pull?.env;
  return env === undefined ? [] : pullVariables({ env });
}

export async function pushProtocol(
  services: Pick<Services, 'protocols' | 'pushes'>,
  pushes: PullSettings,
  request: PushRequest,
  actor: string,
  opts: FetchOptions = {},
): Promise<PushResult> {
  const connector = PUSHED.find((c) => c.name === request.source);
  if (connector === undefined) {
    throw new VigilError(
      'CONNECTOR_NOT_FOUND',
      `"${request.source}" takes no push (pushed: ${PUSHED.map((p) => p.name).join(', ')})`,
    );
  }
  const settings = pushes[connector.name];
  if (settings === undefined) {
    throw new VigilError(
      'INTEL_SOURCE_UNCONFIGURED',
      `the ${connector.name} push is not configured (${pushVariables(connector.name).join(', ')})`,
    );
  }
  const { target } = connector.push;
  const withdrawn = request.withdraw === true;
  const compiled = withdrawn
    ? await withdrawal(services, connector.name, request.protocol)
    : await services.protocols.compileFor(
        request.protocol,
        { target, role: request.role, profileUrl: request.profileUrl },
        actor,
      );
  const owned = await services.pushes.owned(connector.name, compiled.protocol);
  const outcome = await connector.push.run(
    {
      protocol: compiled.protocol,
      artifacts: compiled.artifacts,
      enrollments: (role) =>
        services.pushes.enrollments(connector.name, compiled.protocol, role, PLATFORM_OF[target]),
      superseded: (current) => {
        const kept = new Set(current.map((c) => c.remoteId));
        return owned.filter(
          (o) => (request.role === undefined || o.role === request.role) && !kept.has(o.remoteId),
        );
      },
    },
    settings,
    opts,
  );
  const { artifacts, moved } = await services.pushes.record(
    {
      source: connector.name,
      target,
      protocol: compiled.protocol,
      version: compiled.version,
      artifacts: outcome.artifacts,
      notified: outcome.notified,
      assignments: outcome.assignments ?? [],
      retired: outcome.retired ?? [],
      moved: outcome.moved ?? [],
      withdrawn,
    },
    actor,
  );
  return {
    source: connector.name,
    target,
    protocol: compiled.protocol,
    version: compiled.version,
    notified: outcome.notified,
    artifacts,
    assignments: outcome.assignments ?? [],
    retired: outcome.retired ?? [],
    moved,
    withdrawn,
  };
}

/**
 * What a withdrawal sends (nothing) and the version it is recorded under (the one in force);
 * refused while the protocol governs anyone, whose phones would lose their configuration.
 */
async function withdrawal(
  services: Pick<Services, 'protocols' | 'pushes'>,
  source: string,
  protocol: string,
): Promise<{ protocol: string; version: string; artifacts: [] }> {
  const { version } = await services.protocols.show(protocol);
  const governed = await services.pushes.governed(version.name);
  if (governed.length > 0) {
    const some = governed.slice(0, 5).join(', ');
    throw new VigilError(
      'PROTOCOL_IN_USE',
      `${version.name} governs ${governed.length} ${governed.length === 1 ? 'person' : 'people'} (${some}${governed.length > 5 ? ', ...' : ''}): withdrawing it from ${source} would take their phones' configuration away`,
    );
  }
  return { protocol: version.name, version: version.version, artifacts: [] };
}
