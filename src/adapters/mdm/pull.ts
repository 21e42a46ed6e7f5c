/**
 * Scheduled pulls: feeds (SOFA, KEV, Android patch levels) and MDM inventories (Intune's Graph
 * pages via `@odata.nextLink`, Jamf Pro's `page`/`page-size`), each page ingested as one
 * delivery, so a pull interrupted half-way is simply resumed by the next (re-deliveries are
 * skipped).
 */
import type { IntegrationsConfig } from '../../config.ts';
import { VigilError } from '../../core/errors.ts';
import { INTEL_KINDS } from '../../core/intel/feeds.ts';
import type { IngestResult } from '../../services/connector.service.ts';
import type { Services } from '../../services/index.ts';
import type { IntelImportResult } from '../../services/intel.service.ts';
import { type FetchOptions, fetchText } from './http.ts';
import { ingestDelivery } from './index.ts';

/** Stops runaway pagination (a server that always answers with a next page). */
const MAX_PAGES = 10_000;
export const JAMF_PAGE_SIZE = 500;

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

export interface PullResult {
  readonly source: string;
  readonly pages: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly unmatched: number;
}

function add(total: PullResult, r: IngestResult): PullResult {
  return {
    source: total.source,
    pages: total.pages + 1,
    recorded: total.recorded + r.recorded,
    duplicates: total.duplicates + r.duplicates,
    unmatched: total.unmatched + r.unmatched,
  };
}

function auth(token: string | null, opts: FetchOptions): FetchOptions {
  return token === null ? opts : { ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } };
}

/** Intune: GET the managedDevices URL, then follow `@odata.nextLink` until there is none. */
export async function pullIntune(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
): Promise<PullResult> {
  let total: PullResult = { source: 'intune', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };
  let next: string | null = endpoint.url;
  while (next !== null && total.pages < MAX_PAGES) {
    const text = await fetchText(next, auth(endpoint.token, opts));
    total = add(total, await ingestDelivery(services, 'intune', Buffer.from(text), {}, actor));
    const link = (JSON.parse(text) as Record<string, unknown>)['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : null;
  }
  return total;
}

/** Jamf Pro: `?page=N&page-size=S` from 0 while pages are full and below `totalCount`. */
export async function pullJamf(
  services: ConnectorServices,
  endpoint: { url: string; token: string | null },
  actor: string,
  opts: FetchOptions = {},
  pageSize = JAMF_PAGE_SIZE,
): Promise<PullResult> {
  let total: PullResult = { source: 'jamf', pages: 0, recorded: 0, duplicates: 0, unmatched: 0 };
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = new URL(endpoint.url);
    url.searchParams.set('page', String(page));
    url.searchParams.set('page-size', String(pageSize));
    const text = await fetchText(url.toString(), auth(endpoint.token, opts));
    total = add(total, await ingestDelivery(services, 'jamf', Buffer.from(text), {}, actor));
    const body = JSON.parse(text) as { totalCount?: unknown; results?: unknown };
    const count = Array.isArray(body.results) ? body.results.length : 0;
    const totalCount = typeof body.totalCount === 'number' ? body.totalCount : null;
    if (count < pageSize || (totalCount !== null && (page + 1) * pageSize >= totalCount)) break;
  }
  return total;
}

/** Every configured MDM pull. */
export async function pullAll(
  services: ConnectorServices,
  pulls: IntegrationsConfig['pulls'],
  actor: string,
  opts: FetchOptions = {},
): Promise<PullResult[]> {
  const out: PullResult[] = [];
  if (pulls.intune !== null) out.push(await pullIntune(services, pulls.intune, actor, opts));
  if (pulls.jamf !== null) out.push(await pullJamf(services, pulls.jamf, actor, opts));
  return out;
}

interface Logger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs the feed update and the MDM pulls now and then every interval, in the serving process.
 * A failed run is logged and retried at the next interval; `stop` waits for a run in progress.
 */
export function startIntegrationLoops(
  services: IntelServices & ConnectorServices,
  config: IntegrationsConfig,
  logger: Logger,
): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  const loop = (name: string, intervalMs: number, run: () => Promise<unknown>) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const p = run()
        .then((result) => logger.info({ result }, `${name} done`))
        .catch((err: unknown) => logger.error({ err }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    tick();
    const t = setInterval(tick, intervalMs);
    t.unref();
    timers.push(t);
  };
  const { feeds, pulls } = config;
  if (feeds.sofa !== null || feeds.kev !== null || feeds.android !== null) {
    loop('intel update', config.intelIntervalMs, () => updateIntel(services, feeds, 'system:intel'));
  }
  if (pulls.intune !== null || pulls.jamf !== null) {
    loop('mdm pull', config.pullIntervalMs, () => pullAll(services, pulls, 'system:mdm-pull'));
  }
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
