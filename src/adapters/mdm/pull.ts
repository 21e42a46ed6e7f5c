/**
 * Scheduled pulls: feeds (SOFA, KEV, Android patch levels) and MDM inventories. Each connector
 * with a pull pages its own API (`<source>/pull.ts`); `pull` and `pullAll` run them over the
 * registry, each page ingested as one delivery, so a pull interrupted half-way is simply
 * resumed by the next (re-deliveries are skipped).
 */
import type { IntegrationsConfig, PullSettings } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import { INTEL_KINDS } from '../../core/intel/feeds.ts';
import type { Services } from '../../services/index.ts';
import type { IntelImportResult } from '../../services/intel/intel.service.ts';
import {
  type Connector,
  type Ingest,
  type PullOptions,
  type PullResult,
  requiredVariables,
} from './connector.ts';
import { type FetchOptions, fetchText } from './http.ts';
import { ingestDelivery } from './index.ts';
import { PULLED } from './registry.ts';

type IntelServices = Pick<Services, 'intel'>;
type ConnectorServices = Pick<Services, 'connectors'>;

/** Imports every configured feed; INTEL_SOURCE_UNCONFIGURED when none is. */
export async function updateIntel(
  services: IntelServices,
  feeds: IntegrationsConfig['feeds'],
  actor: string,
  opts: FetchOptions = {},
): Promise<IntelImportResult[]> {
  const results: IntelImportResult[] = [];
  for (const kind of INTEL_KINDS) {
    const url = feeds[kind];
    if (url === null) continue;
    results.push(await services.intel.import(kind, await fetchText(url, opts), url, actor));
  }
  if (results.length === 0) {
    throw new VigilError(
      'INTEL_SOURCE_UNCONFIGURED',
      'no feed URL is configured (VIGIL_SOFA_URL, VIGIL_KEV_URL, VIGIL_ANDROID_PATCH_URL)',
    );
  }
  return results;
}

/** Pulls one connector with its settings, each page ingested as one delivery of its source. */
export async function pull<C>(
  services: ConnectorServices,
  connector: Connector<string, C, unknown>,
  config: C,
  actor: string,
  opts: PullOptions = {},
): Promise<PullResult> {
  if (connector.pull === undefined) {
    throw new VigilError('CONNECTOR_NOT_FOUND', `The ${connector.name} connector has no pull.`);
  }
  const ingest: Ingest = (body) => ingestDelivery(services, connector.name, body, {}, actor);
  return { source: connector.name, ...(await connector.pull.run(ingest, config, opts)) };
}

/**
 * Every configured pull, in registry order, or only those of `sources`. A named source that
 * has no pull, or whose pull is not configured, is refused before anything is fetched.
 */
export async function pullAll(
  services: ConnectorServices,
  pulls: PullSettings,
  actor: string,
  opts: PullOptions = {},
  sources?: readonly string[],
): Promise<PullResult[]> {
  const chosen = PULLED.filter((c) => sources === undefined || sources.includes(c.name));
  for (const name of sources ?? []) {
    const c = PULLED.find((p) => p.name === name);
    if (c === undefined) {
      throw new VigilError(
        'CLI_USAGE',
        `"${name}" has no pull (pulled: ${PULLED.map((p) => p.name).join(', ')})`,
      );
    }
    if (pulls[c.name] === undefined) {
      throw new VigilError(
        'INTEL_SOURCE_UNCONFIGURED',
        `the ${name} pull is not configured (${requiredVariables(c.pull).join(', ')})`,
      );
    }
  }
  const out: PullResult[] = [];
  for (const c of chosen) {
    const config = pulls[c.name];
    if (config !== undefined) out.push(await pull(services, c, config, actor, opts));
  }
  return out;
}

/** Whether any MDM pull is configured. */
function anyPull(pulls: PullSettings): boolean {
  return Object.values(pulls).some((p) => p !== undefined);
}

/** Runs `run` now and then every `intervalMs`; the job queue's `every` is one. */
export type Schedule = (name: string, intervalMs: number, run: () => Promise<unknown>) => Promise<unknown>;

/**
 * Schedules the feed update (`intel-update`) and the MDM pulls (`mdm-pull`) that are
 * configured, each on its interval. A pull interrupted half-way is resumed by the next run.
 */
export async function scheduleIntegrations(
  services: IntelServices & ConnectorServices,
  config: IntegrationsConfig,
  schedule: Schedule,
): Promise<void> {
  const { feeds, pulls } = config;
  const opts = { allowInsecureHttp: config.allowInsecureHttp };
  if (feeds.sofa !== null || feeds.kev !== null || feeds.android !== null) {
    await schedule('intel-update', config.intelIntervalMs, () =>
      updateIntel(services, feeds, 'system:intel', opts),
    );
  }
  if (anyPull(pulls)) {
    await schedule('mdm-pull', config.pullIntervalMs, () =>
      pullAll(services, pulls, 'system:mdm-pull', opts),
    );
  }
}

/** True when a feed or a pull is configured, so there is scheduled work. */
export function anyIntegration(config: IntegrationsConfig): boolean {
  const { feeds, pulls } = config;
  return feeds.sofa !== null || feeds.kev !== null || feeds.android !== null || anyPull(pulls);
}
